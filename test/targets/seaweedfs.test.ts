// SeaweedFS started through its profile (fixtures/targets/seaweedfs.yaml): a PutObject/GetObject
// case through the real engine passes on the HTTPS endpoint and on the plain-HTTP alternate, the
// second identity is accepted, and stop() leaves no process, no temporary directory
// (describeLauncher) and none of the gRPC sockets weed puts in /tmp.
import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';
import { defaultWeedBinary } from '../../src/targets/seaweedfs.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import { describeLauncher, executableMissing, expectPass, putGetCase } from '../support/launched.ts';

const weedSockets = async () => (await readdir('/tmp')).filter((name) => /^seaweedfs-.*\.sock$/.test(name));

describeLauncher(
  {
    name: 'seaweedfs',
    unavailable: await executableMissing(defaultWeedBinary(), 'install-seaweedfs.sh'),
    shows: 'serves PutObject/GetObject over HTTPS and HTTP, accepts its second identity',
    timeout: 180_000,
    outsideItsDirectory: weedSockets,
  },
  async ({ target, processes }) => {
    expect(processes).toHaveLength(1);
    expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.alternateEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.version).toMatch(/^seaweedfs \d+\.\d+ [0-9a-f]{12}$/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'plain-http', 'versioning', 'second-account', 'account-id']));

    expectPass(await verdictOn(target, putGetCase('seaweedfs', 'hello over http', 'http')));

    // The second identity's credentials are accepted.
    const second = await verdictOn(
      target,
      caseFromYaml(`
- id: selftest.seaweedfs.second-identity
  title: the second identity can sign requests
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html]
  requires: [second-account]
  when: { op: ListObjectsV2, credentials: second }
  then: { status: 200 }
`),
    );
    expectPass(second);
  },
);
