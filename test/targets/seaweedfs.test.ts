// SeaweedFS started through its profile (fixtures/targets/seaweedfs.yaml): a PutObject/GetObject
// case through the real engine passes on the HTTPS endpoint and on the plain-HTTP alternate,
// the second identity is accepted, every listener is on 127.0.0.1, and stop() leaves no process,
// no temporary directory and none of the gRPC sockets weed puts in /tmp. Under CI a SeaweedFS that
// cannot start fails the test; elsewhere the test is skipped with the reason.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readProfile } from '../../src/targets/resolve.ts';
import { defaultWeedBinary } from '../../src/targets/seaweedfs.ts';
import { startTarget } from '../../src/targets/start.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import {
  executableMissing,
  expectNothingLeftIn,
  expectPass,
  listeningAddresses,
  processesNaming,
  putGetCase,
  tempDirsStartingWith,
} from '../support/launched.ts';

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'seaweedfs.yaml'));

const reason = await executableMissing(defaultWeedBinary(), 'install-seaweedfs.sh');

const tempDirs = () => tempDirsStartingWith('s3c-seaweedfs-');

describe('seaweedfs launcher', () => {
  test('starts from its profile on loopback only, serves PutObject/GetObject over HTTPS and HTTP, and stops leaving nothing behind', {
    timeout: 180_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`SeaweedFS is unavailable here: ${reason}`);
    const socketsBefore = new Set((await readdir('/tmp')).filter((name) => /^seaweedfs-.*\.sock$/.test(name)));
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`seaweedfs: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      const pids = await processesNaming(dirs[0]!);
      expect(pids).toHaveLength(1);
      // Every listener on 127.0.0.1 (0100007F in /proc/net/tcp), none on 0.0.0.0 or ::.
      const listeners = await listeningAddresses(pids[0]!.pid);
      expect(listeners.length).toBeGreaterThanOrEqual(9);
      for (const address of listeners) expect(address).toMatch(/^0100007F:/);

      expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(target.alternateEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(target.ca).toContain('BEGIN CERTIFICATE');
      expect(target.version).toMatch(/^seaweedfs \d+\.\d+ [0-9a-f]{12}$/);
      expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'plain-http', 'versioning', 'second-account', 'account-id']));

      for (const [scheme, verdictTarget] of [
        ['https', target],
        ['http', { ...target, endpoint: target.alternateEndpoint!, alternateEndpoint: target.endpoint }],
      ] as const) {
        const verdict = await verdictOn(verdictTarget, putGetCase('seaweedfs', `hello over ${scheme}`));
        expectPass(verdict);
      }

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
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
    const socketsAfter = (await readdir('/tmp')).filter((name) => /^seaweedfs-.*\.sock$/.test(name) && !socketsBefore.has(name));
    expect(socketsAfter).toEqual([]);
  });
});
