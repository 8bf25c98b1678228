// moto started through its profile (fixtures/targets/moto.yaml): a PutObject/GetObject case
// through the real engine passes over TLS, the second account is another account id with STS
// credentials, and stop() leaves no process and no temporary directory (describeLauncher).
import { expect } from 'vitest';
import { defaultMotoServer, MOTO_DEFAULT_ACCOUNT_ID } from '../../src/targets/moto.ts';
import { describeLauncher, executableMissing, expectSeparateAccounts } from '../support/launched.ts';

describeLauncher(
  {
    name: 'moto',
    // Under CI scripts/setup-tests.sh has installed the venv; a missing one fails the test.
    unavailable: await executableMissing(defaultMotoServer(), 'install-moto.sh'),
    shows: 'serves PutObject/GetObject over TLS, has a second account',
    timeout: 600_000,
  },
  async ({ target }) => {
    expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.version).toMatch(/^moto \d+\.\d+\.\d+/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'versioning', 'second-account', 'account-id']));
    expect(target.accountId).toBe(MOTO_DEFAULT_ACCOUNT_ID);
    expect(target.secondAccountId).toMatch(/^\d{12}$/);
    expect(target.secondAccountId).not.toBe(target.accountId);
    // STS temporary credentials: an ASIA key id with a session token.
    expect(target.secondCredentials?.accessKeyId).toMatch(/^ASIA/);
    expect(target.secondCredentials?.sessionToken).toBeTruthy();

    await expectSeparateAccounts(target, 'moto');
  },
);
