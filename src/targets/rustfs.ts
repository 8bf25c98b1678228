// RustFS (https://rustfs.com) as a launched target: `rustfs server` on one data directory (its
// single-drive mode) in a temporary directory, over TLS with a self-signed certificate, its S3
// API on 127.0.0.1 at a port picked here and its web console switched off (it would listen on
// every interface otherwise). RustFS serves HTTPS or plain HTTP, not both, so there is no
// alternate endpoint.
//
// RustFS serves MinIO's admin API under /minio/admin as well as its own, with MinIO's encrypted
// payloads, so the second user is made the way MinIO's is (minio-second-account.ts): another IAM
// user of the same deployment with the built-in readwrite policy, not a separate account.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { toolsDir } from './minio.ts';
import { addSecondUser } from './minio-second-account.ts';
import { freeLoopbackPort, requireInstalled, spawnServer, startFailure, VERSION_TIMEOUT_MS } from './process-utils.ts';
import { waitForWrites } from './seaweedfs.ts';

const run = promisify(execFile);

/** RustFS's default region, set explicitly so a caller's RUSTFS_REGION cannot change it. */
export const RUSTFS_REGION = 'us-east-1';

export function defaultRustfsBinary(): string {
  return join(toolsDir(), 'bin', 'rustfs');
}

export const launchRustfs: Launcher = async () => {
  const binary = defaultRustfsBinary();
  await requireInstalled(binary, 'install-rustfs.sh');
  const versionPromise = rustfsVersion(binary);

  const root = await mkdtemp(join(tmpdir(), 's3c-rustfs-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const dataDir = join(root, 'data');
    const tlsDir = join(root, 'tls');
    await Promise.all([mkdir(dataDir), mkdir(tlsDir)]);
    // The file names RustFS looks for in --tls-path.
    const certificate = join(tlsDir, 'rustfs_cert.pem');
    await makeSelfSignedCertificate(certificate, join(tlsDir, 'rustfs_key.pem'));
    const ca = await readFile(certificate, 'utf8');

    const port = await freeLoopbackPort();
    const endpoint = `https://127.0.0.1:${port}`;
    // Throwaway root credentials, new for every start; through the environment, not argv, where
    // any local user could read them.
    const credentials = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
    // Drop the caller's RUSTFS_* settings (KMS, observability endpoints, other credentials) so
    // every start is the same server; keep the rest (PATH, HOME, TMPDIR).
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('RUSTFS_')) env[name] = value;
    Object.assign(env, rustfsEnvironment(credentials));

    const server = spawnServer(
      binary,
      [
        'server',
        dataDir,
        '--address',
        `127.0.0.1:${port}`,
        '--tls-path',
        tlsDir,
        '--region',
        RUSTFS_REGION,
        // Virtual hosts bucket.s3.localhost (the virtual-hosted dialect connects them to this address).
        '--server-domains',
        's3.localhost',
      ],
      // cwd: RustFS writes its logs to ./logs.
      { name: 'rustfs', env, cwd: root },
    );
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      // A bucket written and removed shows the storage layer is up, not only the listener.
      await waitForWrites(endpoint, credentials, ca, Date.now() + 90_000, server.exitSignal);
      const version = await versionPromise;
      const secondCredentials = await addSecondUser({ name: 'rustfs', version, endpoint, region: RUSTFS_REGION, ca, ...credentials, stop });
      return { endpoint, credentials, secondCredentials, ca, version, stop };
    } catch (error) {
      throw await startFailure(`RustFS at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

/** The RUSTFS_* settings of every start: the root credentials, and the web console off. */
export function rustfsEnvironment(credentials: Credentials): Record<string, string> {
  return {
    RUSTFS_ACCESS_KEY: credentials.accessKeyId,
    RUSTFS_SECRET_KEY: credentials.secretAccessKey,
    // A flag that is on by default: only its environment variable can turn it off.
    RUSTFS_CONSOLE_ENABLE: 'false',
  };
}

/** What `rustfs --version` says as "rustfs 1.0.1". */
export async function rustfsVersion(binary: string): Promise<string> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: VERSION_TIMEOUT_MS });
    const version = /(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
    return version ? `rustfs ${version}` : 'rustfs (version unknown)';
  } catch {
    return 'rustfs (version unknown)';
  }
}
