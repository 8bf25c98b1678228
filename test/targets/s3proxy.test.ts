// S3Proxy started through its profile (fixtures/targets/s3proxy.yaml): the shared launcher checks
// (describeLauncher: loopback only, path-style and virtual-hosted, nothing left behind) over
// HTTPS, an object written and read back over the plain-HTTP alternate, its two listeners, and
// a second identity that is another account (its bucket list does not hold the first one's bucket).
// The endpoints are named s3.localhost, S3Proxy's virtual-host domain: with one set, S3Proxy reads
// any other Host (127.0.0.1 included) as a bucket name.
import { expect } from 'vitest';
import { defaultS3proxyBinary } from '../../src/targets/s3proxy.ts';
import { verdictOn } from '../support/cases.ts';
import {
  describeLauncher,
  executableMissing,
  expectPass,
  expectSeparateAccounts,
  listeningAddresses,
  putGetCase,
} from '../support/launched.ts';

describeLauncher(
  {
    name: 's3proxy',
    unavailable: await executableMissing(defaultS3proxyBinary(), 'install-s3proxy.sh'),
    shows: 'serves HTTPS and HTTP, has a second account',
    timeout: 180_000,
  },
  async ({ target, processes }) => {
    expect(processes).toHaveLength(1);
    expect(await listeningAddresses(processes[0]!.pid)).toHaveLength(2);
    expect(target.endpoint).toMatch(/^https:\/\/s3\.localhost:\d+$/);
    expect(target.alternateEndpoint).toMatch(/^http:\/\/s3\.localhost:\d+$/);
    expect(target.ca).toContain('BEGIN CERTIFICATE');
    expect(target.version).toMatch(/^s3proxy \d+\.\d+\.\d+$/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['tls', 'plain-http', 'multipart', 'second-account']));
    expect(target.capabilities).not.toContain('versioning');

    expectPass(await verdictOn(target, putGetCase('s3proxy', 'hello over http', 'http')));
    await expectSeparateAccounts(target, 's3proxy');
  },
);
