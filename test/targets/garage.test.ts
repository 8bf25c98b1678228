// Garage started through its profile (fixtures/targets/garage.yaml): a one-node cluster whose
// layout the launcher applied serves the shared launcher checks (describeLauncher: loopback only,
// path-style and virtual-hosted, nothing left behind), signed for Garage's region, with its three
// listeners (S3, RPC, admin), and its second key is another account (its bucket list does not
// hold the first key's bucket).
import { expect } from 'vitest';
import { defaultGarageBinary, GARAGE_REGION } from '../../src/targets/garage.ts';
import { describeLauncher, executableMissing, expectSeparateAccounts, listeningAddresses } from '../support/launched.ts';

describeLauncher(
  {
    name: 'garage',
    unavailable: await executableMissing(defaultGarageBinary(), 'install-garage.sh'),
    shows: 'runs a one-node cluster with S3, RPC and admin listeners, has a second account',
    timeout: 180_000,
  },
  async ({ target, processes }) => {
    expect(processes).toHaveLength(1);
    expect(await listeningAddresses(processes[0]!.pid)).toHaveLength(3);
    expect(target.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(target.region).toBe(GARAGE_REGION);
    expect(target.version).toMatch(/^garage \d+\.\d+\.\d+/);
    expect(target.capabilities).toEqual(expect.arrayContaining(['plain-http', 'multipart', 'second-account']));
    expect(target.capabilities).not.toContain('tls');
    expect(target.secondCredentials?.accessKeyId).not.toBe(target.credentials.accessKeyId);
    await expectSeparateAccounts(target, 'garage');
  },
);
