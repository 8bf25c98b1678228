// LocalStack started on the host (no Docker) through its profile (fixtures/targets/localstack.yaml):
// a PutObject/GetObject case through the real engine passes over https and over plain http on the
// same port, the second account does not see the first account's bucket, and stop() leaves no
// process and no temporary directory (describeLauncher).
import { expect } from 'vitest';
import { defaultLocalstackPython } from '../../src/targets/localstack.ts';
import { verdictOn } from '../support/cases.ts';
import { describeLauncher, executableMissing, expectPass, expectSeparateAccounts, putGetCase } from '../support/launched.ts';

describeLauncher(
  {
    name: 'localstack',
    // Under CI scripts/setup-tests.sh has installed the venv; a missing one fails the test.
    unavailable: await executableMissing(defaultLocalstackPython(), 'install-localstack.sh'),
    shows: 'runs on the host, serves S3 over https and http, has a second account',
    timeout: 900_000,
  },
  async ({ target }) => {
    expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(target.alternateEndpoint).toBe(target.endpoint.replace('https:', 'http:'));
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.version).toMatch(/^localstack-core \d+\.\d+\.\d+/);
    expect(target.capabilities).toEqual(
      expect.arrayContaining(['tls', 'plain-http', 'sse-c', 'versioning', 'second-account', 'account-id']),
    );
    // A 12-digit access key id is the account id in LocalStack.
    expect(target.accountId).toBe(target.credentials.accessKeyId);
    expect(target.accountId).toMatch(/^\d{12}$/);
    expect(target.secondAccountId).toBe(target.secondCredentials?.accessKeyId);
    expect(target.secondAccountId).not.toBe(target.accountId);

    // The same port also serves plain HTTP.
    expectPass(await verdictOn(target, putGetCase('localstack', 'hello over http', 'http')));
    await expectSeparateAccounts(target, 'localstack');
  },
);
