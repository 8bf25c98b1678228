// The embedded server's own thread: s3rver, started by src/targets/embedded.ts. A request that
// crashes s3rver (an uncaught error in it) ends this thread and closes its port, as a real
// server's crash would, instead of ending the whole run with it.
import { parentPort, workerData } from 'node:worker_threads';
import S3rver from 's3rver';

export interface EmbeddedServerOptions {
  directory: string;
}

/** What this thread tells its launcher once s3rver listens. */
export interface EmbeddedServerReady {
  port: number;
}

const { directory } = workerData as EmbeddedServerOptions;
// serviceEndpoint: virtual hosts bucket.s3.localhost, for the virtual-hosted wire dialect.
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true, serviceEndpoint: 'localhost' });
const { port } = (await server.run()) as { address: string; port: number };
parentPort!.postMessage({ port } satisfies EmbeddedServerReady);
