// RustFS started through its profile (fixtures/targets/rustfs.yaml): a PutObject/GetObject case
// through the real engine passes over HTTPS, the web console (which would listen on every
// interface) is off, the second user is accepted and, being a user of the same deployment with
// the readwrite policy, sees the main user's bucket, and stop() leaves no process and no temporary
// directory (describeLauncher).
import { expect } from 'vitest';
import { defaultRustfsBinary, RUSTFS_REGION } from '../../src/targets/rustfs.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import { describeLauncher, executableMissing, expectPass } from '../support/launched.ts';

/** The second user lists the buckets of the deployment, the case's own (made by the main user) among them. */
const secondUserSeesTheBucket = caseFromYaml(`
- id: selftest.rustfs.second-user-lists
  title: the second user, a readwrite user of the same deployment, lists the main user's bucket
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html]
  requires: [second-account]
  when: { op: ListBuckets, credentials: second }
  then:
    status: 200
    xml: { ListAllMyBucketsResult.Buckets.Bucket: { count: 1 } }
`);

describeLauncher(
  {
    name: 'rustfs',
    unavailable: await executableMissing(defaultRustfsBinary(), 'install-rustfs.sh'),
    shows: 'serves PutObject/GetObject over TLS, has a second user',
    timeout: 180_000,
  },
  async ({ target, processes }) => {
    expect(processes).toHaveLength(1);
    expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.region).toBe(RUSTFS_REGION);
    expect(target.version).toMatch(/^rustfs \d+\.\d+\.\d+/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'multipart', 'second-account']));
    expect(target.secondCredentials?.accessKeyId).not.toBe(target.credentials.accessKeyId);

    expectPass(await verdictOn(target, secondUserSeesTheBucket));
  },
);
