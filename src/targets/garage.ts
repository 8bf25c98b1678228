// Garage (https://garagehq.deuxfleurs.fr) as a launched target: a one-node cluster from a
// generated garage.toml (replication_factor 1, LMDB metadata, data and metadata in a temporary
// directory), its S3 API, RPC and admin API on 127.0.0.1 at ports picked here. Garage serves
// plain HTTP only (TLS is left to a reverse proxy), so SSE-C cases are skipped.
//
// Once the server runs, the admin API (bearer token from the config) gives the node a role in
// the layout and applies it (what `garage layout assign` and `garage layout apply` do), then
// creates two access keys allowed to create buckets. Garage has no accounts: a key sees only the
// buckets it has rights on, so the second key is the second account.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Credentials } from '../engine/http.ts';
import { LOCAL_VIRTUAL_HOST_SUFFIX } from '../engine/wire/virtual-host.ts';
import type { LaunchedServer, Launcher } from './launcher.ts';
import { toolsDir } from './minio.ts';
import { freeLoopbackPort, requireInstalled, spawnServer, startFailure, VERSION_TIMEOUT_MS, waitForHttp } from './process-utils.ts';

const run = promisify(execFile);

/** The region in garage.toml's s3_region; Garage refuses requests signed for any other. Garage's own documentation uses this name. */
export const GARAGE_REGION = 'garage';

export function defaultGarageBinary(): string {
  return join(toolsDir(), 'bin', 'garage');
}

export const launchGarage: Launcher = async () => {
  const binary = defaultGarageBinary();
  await requireInstalled(binary, 'install-garage.sh');
  const versionPromise = garageVersion(binary);

  const root = await mkdtemp(join(tmpdir(), 's3c-garage-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freeLoopbackPort());
    const [s3Port, rpcPort, adminPort] = [...ports] as [number, number, number];
    const adminToken = randomBytes(24).toString('hex');
    const config = join(root, 'garage.toml');
    await Promise.all([mkdir(join(root, 'meta')), mkdir(join(root, 'data'))]);
    // Readable by the owner only: it holds the RPC secret and the admin token.
    await writeFile(config, garageToml({ root, s3Port, rpcPort, adminPort, adminToken }), { mode: 0o600 });

    // Garage reads GARAGE_* variables as settings: drop the caller's so every start is the same server.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('GARAGE_')) env[name] = value;
    const server = spawnServer(binary, ['-c', config, 'server'], { name: 'garage', env, cwd: root });
    const endpoint = `http://127.0.0.1:${s3Port}`;
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      const keys = await setUpSingleNode(`http://127.0.0.1:${adminPort}`, adminToken, server.exitSignal);
      return { endpoint, ...keys, version: await versionPromise, stop };
    } catch (error) {
      throw await startFailure(`Garage at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

/**
 * The configuration of a one-node cluster with its files under `root`. The S3 and admin APIs
 * listen on `apiHost` (127.0.0.1 unless told; in a container, whose published ports reach its
 * own interface, 0.0.0.0); RPC stays on 127.0.0.1, where the only node reaches itself.
 */
export function garageToml(options: {
  root: string;
  s3Port: number;
  rpcPort: number;
  adminPort: number;
  adminToken: string;
  apiHost?: string;
}): string {
  const { root, s3Port, rpcPort, adminPort, adminToken, apiHost = '127.0.0.1' } = options;
  return [
    `metadata_dir = ${JSON.stringify(join(root, 'meta'))}`,
    `data_dir = ${JSON.stringify(join(root, 'data'))}`,
    'db_engine = "lmdb"',
    'replication_factor = 1',
    `rpc_bind_addr = "127.0.0.1:${rpcPort}"`,
    `rpc_public_addr = "127.0.0.1:${rpcPort}"`,
    `rpc_secret = "${randomBytes(32).toString('hex')}"`,
    '',
    '[s3_api]',
    `s3_region = "${GARAGE_REGION}"`,
    // Virtual hosts bucket.s3.localhost (the virtual-hosted dialect connects them to this address);
    // Garage drops the Host header's port before it matches the domain.
    `root_domain = ".${LOCAL_VIRTUAL_HOST_SUFFIX}"`,
    `api_bind_addr = "${apiHost}:${s3Port}"`,
    '',
    '[admin]',
    `api_bind_addr = "${apiHost}:${adminPort}"`,
    `admin_token = "${adminToken}"`,
    '',
  ].join('\n');
}

/**
 * Once the server runs: gives the node a role in the layout and applies it (what `garage layout
 * assign` and `garage layout apply` do), waits until the layout is in force, and creates the two
 * access keys. `adminBase` is the admin API's URL; `serverExited` ends the wait early.
 */
export async function setUpSingleNode(
  adminBase: string,
  adminToken: string,
  serverExited: AbortSignal,
): Promise<Required<Pick<LaunchedServer, 'credentials' | 'secondCredentials'>>> {
  const admin = adminClient(adminBase, adminToken, serverExited);
  const deadline = Date.now() + 60_000;
  const status = (await admin.retrying('GET', '/v2/GetClusterStatus', undefined, deadline)) as { nodes: { id: string }[] };
  const nodeId = status.nodes[0]?.id;
  if (!nodeId) throw new Error(`GetClusterStatus named no node: ${JSON.stringify(status)}`);
  // One node in one zone; the capacity only weighs nodes against each other.
  await admin.call('POST', '/v2/UpdateClusterLayout', { roles: [{ id: nodeId, zone: 'local', capacity: 1_000_000_000, tags: [] }] });
  await admin.call('POST', '/v2/ApplyClusterLayout', { version: 1 });
  // 200 once every partition has its quorum, i.e. the layout is in force.
  await waitForHttp(new URL('/health', adminBase).href, { timeoutMs: Math.max(1, deadline - Date.now()), signal: serverExited });
  const credentials = await createKey(admin, 's3c-main');
  const secondCredentials = await createKey(admin, 's3c-second');
  return { credentials, secondCredentials };
}

interface AdminClient {
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /** The same call, repeated until it answers 200 (the admin API starts a moment after the process). */
  retrying(method: 'GET' | 'POST', path: string, body: unknown, deadline: number): Promise<unknown>;
}

function adminClient(base: string, token: string, serverExited: AbortSignal): AdminClient {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`Garage admin API ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
  return {
    call,
    async retrying(method, path, body, deadline) {
      let last = 'no attempt made';
      while (Date.now() < deadline) {
        if (serverExited.aborted) throw new Error(`gave up on ${path}: ${String(serverExited.reason)} (last attempt: ${last})`);
        try {
          return await call(method, path, body);
        } catch (error) {
          last = (error as Error).message;
        }
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
      }
      throw new Error(`${path} did not answer 200 in time (last attempt: ${last})`);
    },
  };
}

/** A new access key allowed to create buckets (`garage key create` + `garage key allow --create-bucket`). */
async function createKey(admin: AdminClient, name: string): Promise<Credentials> {
  const key = (await admin.call('POST', '/v2/CreateKey', { name, allow: { createBucket: true } })) as {
    accessKeyId?: string;
    secretAccessKey?: string;
  };
  if (!key.accessKeyId || !key.secretAccessKey) throw new Error(`Garage's CreateKey answered without the key's id or secret`);
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/** What `garage --version` says ("garage cargo:2.5.0 [features: ...]") as "garage 2.5.0". */
export async function garageVersion(binary: string): Promise<string> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: VERSION_TIMEOUT_MS });
    const version = /(\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
    return version ? `garage ${version}` : 'garage (version unknown)';
  } catch {
    return 'garage (version unknown)';
  }
}
