// versitygw started through its profile (fixtures/targets/versitygw.yaml): a PutObject/GetObject
// case through the real engine passes over TLS, the second user is a separate owner, and stop()
// leaves no process and no temporary directory (describeLauncher).
import { expect } from 'vitest';
import { defaultVersitygwBinary } from '../../src/targets/versitygw.ts';
import { verdictOn } from '../support/cases.ts';
import { describeLauncher, executableMissing, expectPass, secondUserRefused } from '../support/launched.ts';

describeLauncher(
  {
    name: 'versitygw',
    unavailable: await executableMissing(defaultVersitygwBinary(), 'install-versitygw.sh'),
    shows: 'serves PutObject/GetObject over TLS, has a second owner',
    timeout: 120_000,
  },
  async ({ target }) => {
    expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.version).toMatch(/^versitygw v\d+\.\d+\.\d+/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'versioning', 'second-account', 'account-id']));
    expect(target.accountId).toBe(target.credentials.accessKeyId);
    expect(target.secondAccountId).toBe(target.secondCredentials?.accessKeyId);

    // The second user is another owner: the first user's bucket is not its own.
    expectPass(await verdictOn(target, secondUserRefused('versitygw')));
  },
);
