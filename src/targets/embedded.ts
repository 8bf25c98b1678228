// The embedded default: s3rver in this process on a free loopback port, with a temporary
// directory, so `s3-conformance run` works on a machine with nothing else installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { Launcher } from './launcher.ts';

const s3rverVersion: string = createRequire(import.meta.url)('s3rver/package.json').version;

export const launchEmbedded: Launcher = async () => {
  const directory = await mkdtemp(join(tmpdir(), 's3c-embedded-'));
  // serviceEndpoint: virtual hosts bucket.s3.localhost, for the virtual-hosted wire dialect.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true, serviceEndpoint: 'localhost' });
  const address = (await server.run()) as { address: string; port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    // s3rver's fixed development credentials; they protect nothing.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    version: `s3rver ${s3rverVersion}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
