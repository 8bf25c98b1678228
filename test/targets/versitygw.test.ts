// versitygw started through its profile (fixtures/targets/versitygw.yaml): a PutObject/GetObject
// case through the real engine passes over TLS, the second user is a separate owner, and stop()
// leaves no process and no temporary directory. Under CI a versitygw that cannot start fails the
// test; elsewhere the test is skipped with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import { defaultVersitygwBinary } from '../../src/targets/versitygw.ts';
import { caseFromYaml, verdictOn } from '../support/cases.ts';
import {
  executableMissing,
  expectNothingLeftIn,
  expectPass,
  processesNaming,
  secondUserRefused,
  tempDirsStartingWith,
} from '../support/launched.ts';

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'versitygw.yaml'));

const reason = await executableMissing(defaultVersitygwBinary(), 'install-versitygw.sh');

const tempDirs = () => tempDirsStartingWith('s3c-versitygw-');

describe('versitygw launcher', () => {
  test('starts from its profile, serves PutObject/GetObject over TLS, and stops leaving nothing behind', {
    timeout: 120_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`versitygw is unavailable here: ${reason}`);
    // Under CI a missing binary is built by the launcher (or fails the test).
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`versitygw: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      expect(await processesNaming(dirs[0]!)).not.toEqual([]);
      expect(target.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(target.ca).toContain('BEGIN CERTIFICATE');
      expect(target.version).toMatch(/^versitygw v\d+\.\d+\.\d+/);
      expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'versioning', 'second-account', 'account-id']));
      expect(target.accountId).toBe(target.credentials.accessKeyId);
      expect(target.secondAccountId).toBe(target.secondCredentials?.accessKeyId);

      const verdict = await verdictOn(
        target,
        caseFromYaml(`
- id: selftest.versitygw.put-get
  title: an object written is read back
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, key: hello, body: hello versitygw }
  when: { op: GetObject, key: hello }
  then:
    status: 200
    body: hello versitygw
`),
      );
      expectPass(verdict);

      // The second user is another owner: the first user's bucket is not its own.
      const foreign = await verdictOn(target, secondUserRefused('versitygw'));
      expectPass(foreign);
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
