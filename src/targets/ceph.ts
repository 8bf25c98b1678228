// Ceph's RADOS Gateway as a launched target: a one-host cluster on loopback from Debian's
// packages (scripts/install-ceph.sh), made afresh in a temporary directory for every start.
//
//   ceph-mon   one monitor (msgr2 only, on a free port)
//   ceph-osd   one OSD with memstore: the objects live in the OSD's memory, nothing on disk
//   radosgw    the beast frontend on a plain port and a TLS port (self-signed certificate)
//
// No mgr (S3 does not need one; it would add ~300 MB) and no cephx (`auth ... = none`). Two
// users made with `radosgw-admin user create` are the two accounts. An RGW bucket's owner is its
// user's id (tenant$uid; no tenant here), which is what RGW compares x-amz-expected-bucket-owner
// with in the releases that check it (ceph/ceph PR 61215, 2025); RGW 16 ignores the header. The
// launcher makes each user id a 12-digit number, the shape of an AWS account id, and gives the
// user ids as the account ids.
//
// Settings that were each needed (../shared/notes/ceph-rgw.md): `ms mon client mode = crc`
// (without it radosgw loops on `get_initial_auth_request returned -13` when auth is none); pool
// size one on a single OSD; 8 PGs per pool and a high `mon max pg per osd`, or RGW's pools do not
// fit on one OSD. Some ceph commands hang while the cluster is not ready, so every command
// the launcher runs is bounded by `timeout`.
//
// SSE-C: RGW takes customer keys without any `rgw crypt ...` setting; `rgw crypt require ssl`
// (default true) refuses them over plain HTTP, as Amazon S3 does. That default is kept: the
// endpoint is the TLS port, the alternate endpoint the plain one.
import { execFile } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { send } from '../engine/http.ts';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { freeLoopbackPort, spawnServer, waitForHttp, notInstalled } from './process-utils.ts';
import type { SpawnedServer } from './process-utils.ts';

const run = promisify(execFile);
const REGION = 'us-east-1';
/** What the launcher runs; scripts/install-ceph.sh installs them. */
export const CEPH_BINARIES = ['radosgw', 'radosgw-admin', 'ceph-mon', 'ceph-osd', 'ceph', 'ceph-authtool', 'monmaptool'];
/** How long a start may take in all (the first start after boot is the slowest). */
const START_TIMEOUT_MS = 120_000;
/** Memory the OSD may fill (memstore keeps every object in RAM; this is a ceiling, not an allocation). */
const MEMSTORE_BYTES = 4 * 1024 ** 3;

// Temporary directories of clusters still running, removed when this process exits without
// stopping them (spawnServer's own exit hook kills the daemons). One listener for all of them.
const liveRoots = new Set<string>();
let exitHookInstalled = false;
function removeOnExit(root: string): void {
  liveRoots.add(root);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of liveRoots) rmSync(dir, { recursive: true, force: true });
  });
}

/** The full path of `command` on PATH, or undefined. */
async function onPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** The ceph binaries that are not on PATH. */
export async function missingCephBinaries(): Promise<string[]> {
  const found = await Promise.all(CEPH_BINARIES.map(async (binary) => ((await onPath(binary)) ? undefined : binary)));
  return found.filter((binary): binary is string => binary !== undefined);
}

/** An error naming scripts/install-ceph.sh (apt-get) when a ceph binary is missing. */
async function requireCephInstalled(): Promise<void> {
  const missing = await missingCephBinaries();
  if (missing.length > 0)
    throw notInstalled(`ceph is not installed (missing ${missing.join(', ')}; apt-get, about 370 MB)`, 'install-ceph.sh');
}

/**
 * A command line that dies with its parent: util-linux `setpriv --pdeathsig KILL` execs the
 * command with the parent-death signal set, so a daemon is killed even when the Node process is
 * killed outright (SIGKILL, OOM), where no exit hook runs. Without setpriv the command runs as is
 * (the exit hook of spawnServer still covers a normal exit).
 */
function dyingWithParent(setpriv: string | undefined, command: string, args: string[]): [string, string[]] {
  return setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
}

/** A short ceph command, bounded twice: by `timeout` (some ceph commands hang on a cluster that is not ready) and by Node. */
async function cephCommand(setpriv: string | undefined, command: string, args: string[], seconds = 30): Promise<string> {
  // setpriv on both sides of `timeout`: the command dies with `timeout`, and `timeout` with us.
  const [file, argv] = dyingWithParent(setpriv, 'timeout', [
    '--kill-after=5',
    String(seconds),
    ...dyingWithParent(setpriv, command, args).flat(),
  ]);
  try {
    const { stdout } = await run(file, argv, { timeout: (seconds + 10) * 1000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: number | string };
    const why = code === 124 ? `timed out after ${seconds} s` : `failed (${code ?? (error as Error).message})`;
    throw new Error(`${command} ${args.join(' ')} ${why}${stderr?.trim() ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
  }
}

/** A random 12-digit number, the shape of an AWS account id, used as an RGW user id. */
function accountShapedId(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

function cephConf(root: string, ports: { mon: number; http: number; tls: number }, fsid: string): string {
  return `# Written by s3-conformance (src/targets/ceph.ts) for one run; removed on stop.
[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${ports.mon}
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = ${root}/run
admin socket = ${root}/run/$name.asok
log file = ${root}/log/$name.log
mon cluster log file = ${root}/log/cluster.log
log to stderr = false
err to stderr = true
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000

[mon]
mon data = ${root}/mon/$cluster-$id

[osd]
osd data = ${root}/osd/$cluster-$id
osd objectstore = memstore
memstore device bytes = ${MEMSTORE_BYTES}

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${ports.http} ssl_endpoint=127.0.0.1:${ports.tls} ssl_certificate=${root}/tls/cert.pem ssl_private_key=${root}/tls/key.pem
rgw data = ${root}/rgw
# virtual hosts bucket.s3.localhost, for the virtual-hosted wire dialect
rgw dns name = s3.localhost
`;
}

/** Three different free loopback ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeLoopbackPort());
  return [...ports];
}

export const launchCeph: Launcher = async () => {
  await requireCephInstalled();
  const setpriv = await onPath('setpriv');
  const startedAt = Date.now();
  const deadline = startedAt + START_TIMEOUT_MS;
  const versionPromise = cephCommand(setpriv, 'radosgw', ['--version'], 10).then(
    (out) => {
      // "ceph version 16.2.15 (618f4408...) pacific (stable)"
      const match = /ceph version (\S+) \(\w+\) (\w+)/.exec(out);
      return match ? `ceph ${match[1]} ${match[2]} (radosgw)` : out.trim() || 'ceph (version unknown)';
    },
    () => 'ceph (version unknown)',
  );

  const root = await mkdtemp(join(tmpdir(), 's3c-ceph-'));
  removeOnExit(root);
  // Stopped in this order: RGW, then the OSD, then the monitor.
  const daemons: { name: string; server: SpawnedServer }[] = [];
  const stopDaemons = async () => {
    for (const { server } of [...daemons].reverse()) await server.stop();
  };
  const cleanUp = async () => {
    await stopDaemons();
    await rm(root, { recursive: true, force: true });
    liveRoots.delete(root);
  };
  const start = (name: string, command: string, args: string[]) => {
    const [file, argv] = dyingWithParent(setpriv, command, args);
    const server = spawnServer(file, argv, { name, cwd: root, killAfterMs: 10_000 });
    daemons.push({ name, server });
    return server;
  };
  /** Every daemon's last output, for an error message. */
  const tails = () =>
    daemons
      .map(({ name, server }) => [name, server.outputTail()] as const)
      .filter(([, tail]) => tail)
      .map(([name, tail]) => `\n--- last output of ${name} ---\n${tail}`)
      .join('');

  try {
    await Promise.all(['mon', 'osd/ceph-0', 'run', 'log', 'rgw', 'tls'].map((dir) => mkdir(join(root, dir), { recursive: true })));
    const [mon, http, tls] = (await freePorts(3)) as [number, number, number];
    const fsid = randomUUID();
    const conf = join(root, 'ceph.conf');
    const c = ['-c', conf];
    await Promise.all([
      writeFile(conf, cephConf(root, { mon, http, tls }, fsid)),
      makeSelfSignedCertificate(join(root, 'tls', 'cert.pem'), join(root, 'tls', 'key.pem')),
    ]);
    const ca = await readFile(join(root, 'tls', 'cert.pem'), 'utf8');

    // The monitor: a monmap with just itself, a mon. keyring (mkfs wants one even without cephx).
    const monmap = join(root, 'monmap');
    const monKeyring = join(root, 'mon.keyring');
    await Promise.all([
      cephCommand(setpriv, 'monmaptool', ['--create', '--add', 'a', `v2:127.0.0.1:${mon}`, '--fsid', fsid, monmap]),
      cephCommand(setpriv, 'ceph-authtool', ['--create-keyring', monKeyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']),
    ]);
    await cephCommand(setpriv, 'ceph-mon', [...c, '--mkfs', '-i', 'a', '--monmap', monmap, '--keyring', monKeyring]);
    const monDaemon = start('ceph-mon', 'ceph-mon', [...c, '-i', 'a', '-f']);

    // The OSD: an id from the monitor (`ceph osd new` waits until the monitor answers), a
    // memstore, started in the foreground.
    const osdUuid = randomUUID();
    const osdId = (await cephCommand(setpriv, 'ceph', [...c, 'osd', 'new', osdUuid])).trim();
    if (!/^\d+$/.test(osdId) || osdId !== '0') throw new Error(`ceph osd new answered "${osdId}", expected 0`);
    if (monDaemon.exitSignal.aborted) throw new Error(String(monDaemon.exitSignal.reason));
    await cephCommand(setpriv, 'ceph-osd', [...c, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
    const osdDaemon = start('ceph-osd', 'ceph-osd', [...c, '-i', osdId, '-f']);

    // RGW creates its pools on first start; the users are made meanwhile (radosgw-admin waits
    // for the OSD too).
    const rgwDaemon = start('radosgw', 'radosgw', [...c, '-n', 'client.rgw', '-f']);
    const anyDaemonExit = AbortSignal.any([monDaemon.exitSignal, osdDaemon.exitSignal, rgwDaemon.exitSignal]);
    const first = await createUser(setpriv, c, 'first account');
    const second = await createUser(setpriv, c, 'second account');

    const endpoint = `https://127.0.0.1:${tls}`;
    const alternateEndpoint = `http://127.0.0.1:${http}`;
    const remaining = () => Math.max(1000, deadline - Date.now());
    await waitForHttp(`${alternateEndpoint}/`, { timeoutMs: remaining(), signal: anyDaemonExit });
    await waitForHttp(`${endpoint}/`, { timeoutMs: remaining(), ca, signal: anyDaemonExit });
    // A signed CreateBucket and DeleteBucket: the credentials work, and RGW has made the pools
    // of bucket data and indexes (the first bucket takes seconds that no case should pay).
    await warmUp(endpoint, ca, first.credentials);

    return {
      endpoint,
      alternateEndpoint,
      credentials: first.credentials,
      secondCredentials: second.credentials,
      accountId: first.userId,
      secondAccountId: second.userId,
      ca,
      version: await versionPromise,
      stop: cleanUp,
    };
  } catch (error) {
    const tail = tails();
    await cleanUp();
    throw new Error(`Ceph RGW did not start: ${(error as Error).message}${tail}`);
  }
};

/** A user with a 12-digit id and keys that RGW generates (so no secret appears on a command line). */
async function createUser(
  setpriv: string | undefined,
  c: string[],
  displayName: string,
): Promise<{ userId: string; credentials: Credentials }> {
  const userId = accountShapedId();
  const out = await cephCommand(setpriv, 'radosgw-admin', [...c, 'user', 'create', `--uid=${userId}`, `--display-name=${displayName}`], 90);
  let parsed: { keys?: { user: string; access_key: string; secret_key: string }[] };
  try {
    parsed = JSON.parse(out);
  } catch {
    // Not JSON.parse's message: it would quote the output, secret keys included.
    throw new Error(`radosgw-admin user create --uid=${userId} printed no JSON`);
  }
  const keys = parsed.keys ?? [];
  const key = keys.find((entry) => entry.user === userId) ?? keys[0];
  if (!key) throw new Error(`radosgw-admin user create --uid=${userId} made no access key`);
  return { userId, credentials: { accessKeyId: key.access_key, secretAccessKey: key.secret_key } };
}

async function warmUp(endpoint: string, ca: string, credentials: Credentials): Promise<void> {
  const bucket = `s3c-warm-up-${randomBytes(4).toString('hex')}`;
  const options = { credentials, region: REGION, timeoutMs: 30_000, ca };
  const url = new URL(`/${bucket}`, endpoint);
  const created = await send({ method: 'PUT', url, headers: [], body: Buffer.alloc(0) }, options);
  if (created.status !== 200)
    throw new Error(`a signed CreateBucket answered ${created.status}: ${created.body.toString('utf8').slice(0, 300)}`);
  const deleted = await send({ method: 'DELETE', url, headers: [], body: Buffer.alloc(0) }, options);
  if (deleted.status !== 204)
    throw new Error(`a signed DeleteBucket answered ${deleted.status}: ${deleted.body.toString('utf8').slice(0, 300)}`);
}
