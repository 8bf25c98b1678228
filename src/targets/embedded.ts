// The embedded default: s3rver on a free loopback port, with a temporary directory, so
// `s3-conformance run` works on a machine with nothing else installed. It runs in a worker thread
// of this process (embedded-server.ts): a request that crashes s3rver stops the server, not the
// run, which then sees what a real server's crash looks like (connections refused).
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddedServerOptions, EmbeddedServerReady } from './embedded-server.ts';
import type { Launcher } from './launcher.ts';

const s3rverVersion: string = createRequire(import.meta.url)('s3rver/package.json').version;

// The server's module beside this one: .ts from the sources, .js when built.
const serverModule = new URL(`./embedded-server${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export const launchEmbedded: Launcher = async () => {
  const directory = await mkdtemp(join(tmpdir(), 's3c-embedded-'));
  const worker = new Worker(serverModule, { workerData: { directory } satisfies EmbeddedServerOptions });
  let ready: EmbeddedServerReady;
  try {
    ready = await new Promise<EmbeddedServerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the embedded server (s3rver) exited with code ${code} before it listened`)));
    });
  } catch (error) {
    await worker.terminate();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  // From here on a crash is the server's, as a real server's would be: it stops answering, and
  // its log (this line) says why.
  worker.on('error', (error: Error) => process.stderr.write(`the embedded server (s3rver) crashed: ${error.message}\n`));
  return {
    endpoint: `http://127.0.0.1:${ready.port}`,
    // s3rver's fixed development credentials; they protect nothing.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    version: `s3rver ${s3rverVersion}`,
    async stop() {
      // Terminating the thread closes its port; the data directory goes with it.
      await worker.terminate();
      await rm(directory, { recursive: true, force: true });
    },
  };
};
