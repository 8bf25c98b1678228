// SeaweedFS as a launched target: `weed server` with a master, a volume server, a filer and the
// S3 gateway in one process, every listener on 127.0.0.1 at a port picked here (none left to its
// default, so nothing binds a well-known port or 0.0.0.0), data in a temporary directory.
// Credentials come from an -s3.config identities file: two identities, each with an account of
// its own, give the second account. The S3 gateway serves plain HTTP and HTTPS at once
// (-s3.port and -s3.port.https with a self-signed certificate); HTTPS is the main endpoint, so
// SSE-C can be sent, and plain HTTP is the alternate one.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { send, TransportError } from '../engine/http.ts';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher, LaunchedServer } from './launcher.ts';
import { toolsDir } from './minio.ts';
import { freeLoopbackPort, spawnServer, waitForHttp, requireInstalled, startFailure, VERSION_TIMEOUT_MS } from './process-utils.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';

export function defaultWeedBinary(): string {
  return join(toolsDir(), 'bin', 'weed');
}

/** A distinct free loopback port for each of weed's listeners. */
async function freeWeedPorts(): Promise<WeedPorts> {
  const names = ['master', 'masterGrpc', 'volume', 'volumeGrpc', 'filer', 'filerGrpc', 's3', 's3Https', 's3Grpc'] as const;
  const ports = new Set<number>();
  while (ports.size < names.length) ports.add(await freeLoopbackPort());
  const free = [...ports];
  return Object.fromEntries(names.map((name, i) => [name, free[i]])) as unknown as WeedPorts;
}

function accountId(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

export const launchSeaweedfs: Launcher = async () => {
  const binary = defaultWeedBinary();
  await requireInstalled(binary, 'install-seaweedfs.sh');
  const versionPromise = weedVersion(binary);

  const root = await mkdtemp(join(tmpdir(), 's3c-seaweedfs-'));
  // gRPC Unix sockets that `weed server` puts in /tmp whatever it is told; removed after stop.
  const grpcSockets: string[] = [];
  const removeRoot = async () => {
    await rm(root, { recursive: true, force: true });
    await Promise.all(grpcSockets.map((socket) => rm(socket, { force: true })));
  };
  try {
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    const certificate = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await makeSelfSignedCertificate(certificate, key);
    const ca = await readFile(certificate, 'utf8');

    const identities = weedIdentities();
    const s3ConfigFile = join(root, 's3.json');
    await writeFile(s3ConfigFile, identities.s3ConfigJson, { mode: 0o600 });

    const ports = await freeWeedPorts();
    for (const [service, port] of [
      ['master', ports.masterGrpc],
      ['volume', ports.volumeGrpc],
      ['filer', ports.filerGrpc],
      ['s3', ports.s3Grpc],
    ] as const) {
      grpcSockets.push(`/tmp/seaweedfs-${service}-grpc-${port}.sock`);
    }
    const args = weedServerArgs({
      dataDir,
      bindIp: '127.0.0.1',
      ports,
      socketsDir: root,
      s3ConfigFile,
      certificate,
      key,
    });
    // weed reads settings from WEED_* variables (and master.toml, security.toml... in the working
    // directory, ~/.seaweedfs and /etc/seaweedfs): drop the caller's WEED_* so every start is the
    // same server. The working directory is the empty temp dir.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('WEED_')) env[name] = value;
    Object.assign(env, WEED_ENV);
    // After SIGTERM `weed server` takes about 16 s to shut down (its filer keeps retrying volume
    // assignments once the volume server has stopped); nothing in the temp dir is worth that
    // wait, so stop() sends SIGKILL after 2 s and then removes the sockets itself.
    const server = spawnServer(binary, args, { name: 'weed', env, cwd: root, killAfterMs: 2_000 });
    const endpoint = `https://127.0.0.1:${ports.s3Https}`;
    const alternateEndpoint = `http://127.0.0.1:${ports.s3}`;
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      const deadline = Date.now() + 60_000;
      await waitForHttp(`${endpoint}/healthz`, { timeoutMs: 60_000, ca, signal: server.exitSignal });
      // /healthz answers as soon as the gateway listens; objects can be written only once the
      // volume server has joined the master and the filer is up.
      await waitForWrites(endpoint, identities.server.credentials, ca, deadline, server.exitSignal);
      return {
        endpoint,
        alternateEndpoint,
        ...identities.server,
        ca,
        version: await versionPromise,
        stop,
      };
    } catch (error) {
      throw await startFailure(`SeaweedFS at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

/**
 * Throwaway credentials for two identities, each with an account of its own (the second account),
 * and the -s3.config file that declares them. Both get every action SeaweedFS has (Admin included:
 * without it an identity cannot create buckets); their accounts own what they create.
 */
export function weedIdentities(): {
  s3ConfigJson: string;
  server: Pick<LaunchedServer, 'credentials' | 'secondCredentials' | 'accountId' | 'secondAccountId'>;
} {
  const first = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
  const second = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
  const [firstAccount, secondAccount] = [accountId(), accountId()];
  const actions = ['Admin', 'Read', 'List', 'Tagging', 'Write'];
  const s3Config = {
    identities: [
      {
        name: 's3c-first',
        credentials: [{ accessKey: first.accessKeyId, secretKey: first.secretAccessKey }],
        actions,
        account: { id: firstAccount },
      },
      {
        name: 's3c-second',
        credentials: [{ accessKey: second.accessKeyId, secretKey: second.secretAccessKey }],
        actions,
        account: { id: secondAccount },
      },
    ],
    accounts: [
      { id: firstAccount, displayName: 's3c-first' },
      { id: secondAccount, displayName: 's3c-second' },
    ],
  };
  return {
    s3ConfigJson: JSON.stringify(s3Config, null, 2),
    server: { credentials: first, secondCredentials: second, accountId: firstAccount, secondAccountId: secondAccount },
  };
}

/** What `weed server` needs from its environment: one volume grown per collection instead of 7 (see weedServerArgs). */
export const WEED_ENV = { WEED_MASTER_VOLUME_GROWTH_COPY_1: '1' };

export interface WeedPorts {
  master: number;
  masterGrpc: number;
  volume: number;
  volumeGrpc: number;
  filer: number;
  filerGrpc: number;
  s3: number;
  s3Https: number;
  s3Grpc: number;
}

/**
 * `weed server` with a master, a volume server, a filer and the S3 gateway, every port named (none
 * left to its default), advertised on 127.0.0.1 and bound to `bindIp`.
 */
export function weedServerArgs(options: {
  dataDir: string;
  bindIp: string;
  ports: WeedPorts;
  socketsDir: string;
  s3ConfigFile: string;
  certificate: string;
  key: string;
}): string[] {
  const { ports } = options;
  return [
    'server',
    '-dir',
    options.dataDir,
    '-ip',
    '127.0.0.1',
    '-ip.bind',
    options.bindIp,
    '-master.port',
    String(ports.master),
    '-master.port.grpc',
    String(ports.masterGrpc),
    '-master.telemetry=false',
    // Every bucket is a collection with volumes of its own, so a run with many buckets needs
    // many volumes: small ones (64 MB; objects are split into 4 MB chunks anyway), room for
    // many (the default is 8, which a run exhausts within seconds: "No writable volumes and
    // no free volumes left"), and one grown per collection instead of 7 (WEED_ENV).
    '-master.volumeSizeLimitMB',
    '64',
    '-volume.port',
    String(ports.volume),
    '-volume.port.grpc',
    String(ports.volumeGrpc),
    '-volume.max',
    '1000',
    '-volume.preStopSeconds',
    '0',
    '-filer',
    '-filer.port',
    String(ports.filer),
    '-filer.port.grpc',
    String(ports.filerGrpc),
    '-filer.localSocket',
    join(options.socketsDir, 'filer.sock'),
    '-s3',
    '-s3.port',
    String(ports.s3),
    // Virtual hosts bucket.s3.localhost (the virtual-hosted dialect connects them to this address).
    '-s3.domainName',
    's3.localhost',
    '-s3.port.https',
    String(ports.s3Https),
    '-s3.port.grpc',
    String(ports.s3Grpc),
    '-s3.port.iceberg',
    '0',
    '-s3.port.lance',
    '0',
    '-s3.localSocket',
    join(options.socketsDir, 's3.sock'),
    '-s3.config',
    options.s3ConfigFile,
    '-s3.cert.file',
    options.certificate,
    '-s3.key.file',
    options.key,
  ];
}

/** Creates a bucket, writes, deletes and removes it, retrying until all succeed or the deadline passes. */
export async function waitForWrites(
  endpoint: string,
  credentials: Credentials,
  ca: string,
  deadline: number,
  signal: AbortSignal,
): Promise<void> {
  const bucket = `s3c-ready-${randomBytes(4).toString('hex')}`;
  const options = { credentials, region: REGION, timeoutMs: 5_000, ca };
  const call = async (method: string, path: string, body = '') => {
    const response = await send({ method, url: new URL(path, endpoint), headers: [], body: Buffer.from(body) }, options);
    if (response.status >= 300)
      throw new Error(`${method} ${path} answered ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`);
  };
  let last = 'no attempt made';
  let bucketMade = false;
  while (Date.now() < deadline) {
    if (signal.aborted) throw new Error(`gave up waiting for a write: ${String(signal.reason)} (last attempt: ${last})`);
    try {
      if (!bucketMade) {
        await call('PUT', `/${bucket}`);
        bucketMade = true;
      }
      await call('PUT', `/${bucket}/ready`, 'ready');
      await call('DELETE', `/${bucket}/ready`);
      await call('DELETE', `/${bucket}`);
      return;
    } catch (error) {
      if (!(error instanceof TransportError) && !(error instanceof Error)) throw error;
      last = error.message;
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
  }
  throw new Error(`no successful write before the deadline (last attempt: ${last})`);
}

/** What `weed version` says ("version 30GB 4.53 7506e5f91cd6 linux amd64") as "seaweedfs 4.53 7506e5f91cd6". */
export async function weedVersion(binary: string): Promise<string> {
  try {
    const { stdout } = await run(binary, ['version'], { timeout: VERSION_TIMEOUT_MS });
    const line = stdout
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    const match = /^version\s+(?:\S+GB\s+)?(\S+)\s+(\S+)/.exec(line ?? '');
    return match ? `seaweedfs ${match[1]} ${match[2]}` : line ? `seaweedfs (${line})` : 'seaweedfs (version unknown)';
  } catch {
    return 'seaweedfs (version unknown)';
  }
}
