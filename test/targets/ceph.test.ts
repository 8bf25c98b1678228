// Ceph RGW started through its profile (fixtures/targets/ceph.yaml): a PutObject/GetObject case
// through the real engine passes over TLS, SSE-C is refused over the plain port, the second user
// is a separate owner, and stop() leaves no ceph process and no temporary directory. Under CI a
// cluster that cannot start fails the test (scripts/setup-tests.sh installs Debian's packages
// first); elsewhere the test is skipped with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { missingCephBinaries } from '../../src/targets/ceph.ts';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import { expectNothingLeftIn, expectPass, processesNaming, secondUserRefused, tempDirsStartingWith } from '../support/launched.ts';

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'ceph.yaml'));

const missing = await missingCephBinaries();
const reason = missing.length === 0 ? null : `ceph is not installed (missing ${missing.join(', ')}; scripts/install-ceph.sh installs it)`;

const tempDirs = () => tempDirsStartingWith('s3c-ceph-');

describe('ceph launcher', () => {
  test('starts from its profile, serves PutObject/GetObject over TLS, and stops leaving nothing behind', {
    timeout: 240_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`Ceph RGW is unavailable here: ${reason}`);
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      expect(dirs).toHaveLength(1);
      const daemons = await processesNaming(dirs[0]!);
      const rssMb = Math.round(daemons.reduce((sum, p) => sum + p.rssKb, 0) / 1024);
      console.log(
        `ceph: started in ${target.startMs} ms (${target.version}); ${daemons.map((p) => p.command).join(', ')}: ${rssMb} MB RSS`,
      );
      expect(daemons.map((p) => p.command).sort()).toEqual(['ceph-mon', 'ceph-osd', 'radosgw']);
      expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(target.alternateEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(target.ca).toContain('BEGIN CERTIFICATE');
      expect(target.version).toMatch(/^ceph 16\.2\.\d+ pacific/);
      expect(target.capabilities).toEqual(
        expect.arrayContaining(['tls', 'plain-http', 'sse-c', 'versioning', 'multipart', 'second-account', 'account-id']),
      );
      expect(target.accountId).toMatch(/^\d{12}$/);
      expect(target.secondAccountId).toMatch(/^\d{12}$/);
      expect(target.secondAccountId).not.toBe(target.accountId);

      const verdict = await verdictOn(
        target,
        caseFromYaml(`
- id: selftest.ceph.put-get
  title: an object written is read back
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, key: hello, body: hello ceph }
  when: { op: GetObject, key: hello }
  then:
    status: 200
    body: hello ceph
`),
      );
      expectPass(verdict);

      // RGW keeps its default `rgw crypt require ssl`: SSE-C works over TLS, not over plain HTTP.
      const ssec = await verdictOn(
        target,
        caseFromYaml(`
- id: selftest.ceph.sse-c
  title: SSE-C works over TLS and is refused over plain HTTP
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html]
  requires: [sse-c, plain-http]
  given:
    - op: PutObject
      key: secret
      body: sealed
      scheme: https
      headers:
        x-amz-server-side-encryption-customer-algorithm: AES256
        x-amz-server-side-encryption-customer-key: "\${ssecKeyA}"
        x-amz-server-side-encryption-customer-key-MD5: "\${ssecKeyMd5A}"
  when:
    op: GetObject
    key: secret
    scheme: http
    headers:
      x-amz-server-side-encryption-customer-algorithm: AES256
      x-amz-server-side-encryption-customer-key: "\${ssecKeyA}"
      x-amz-server-side-encryption-customer-key-MD5: "\${ssecKeyMd5A}"
  then: { status: 400 }
`),
      );
      expectPass(ssec);

      // The second user is another owner: the first user's bucket is not its own.
      const foreign = await verdictOn(target, secondUserRefused('ceph'));
      expectPass(foreign);
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
