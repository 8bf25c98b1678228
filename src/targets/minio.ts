// Launches a throwaway MinIO server (single drive, loopback only) from a locally built binary,
// optionally with TLS from a freshly made self-signed certificate. scripts/install-minio.sh
// builds the pinned binary.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort, spawnServer, StartError, VERSION_TIMEOUT_MS, waitForHttp } from './process-utils.ts';
import { makeSelfSignedCertificate } from './certificates.ts';

const run = promisify(execFile);

export interface StartedServer {
  name: string;
  /** What `minio --version` says (first line), with the Go module version when that says nothing. */
  version: string;
  /** http://127.0.0.1:PORT, or https://127.0.0.1:PORT when started with tls. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path of the PEM self-signed certificate when tls (inside the temp dir; gone after stop). */
  caFile?: string;
  /** The same certificate as PEM text, ready for a TLS `ca` option. */
  ca?: string;
  /** Kills the process, waits for it to exit, removes the temp data dir. */
  stop(): Promise<void>;
}

export interface StartMinioOptions {
  tls?: boolean;
  /** Path of the minio binary; `${S3C_TOOLS:-~/.cache/s3-conformance}/bin/minio` unless told. */
  binary?: string;
  /** How long to wait for the server to become healthy; 30 s unless told. */
  startTimeoutMs?: number;
  /** The region MinIO insists on; without one it accepts a signature for any region. */
  region?: string;
}

export function toolsDir(): string {
  return process.env.S3C_TOOLS || join(homedir(), '.cache', 's3-conformance');
}

export function defaultMinioBinary(): string {
  return join(toolsDir(), 'bin', 'minio');
}

export async function startMinio(options: StartMinioOptions = {}): Promise<StartedServer> {
  const binary = options.binary ?? defaultMinioBinary();
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(`no MinIO binary at ${binary}; run scripts/install-minio.sh to build the pinned version`);
  }
  // `minio --version` takes ~0.4 s (a 150 MB Go binary starting up); ask while the server starts.
  const versionPromise = minioVersion(binary).then(
    (version) => ({ version }),
    (error: Error) => ({ error }),
  );

  const root = await mkdtemp(join(tmpdir(), 's3c-minio-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const dataDir = join(root, 'data');
    // Always pass our own --certs-dir: otherwise MinIO reads ~/.minio/certs and a certificate
    // left there would silently turn a plain-http start into https.
    const certsDir = join(root, 'certs');
    await mkdir(dataDir);
    await mkdir(certsDir);

    let caFile: string | undefined;
    let ca: string | undefined;
    if (options.tls) {
      caFile = join(certsDir, 'public.crt');
      await makeSelfSignedCertificate(caFile, join(certsDir, 'private.key'));
      ca = await readFile(caFile, 'utf8');
    }

    const port = await freeLoopbackPort();
    let consolePort = await freeLoopbackPort();
    while (consolePort === port) consolePort = await freeLoopbackPort();

    // Throwaway root credentials, new for every start: the server lives only as long as the run.
    const accessKeyId = randomBytes(10).toString('hex');
    const secretAccessKey = randomBytes(20).toString('hex');
    const env: NodeJS.ProcessEnv = {};
    // Drop the caller's MINIO_* settings (KMS, config env files, other credentials...) so every
    // start is the same server; keep the rest (PATH, HOME, TMPDIR).
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('MINIO_')) env[name] = value;
    Object.assign(env, {
      MINIO_ROOT_USER: accessKeyId,
      MINIO_ROOT_PASSWORD: secretAccessKey,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
      // Virtual hosts `bucket.s3.localhost` (the virtual-hosted dialect connects them to this address).
      MINIO_DOMAIN: 's3.localhost',
      ...(options.region ? { MINIO_SITE_REGION: options.region } : {}),
    });

    const server = spawnServer(
      binary,
      ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--certs-dir', certsDir],
      { name: 'minio', env, cwd: root },
    );
    const endpoint = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    try {
      await waitForHttp(`${endpoint}/minio/health/live`, {
        timeoutMs,
        ca,
        signal: server.exitSignal,
        // The liveness URL answers 200 as soon as the HTTP listener is up, but until the object
        // layer is initialised it adds `x-minio-server-status: offline` and S3 calls get 503.
        notReadyReason: (headers) => (headers['x-minio-server-status'] === 'offline' ? 'server status offline (initialising)' : undefined),
      });
    } catch (error) {
      await server.stop();
      const tail = server.outputTail();
      throw new StartError(
        `MinIO at ${endpoint} did not become healthy: ${(error as Error).message}${tail ? `\n--- last output of minio ---\n${tail}` : ''}`,
      );
    }

    const versionResult = await versionPromise;
    if ('error' in versionResult) {
      await server.stop();
      throw new StartError(`${binary} --version failed: ${versionResult.error.message}`);
    }

    return {
      name: 'minio',
      version: versionResult.version,
      endpoint,
      region: options.region ?? 'us-east-1',
      accessKeyId,
      secretAccessKey,
      caFile,
      ca,
      async stop() {
        await server.stop();
        await removeRoot();
      },
    };
  } catch (error) {
    await removeRoot();
    throw error;
  }
}

async function minioVersion(binary: string): Promise<string> {
  const { stdout } = await run(binary, ['--version'], { timeout: VERSION_TIMEOUT_MS });
  const firstLine = stdout.split('\n')[0]?.trim() ?? '';
  // A `go install` build has no release tag: it says "minio version DEVELOPMENT.GOGET". The
  // module version Go recorded in the binary is what identifies it then.
  if (firstLine.includes('DEVELOPMENT')) {
    const module = await goModuleVersion(binary).catch(() => undefined);
    if (module) return `minio ${module.split(' ')[1]} (go install build)`;
  }
  return firstLine || 'minio (version unknown)';
}

/**
 * The main module path and version from a Go binary's build info, e.g.
 * "github.com/minio/minio v0.0.0-20260212201848-7aac2a2c5b7c" (what `go version -m` shows),
 * read without needing a Go toolchain. Scans for the build-info magic and reads the
 * "mod<TAB>path<TAB>version" line of the module info that follows it.
 */
export async function goModuleVersion(binary: string): Promise<string | undefined> {
  const magic = Buffer.from('\xff Go buildinf:', 'latin1');
  const handle = await open(binary, 'r');
  try {
    const chunkSize = 4 * 1024 * 1024;
    const chunk = Buffer.alloc(chunkSize);
    for (let offset = 0; ; offset += chunkSize - magic.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunkSize, offset);
      if (bytesRead < magic.length) return undefined;
      for (let at = chunk.indexOf(magic); at !== -1 && at < bytesRead; at = chunk.indexOf(magic, at + 1)) {
        const window = Buffer.alloc(256 * 1024);
        const { bytesRead: windowRead } = await handle.read(window, 0, window.length, offset + at);
        const match = /(?:^|\n)mod\t([^\t\n]+)\t([^\t\n]+)/.exec(window.subarray(0, windowRead).toString('latin1'));
        if (match) return `${match[1]} ${match[2]}`;
      }
      if (bytesRead < chunkSize) return undefined;
    }
  } finally {
    await handle.close();
  }
}
