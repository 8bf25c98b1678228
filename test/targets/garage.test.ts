// Garage started through its profile (fixtures/targets/garage.yaml): a one-node cluster whose
// layout the launcher applied serves a PutObject/GetObject case through the real engine, signed
// for Garage's region, path-style and virtual-hosted (the bucket in the Host name); every
// listener (S3, RPC, admin) is on 127.0.0.1, the second key is another account (its bucket list
// does not hold the first key's bucket), and stop() leaves no process and no temporary
// directory. Under CI a Garage that cannot start fails the test; elsewhere the test is skipped
// with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultGarageBinary, GARAGE_REGION } from '../../src/targets/garage.ts';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import { verdictOn } from '../support/cases.ts';
import {
  executableMissing,
  expectNothingLeftIn,
  expectPass,
  expectSeparateAccounts,
  listeningAddresses,
  processesNaming,
  putGetCase,
  tempDirsStartingWith,
} from '../support/launched.ts';

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 'garage.yaml'));

const reason = await executableMissing(defaultGarageBinary(), 'install-garage.sh');

const tempDirs = () => tempDirsStartingWith('s3c-garage-');

describe('garage launcher', () => {
  test('starts a one-node cluster from its profile on loopback only, serves PutObject/GetObject path-style and virtual-hosted, and stops leaving nothing behind', {
    timeout: 180_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`Garage is unavailable here: ${reason}`);
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`garage: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      const processes = await processesNaming(dirs[0]!);
      expect(processes).toHaveLength(1);
      // S3, RPC and admin listeners, each on 127.0.0.1 (0100007F in /proc/net/tcp).
      const listeners = await listeningAddresses(processes[0]!.pid);
      expect(listeners).toHaveLength(3);
      for (const address of listeners) expect(address).toMatch(/^0100007F:/);

      expect(target.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(target.region).toBe(GARAGE_REGION);
      expect(target.version).toMatch(/^garage \d+\.\d+\.\d+/);
      expect(target.capabilities).toEqual(expect.arrayContaining(['plain-http', 'multipart', 'second-account']));
      expect(target.capabilities).not.toContain('tls');
      expect(target.secondCredentials?.accessKeyId).not.toBe(target.credentials.accessKeyId);

      expectPass(await verdictOn(target, putGetCase('garage', 'hello garage')));
      // Host: <bucket>.s3.localhost:<port>, connected to the endpoint's address: Garage's root_domain.
      const virtualHosted = { ...putGetCase('garage-virtual-hosted', 'hello bucket host'), dialect: 'virtual-hosted' };
      expectPass(await verdictOn(target, virtualHosted));
      await expectSeparateAccounts(target, 'garage');
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
