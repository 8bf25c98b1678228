// S3Proxy started through its profile (fixtures/targets/s3proxy.yaml): a PutObject/GetObject case
// through the real engine passes on the HTTPS endpoint and on the plain-HTTP alternate, and in the
// virtual-hosted dialect (the bucket in the Host name); both listeners are on 127.0.0.1, the
// second identity is another account (its bucket list does not hold the first one's bucket), and
// stop() leaves no process and no temporary directory. Under CI an S3Proxy that cannot start
// fails the test; elsewhere the test is skipped with the reason.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readProfile } from '../../src/targets/resolve.ts';
import { defaultS3proxyBinary } from '../../src/targets/s3proxy.ts';
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

const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', 's3proxy.yaml'));

const reason = await executableMissing(defaultS3proxyBinary(), 'install-s3proxy.sh');

const tempDirs = () => tempDirsStartingWith('s3c-s3proxy-');

describe('s3proxy launcher', () => {
  test('starts from its profile on loopback only, serves PutObject/GetObject over HTTPS and HTTP, path-style and virtual-hosted, and stops leaving nothing behind', {
    timeout: 180_000,
  }, async (context) => {
    if (reason !== null && !process.env.CI) context.skip(`S3Proxy is unavailable here: ${reason}`);
    const before = new Set(await tempDirs());
    const running = await startTarget(profile);
    const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
    try {
      const { target } = running;
      console.log(`s3proxy: started in ${target.startMs} ms (${target.version})`);
      expect(dirs).toHaveLength(1);
      const processes = await processesNaming(dirs[0]!);
      expect(processes).toHaveLength(1);
      // Both listeners on 127.0.0.1: 0100007F in /proc/net/tcp, or its IPv4-mapped form in
      // /proc/net/tcp6 (where a JVM's sockets are listed); none on a wildcard address.
      const listeners = await listeningAddresses(processes[0]!.pid);
      expect(listeners).toHaveLength(2);
      for (const address of listeners) expect(address).toMatch(/^(0000000000000000FFFF0000)?0100007F:/);

      expect(target.endpoint).toMatch(/^https:\/\/s3\.localhost:\d+$/);
      expect(target.alternateEndpoint).toMatch(/^http:\/\/s3\.localhost:\d+$/);
      expect(target.ca).toContain('BEGIN CERTIFICATE');
      expect(target.version).toMatch(/^s3proxy \d+\.\d+\.\d+$/);
      expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'plain-http', 'multipart', 'second-account']));
      expect(target.capabilities).not.toContain('versioning');

      for (const [scheme, verdictTarget] of [
        ['https', target],
        ['http', { ...target, endpoint: target.alternateEndpoint!, alternateEndpoint: target.endpoint }],
      ] as const) {
        expectPass(await verdictOn(verdictTarget, putGetCase('s3proxy', `hello over ${scheme}`)));
      }
      // Host: <bucket>.s3.localhost:<port>: S3Proxy's s3proxy.virtual-host.
      const virtualHosted = { ...putGetCase('s3proxy-virtual-hosted', 'hello bucket host'), dialect: 'virtual-hosted' };
      expectPass(await verdictOn(target, virtualHosted));
      await expectSeparateAccounts(target, 's3proxy');
    } finally {
      await running.stop();
    }
    await expectNothingLeftIn(dirs);
  });
});
