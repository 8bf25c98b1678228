// LocalStack started on the host (no Docker) through its profile (fixtures/targets/localstack.yaml):
// a PutObject/GetObject case through the real engine passes over https and over plain http on the
// same port, the second account does not see the first account's bucket, and stop() leaves no
// process and no temporary directory. Under CI a LocalStack that cannot start fails the test;
// elsewhere the test is skipped with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultLocalstackPython } from '../../src/targets/localstack.ts';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import {
  executableMissing,
  expectNothingLeftIn,
  expectPass,
  expectSeparateAccounts,
  processesNaming,
  tempDirsStartingWith,
} from '../support/launched.ts';

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'localstack.yaml'));

const reason = await executableMissing(defaultLocalstackPython(), 'install-localstack.sh');

const tempDirs = () => tempDirsStartingWith('s3c-localstack-');

describe('LocalStack launcher', () => {
  test('starts on the host from its profile, serves S3 over https and http, and stops leaving nothing behind', {
    timeout: 900_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`LocalStack is unavailable here: ${reason}`);
    // Under CI scripts/setup-tests.sh has installed the venv; a missing one fails the test.
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`localstack: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      expect(await processesNaming(dirs[0]!)).not.toEqual([]);
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

      for (const scheme of ['https', 'http']) {
        const verdict = await verdictOn(
          target,
          caseFromYaml(`
- id: selftest.localstack.put-get-${scheme}
  title: an object written is read back over ${scheme}
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, scheme: ${scheme}, key: hello, body: hello localstack }
  when: { op: GetObject, scheme: ${scheme}, key: hello }
  then:
    status: 200
    body: hello localstack
`),
        );
        expectPass(verdict);
      }

      await expectSeparateAccounts(target, 'localstack');
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
