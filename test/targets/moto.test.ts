// moto started through its profile (fixtures/targets/moto.yaml): a PutObject/GetObject case
// through the real engine passes over TLS, the second account is another account id with STS
// credentials, and stop() leaves no process and no temporary directory. Under CI a moto that
// cannot start fails the test; elsewhere the test is skipped with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultMotoServer, MOTO_DEFAULT_ACCOUNT_ID } from '../../src/targets/moto.ts';
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

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'moto.yaml'));

const reason = await executableMissing(defaultMotoServer(), 'install-moto.sh');

const tempDirs = () => tempDirsStartingWith('s3c-moto-');

describe('moto launcher', () => {
  test('starts from its profile, serves PutObject/GetObject over TLS, and stops leaving nothing behind', {
    timeout: 600_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`moto is unavailable here: ${reason}`);
    // Under CI scripts/setup-tests.sh has installed the venv; a missing one fails the test.
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`moto: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      expect(await processesNaming(dirs[0]!)).not.toEqual([]);
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

      const verdict = await verdictOn(
        target,
        caseFromYaml(`
- id: selftest.moto.put-get
  title: an object written is read back
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, key: hello, body: hello moto }
  when: { op: GetObject, key: hello }
  then:
    status: 200
    body: hello moto
`),
      );
      expectPass(verdict);

      await expectSeparateAccounts(target, 'moto');
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
