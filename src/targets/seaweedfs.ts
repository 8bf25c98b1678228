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
import type { Launcher } from './launcher.ts';
import { toolsDir } from './minio.ts';
import { freeLoopbackPort, spawnServer, waitForHttp, ensureInstalled, startFailure } from './process-utils.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';

export function defaultWeedBinary(): string {
  return join(toolsDir(), 'bin', 'weed');
}

/** `n` distinct free loopback ports. */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freeLoopbackPort());
  return [...ports];
}

function accountId(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

export const launchSeaweedfs: Launcher = async () => {
  const binary = defaultWeedBinary();
  await ensureInstalled(binary, 'install-seaweedfs.sh');
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

    const first = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
    const second = { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
    const [firstAccount, secondAccount] = [accountId(), accountId()];
    // Both identities get every action SeaweedFS has (Admin included: without it an identity
    // cannot create buckets); their accounts own what they create.
    const actions = ['Admin', 'Read', 'List', 'Tagging', 'Write'];
    const s3Config = {
      identities: [
        { name: 's3c-first', credentials: [{ accessKey: first.accessKeyId, secretKey: first.secretAccessKey }], actions, account: { id: firstAccount } },
        { name: 's3c-second', credentials: [{ accessKey: second.accessKeyId, secretKey: second.secretAccessKey }], actions, account: { id: secondAccount } },
      ],
      accounts: [
        { id: firstAccount, displayName: 's3c-first' },
        { id: secondAccount, displayName: 's3c-second' },
      ],
    };
    const s3ConfigFile = join(root, 's3.json');
    await writeFile(s3ConfigFile, JSON.stringify(s3Config, null, 2), { mode: 0o600 });

    const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Https, s3Grpc] = await freePorts(9);
    for (const [service, port] of [['master', masterGrpc], ['volume', volumeGrpc], ['filer', filerGrpc], ['s3', s3Grpc]] as const) {
      grpcSockets.push(`/tmp/seaweedfs-${service}-grpc-${port}.sock`);
    }
    const args = [
      'server',
      '-dir', dataDir,
      '-ip', '127.0.0.1',
      '-ip.bind', '127.0.0.1',
      '-master.port', String(master),
      '-master.port.grpc', String(masterGrpc),
      '-master.telemetry=false',
      // Every bucket is a collection with volumes of its own, so a run with many buckets needs
      // many volumes: small ones (64 MB; objects are split into 4 MB chunks anyway), room for
      // many (the default is 8, which a run exhausts within seconds: "No writable volumes and
      // no free volumes left"), and one grown per collection instead of 7 (the environment
      // below).
      '-master.volumeSizeLimitMB', '64',
      '-volume.port', String(volume),
      '-volume.port.grpc', String(volumeGrpc),
      '-volume.max', '1000',
      '-volume.preStopSeconds', '0',
      '-filer',
      '-filer.port', String(filer),
      '-filer.port.grpc', String(filerGrpc),
      '-filer.localSocket', join(root, 'filer.sock'),
      '-s3',
      '-s3.port', String(s3),
      '-s3.port.https', String(s3Https),
      '-s3.port.grpc', String(s3Grpc),
      '-s3.port.iceberg', '0',
      '-s3.port.lance', '0',
      '-s3.localSocket', join(root, 's3.sock'),
      '-s3.config', s3ConfigFile,
      '-s3.cert.file', certificate,
      '-s3.key.file', key,
    ];
    // weed reads settings from WEED_* variables (and master.toml, security.toml... in the working
    // directory, ~/.seaweedfs and /etc/seaweedfs): drop the caller's WEED_* so every start is the
    // same server. The working directory is the empty temp dir.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('WEED_')) env[name] = value;
    env.WEED_MASTER_VOLUME_GROWTH_COPY_1 = '1';
    // After SIGTERM `weed server` takes about 16 s to shut down (its filer keeps retrying volume
    // assignments once the volume server has stopped); nothing in the temp dir is worth that
    // wait, so stop() sends SIGKILL after 2 s and then removes the sockets itself.
    const server = spawnServer(binary, args, { name: 'weed', env, cwd: root, killAfterMs: 2_000 });
    const endpoint = `https://127.0.0.1:${s3Https}`;
    const alternateEndpoint = `http://127.0.0.1:${s3}`;
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      const deadline = Date.now() + 60_000;
      await waitForHttp(`${endpoint}/healthz`, { timeoutMs: 60_000, ca, signal: server.exitSignal });
      // /healthz answers as soon as the gateway listens; objects can be written only once the
      // volume server has joined the master and the filer is up.
      await waitForWrites(endpoint, first, ca, deadline, server.exitSignal);
      return {
        endpoint,
        alternateEndpoint,
        credentials: first,
        secondCredentials: second,
        accountId: firstAccount,
        secondAccountId: secondAccount,
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

/** Creates a bucket, writes, deletes and removes it, retrying until all succeed or the deadline passes. */
async function waitForWrites(endpoint: string, credentials: Credentials, ca: string, deadline: number, signal: AbortSignal): Promise<void> {
  const bucket = `s3c-ready-${randomBytes(4).toString('hex')}`;
  const options = { credentials, region: REGION, timeoutMs: 5_000, ca };
  const call = async (method: string, path: string, body = '') => {
    const response = await send({ method, url: new URL(path, endpoint), headers: [], body: Buffer.from(body) }, options);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`);
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
async function weedVersion(binary: string): Promise<string> {
  try {
    const { stdout } = await run(binary, ['version'], { timeout: 10_000 });
    const line = stdout.split('\n').find((l) => l.trim() !== '')?.trim();
    const match = /^version\s+(?:\S+GB\s+)?(\S+)\s+(\S+)/.exec(line ?? '');
    return match ? `seaweedfs ${match[1]} ${match[2]}` : line ? `seaweedfs (${line})` : 'seaweedfs (version unknown)';
  } catch {
    return 'seaweedfs (version unknown)';
  }
}
