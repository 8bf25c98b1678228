// Ceph RGW started through its profile (fixtures/targets/ceph.yaml): a PutObject/GetObject case
// through the real engine passes over TLS, SSE-C is refused over the plain port, the second user
// is a separate owner, and stop() leaves no ceph process and no temporary directory
// (describeLauncher). Under CI a cluster that cannot start fails the test (scripts/setup-tests.sh
// installs Debian's packages first).
import { expect } from 'vitest';
import { missingCephBinaries } from '../../src/targets/ceph.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import { describeLauncher, expectPass, secondUserRefused } from '../support/launched.ts';

const missing = await missingCephBinaries();

describeLauncher(
  {
    name: 'ceph',
    unavailable: missing.length === 0 ? null : `ceph is not installed (missing ${missing.join(', ')}; scripts/install-ceph.sh installs it)`,
    shows: 'runs a monitor, an OSD and radosgw, serves PutObject/GetObject over TLS, refuses SSE-C over plain HTTP',
    timeout: 240_000,
  },
  async ({ target, processes }) => {
    expect(processes.map((p) => p.command).sort()).toEqual(['ceph-mon', 'ceph-osd', 'radosgw']);
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
  },
);
