// Launching a target in a container (`--via testcontainers`): the same binary that the process
// launcher runs, wrapped in a locally built `FROM scratch` image (no registry needed), started by
// testcontainers with its ports published on 127.0.0.1 only. The Go-built servers are statically
// linked; a dynamically linked one (Garage, Rust against glibc) brings into the image exactly the
// shared libraries `ldd` lists for it and the dynamic loader, at their host paths.
//
// testcontainers' reaper (Ryuk) is an image from Docker Hub, which may be unreachable: it is
// disabled (TESTCONTAINERS_RYUK_DISABLED=true unless the caller set it), and stop() removes the
// container itself; a container that outlives a killed run carries the label below
// (`docker rm -f $(docker ps -aq --filter label=s3-conformance.launcher)` clears them).
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { GenericContainer, getContainerRuntimeClient, ImageName, type StartedTestContainer, Wait } from 'testcontainers';
import type { LaunchedServer } from './launcher.ts';
import { addSecondUser } from './minio-second-account.ts';
import type { Credentials } from '../engine/http.ts';
import { defaultMinioBinary, goModuleVersion, toolsDir } from './minio.ts';
import { waitForHttp, requireInstalled, StartError } from './process-utils.ts';
import { UsageError } from './resolve.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import { accountShapedCredentials, createVersitygwUser, defaultVersitygwBinary, VERSITYGW_REGION } from './versitygw.ts';
import { defaultWeedBinary, waitForWrites, WEED_ENV, weedIdentities, weedServerArgs, weedVersion } from './seaweedfs.ts';
import { defaultGarageBinary, garageToml, garageVersion, setUpSingleNode } from './garage.ts';
import { defaultRustfsBinary, RUSTFS_REGION, rustfsEnvironment, rustfsVersion } from './rustfs.ts';

const run = promisify(execFile);

/** The label every container and image made here carries. */
export const CONTAINER_LABEL = 's3-conformance.launcher';

/** How long the engine check waits for an answer before saying none is reachable. */
const ENGINE_CHECK_TIMEOUT_MS = 3000;

/** A server from one binary that can run from a FROM-scratch image. */
interface ContainerSpec {
  /** Image repository: s3-conformance/NAME. */
  image: string;
  /** The binary on the host, and the script that builds it when it is missing. */
  binary(): string;
  installScript: string;
  /** The binary links against shared libraries: the image holds the ones `ldd` lists, and the loader. */
  dynamicallyLinked?: boolean;
  /** The port the server listens on inside the container, and a plain-HTTP one beside it, if any. */
  port: number;
  alternatePort?: number;
  /** An admin API's port, published for `finish` only. */
  adminPort?: number;
  /**
   * How testcontainers knows the server is up: a URL path on `port` that answers 200 (and a 200
   * that still means "not yet", see waitForHttp), or a line the server logs when no URL answers
   * 200 before `finish` has run.
   */
  ready: { healthPath: string; notReadyReason?: (headers: http.IncomingHttpHeaders) => string | undefined } | { logLine: RegExp };
  tls: boolean;
  /** Where the server reads its TLS certificate and key (/certs/public.crt and /certs/private.key unless told). */
  certificateFiles?: { certificate: string; key: string };
  /** What the binary says its version is; its Go module version unless told. */
  version?(binary: string): Promise<string>;
  /** Arguments to the binary (the image's entrypoint). */
  command: string[];
  /** Empty directories the image provides (scratch has none); the data lives in the container's writable layer. */
  directories: string[];
  /** Throwaway credentials, new for every start, and what the container needs to serve them. */
  setup(): ContainerSetup;
  /** How long `docker stop` waits before it kills (5 s unless told). */
  stopTimeoutMs?: number;
  /** Extra setup once the server answers, e.g. a second user, or keys made through an admin API. */
  finish?(server: ContainerServer, setup: ContainerSetup): Promise<Partial<LaunchedServer>>;
}

interface ContainerSetup {
  env: Record<string, string>;
  /** Files written into the container before it starts (the TLS certificate is copied besides). */
  files?: { content: string; target: string; mode: number }[];
  /** The admin API's bearer token, for `finish`. */
  adminToken?: string;
  /** What the launched server is known to have: its credentials (unless `finish` makes them), and any second account. */
  server: Partial<Pick<LaunchedServer, 'credentials' | 'secondCredentials' | 'accountId' | 'secondAccountId'>>;
}

/** What a started container gives before `finish`. */
interface ContainerServer {
  endpoint: string;
  /** The admin API's URL, when the spec has an admin port. */
  adminEndpoint?: string;
  credentials?: Credentials;
  ca?: string;
  version: string;
}

/** Throwaway root credentials, random hex. */
function randomCredentials(): Credentials {
  return { accessKeyId: randomBytes(10).toString('hex'), secretAccessKey: randomBytes(20).toString('hex') };
}

const SPECS: Record<string, ContainerSpec> = {
  minio: {
    image: 's3-conformance/minio',
    binary: defaultMinioBinary,
    installScript: 'install-minio.sh',
    port: 9000,
    ready: {
      healthPath: '/minio/health/live',
      notReadyReason: (headers) => (headers['x-minio-server-status'] === 'offline' ? 'server status offline (initialising)' : undefined),
    },
    tls: true,
    command: ['server', '/data', '--address', ':9000', '--console-address', ':9001', '--certs-dir', '/certs'],
    directories: ['/data', '/tmp', '/certs'],
    setup() {
      const credentials = randomCredentials();
      const env = {
        MINIO_ROOT_USER: credentials.accessKeyId,
        MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
      };
      return { env, server: { credentials } };
    },
    async finish(server) {
      const secondCredentials = await addSecondUser({
        ...server,
        ...server.credentials!,
        name: 'minio',
        region: 'us-east-1',
        stop: async () => {},
      });
      return { secondCredentials };
    },
  },
  // The same server as the process launcher (src/targets/versitygw.ts): posix backend with
  // versioning, TLS, a second user made through the admin API, access key ids as account ids.
  versitygw: {
    image: 's3-conformance/versitygw',
    binary: defaultVersitygwBinary,
    installScript: 'install-versitygw.sh',
    port: 7070,
    ready: { healthPath: '/health' },
    tls: true,
    command: [
      '--port',
      ':7070',
      '--region',
      VERSITYGW_REGION,
      '--cert',
      '/certs/public.crt',
      '--key',
      '/certs/private.key',
      '--iam-dir',
      '/iam',
      '--health',
      '/health',
      'posix',
      '--versioning-dir',
      '/versions',
      '/data',
    ],
    directories: ['/data', '/versions', '/iam', '/tmp', '/certs'],
    setup() {
      const credentials = accountShapedCredentials();
      return {
        env: { ROOT_ACCESS_KEY_ID: credentials.accessKeyId, ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey },
        server: { credentials },
      };
    },
    async finish(server) {
      const secondCredentials = await createVersitygwUser(server.endpoint, server.ca!, server.credentials!, 'userplus');
      return { secondCredentials, accountId: server.credentials!.accessKeyId, secondAccountId: secondCredentials.accessKeyId };
    },
  },
  // The same `weed server` as the process launcher (src/targets/seaweedfs.ts), its services on
  // their usual ports inside the container, bound to all of the container's interfaces so that
  // the published S3 ports reach them.
  seaweedfs: {
    image: 's3-conformance/seaweedfs',
    binary: defaultWeedBinary,
    installScript: 'install-seaweedfs.sh',
    port: 8443,
    alternatePort: 8333,
    ready: { healthPath: '/healthz' },
    tls: true,
    version: weedVersion,
    command: weedServerArgs({
      dataDir: '/data',
      bindIp: '0.0.0.0',
      ports: {
        master: 9333,
        masterGrpc: 19333,
        volume: 8080,
        volumeGrpc: 18080,
        filer: 8888,
        filerGrpc: 18888,
        s3: 8333,
        s3Https: 8443,
        s3Grpc: 18333,
      },
      socketsDir: '/tmp',
      s3ConfigFile: '/config/s3.json',
      certificate: '/certs/public.crt',
      key: '/certs/private.key',
    }),
    directories: ['/data', '/tmp', '/certs', '/config'],
    setup() {
      const identities = weedIdentities();
      return {
        env: WEED_ENV,
        files: [{ content: identities.s3ConfigJson, target: '/config/s3.json', mode: 0o600 }],
        server: identities.server,
      };
    },
    // Nothing in the container is worth the 16 s weed takes to stop after SIGTERM.
    stopTimeoutMs: 1000,
    async finish(server) {
      // /healthz answers before the volume server has joined: wait until an object can be written.
      await waitForWrites(server.endpoint, server.credentials!, server.ca!, Date.now() + 60_000, new AbortController().signal);
      return {};
    },
  },
  // The same one-node cluster as the process launcher (src/targets/garage.ts): its garage.toml
  // with the files under / and the APIs on the container's interfaces; once the admin API
  // listens, the layout is applied and the two keys made through it. Plain HTTP, like Garage.
  garage: {
    image: 's3-conformance/garage',
    binary: defaultGarageBinary,
    installScript: 'install-garage.sh',
    dynamicallyLinked: true,
    port: 3900,
    adminPort: 3903,
    // Nothing answers 200 before the layout is applied: /health answers 503, the S3 API 403.
    ready: { logLine: /Admin API server listening/ },
    tls: false,
    version: garageVersion,
    command: ['-c', '/garage.toml', 'server'],
    directories: ['/meta', '/data'],
    setup() {
      const adminToken = randomBytes(24).toString('hex');
      const config = garageToml({ root: '/', s3Port: 3900, rpcPort: 3901, adminPort: 3903, adminToken, apiHost: '0.0.0.0' });
      // The image has no environment of the caller's: no GARAGE_* setting reaches the server.
      return { env: {}, files: [{ content: config, target: '/garage.toml', mode: 0o600 }], adminToken, server: {} };
    },
    // Garage waits up to 10 s after SIGTERM for open admin connections (the set-up's, kept alive
    // by fetch); nothing in the container is worth that.
    stopTimeoutMs: 1000,
    // Nothing here signals the container's exit: the set-up's own deadline bounds its waits.
    finish: (server, setup) => setUpSingleNode(server.adminEndpoint!, setup.adminToken!, new AbortController().signal),
  },
  // The same server as the process launcher (src/targets/rustfs.ts): one data directory, TLS, the
  // console off, virtual hosts under s3.localhost, a second IAM user through the admin API.
  rustfs: {
    image: 's3-conformance/rustfs',
    binary: defaultRustfsBinary,
    installScript: 'install-rustfs.sh',
    dynamicallyLinked: true,
    port: 9000,
    ready: { healthPath: '/health' },
    tls: true,
    certificateFiles: { certificate: '/certs/rustfs_cert.pem', key: '/certs/rustfs_key.pem' },
    version: rustfsVersion,
    command: [
      'server',
      '/data',
      '--address',
      ':9000',
      '--tls-path',
      '/certs',
      '--region',
      RUSTFS_REGION,
      '--server-domains',
      's3.localhost',
    ],
    directories: ['/data', '/certs', '/tmp'],
    setup() {
      const credentials = randomCredentials();
      return { env: rustfsEnvironment(credentials), server: { credentials } };
    },
    async finish(server) {
      // /health answers before the storage layer takes writes.
      await waitForWrites(server.endpoint, server.credentials!, server.ca!, Date.now() + 60_000, new AbortController().signal);
      const secondCredentials = await addSecondUser({
        ...server,
        ...server.credentials!,
        name: 'rustfs',
        region: RUSTFS_REGION,
        stop: async () => {},
      });
      return { secondCredentials };
    },
  },
};

export const CONTAINER_LAUNCHER_NAMES = Object.keys(SPECS);

/**
 * Starts the named target in a container: from `options.image` when given (an image the user has,
 * or an official one a registry serves), else from an image built here around the local binary.
 */
export async function launchInContainer(name: string, options: { image?: string } = {}): Promise<LaunchedServer> {
  const spec = SPECS[name];
  if (!spec) {
    throw new UsageError(
      `--via testcontainers: target launcher "${name}" has no container image here; known: ${CONTAINER_LAUNCHER_NAMES.join(', ')}`,
    );
  }
  // Before testcontainers looks for a runtime (which can take long, or fall back to another
  // socket than DOCKER_HOST names): one short look at the engine the user pointed to.
  await requireDockerEngine();
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  // Ports are published on the engine host's 127.0.0.1 only, so that is where they are reached.
  // Without this, testcontainers running where /.dockerenv exists (this process in a container,
  // the engine beside it) reaches for the bridge gateway (172.17.0.1), where nothing listens, and
  // its wait times out.
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

  // A given image needs no local binary.
  const binary = options.image === undefined ? await ensureBinary(spec) : undefined;
  const setup = spec.setup();
  const work = await mkdtemp(join(tmpdir(), `s3c-${name}-container-`));
  try {
    const certificate = join(work, 'public.crt');
    const key = join(work, 'private.key');
    const [image, version, ca] = await Promise.all([
      binary ? ensureImage(spec, binary) : options.image!,
      binary ? binaryVersion(name, spec, binary) : `${name} (container image ${options.image})`,
      spec.tls ? makeSelfSignedCertificate(certificate, key).then(() => readFile(certificate, 'utf8')) : undefined,
    ]);
    let container = new LoopbackContainer(image)
      .withEnvironment(setup.env)
      .withCommand(spec.command)
      .withLabels({ [CONTAINER_LABEL]: name })
      .withExposedPorts(spec.port, ...[spec.alternatePort, spec.adminPort].filter((port) => port !== undefined))
      .withWaitStrategy(readiness(spec))
      .withStartupTimeout(60_000);
    if (spec.tls) {
      container = container.withCopyFilesToContainer([
        { source: certificate, target: spec.certificateFiles?.certificate ?? '/certs/public.crt', mode: 0o644 },
        { source: key, target: spec.certificateFiles?.key ?? '/certs/private.key', mode: 0o600 },
      ]);
    }
    if (setup.files) container = container.withCopyContentToContainer(setup.files);
    container.bindToLoopback();

    let started: StartedTestContainer;
    try {
      started = await container.start();
    } catch (error) {
      throw new StartError(`${name} in a container (image ${image}) did not start: ${(error as Error).message}`);
    }
    const id = started.getId();
    liveContainers.add(id);
    installExitHook();
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        try {
          await started.stop({ timeout: spec.stopTimeoutMs ?? 5000, remove: true, removeVolumes: true });
        } finally {
          liveContainers.delete(id);
        }
      })());

    try {
      const endpoint = `${spec.tls ? 'https' : 'http'}://127.0.0.1:${started.getMappedPort(spec.port)}`;
      if ('healthPath' in spec.ready) {
        // The HTTP wait saw a 200; some servers say "not ready yet" in a header of that 200.
        const { healthPath, notReadyReason } = spec.ready;
        await waitForHttp(`${endpoint}${healthPath}`, { timeoutMs: 30_000, ca, notReadyReason });
      }
      const published = (port: number | undefined) => (port === undefined ? undefined : `http://127.0.0.1:${started.getMappedPort(port)}`);
      const alternateEndpoint = published(spec.alternatePort);
      const server: ContainerServer = {
        endpoint,
        adminEndpoint: published(spec.adminPort),
        credentials: setup.server.credentials,
        ca,
        version,
      };
      const extra = (await spec.finish?.(server, setup)) ?? {};
      const credentials = extra.credentials ?? setup.server.credentials;
      if (!credentials) throw new Error(`${name} in a container: neither its setup nor its finish gave credentials`);
      return { endpoint, alternateEndpoint, ...setup.server, ca, version, ...extra, credentials, stop };
    } catch (error) {
      await stop().catch(() => {});
      throw error;
    }
  } finally {
    // The certificate has been copied into the container; the host copy is not needed.
    await rm(work, { recursive: true, force: true });
  }
}

/** A GenericContainer whose published ports bind 127.0.0.1 only (testcontainers binds all interfaces). */
class LoopbackContainer extends GenericContainer {
  bindToLoopback(): this {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as { HostIp?: string }[][]) {
      for (const binding of bindings) binding.HostIp = '127.0.0.1';
    }
    return this;
  }
}

/** The wait strategy for the spec's readiness. The default (a listening port) runs a shell inside the container; scratch has none. */
function readiness(spec: ContainerSpec) {
  if ('logLine' in spec.ready) return Wait.forLogMessage(spec.ready.logLine);
  // Its read timeout is also its polling interval (1 s unless told): poll every 250 ms.
  const httpWait = Wait.forHttp(spec.ready.healthPath, spec.port, { abortOnContainerExit: true }).withReadTimeout(250);
  // The wait only checks liveness; the server's certificate is checked by every later request.
  return spec.tls ? httpWait.usingTls().allowInsecure() : httpWait;
}

// ---------------------------------------------------------------------------------------------
// The Docker engine

/** Where testcontainers will look for the engine: DOCKER_HOST, ~/.testcontainers.properties, the usual sockets. */
function engineCandidates(): { url: string; from: string }[] {
  if (process.env.DOCKER_HOST) return [{ url: process.env.DOCKER_HOST, from: 'DOCKER_HOST' }];
  const properties = join(homedir(), '.testcontainers.properties');
  if (existsSync(properties)) {
    const text = readFileSync(properties, 'utf8');
    const value = /^\s*(?:tc\.host|docker\.host)\s*[=:]\s*(\S+)/m.exec(text)?.[1];
    if (value) return [{ url: value, from: properties }];
  }
  const uid = process.getuid?.();
  return [
    '/var/run/docker.sock',
    ...(process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
    ...(uid !== undefined ? [`/run/user/${uid}/docker.sock`] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
  ].map((path) => ({ url: `unix://${path}`, from: 'default' }));
}

/** One GET /_ping (HTTP over the socket or TCP); resolves with the problem, or undefined when it answers. */
function pingEngine(url: string, timeoutMs: number): Promise<string | undefined> {
  let options: http.RequestOptions;
  if (url.startsWith('unix://')) options = { socketPath: url.slice('unix://'.length) };
  else if (url.startsWith('https://') || (url.startsWith('tcp://') && process.env.DOCKER_TLS_VERIFY)) {
    return Promise.resolve(undefined); // An engine behind TLS: testcontainers checks it.
  } else if (/^(tcp|http):\/\//.test(url)) {
    const parsed = new URL(url.replace(/^tcp:/, 'http:'));
    options = { host: parsed.hostname, port: Number(parsed.port || 2375) };
  } else return Promise.resolve(`unsupported address ${url}`);
  return new Promise((resolvePing) => {
    const request = http.get({ ...options, path: '/_ping', agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolvePing(response.statusCode === 200 ? undefined : `/_ping answered HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolvePing(error.code ? `${error.code} (${error.message})` : error.message));
  });
}

/** Throws a UsageError that says so when no Docker engine answers within a few seconds. */
export async function requireDockerEngine(timeoutMs = ENGINE_CHECK_TIMEOUT_MS): Promise<void> {
  const candidates = engineCandidates();
  const problems = await Promise.all(candidates.map((candidate) => pingEngine(candidate.url, timeoutMs)));
  if (problems.some((problem) => problem === undefined)) return;
  const tried = candidates.map((c, i) => `  ${c.url}${c.from === 'default' ? '' : ` (from ${c.from})`}: ${problems[i]}`).join('\n');
  throw new UsageError(
    `--via testcontainers: no Docker engine is reachable:\n${tried}\n` +
      "start one (scripts/install-docker.sh installs and starts Debian's docker.io as root), or point DOCKER_HOST at a running engine",
  );
}

// ---------------------------------------------------------------------------------------------
// The image

async function ensureBinary(spec: ContainerSpec): Promise<string> {
  const binary = spec.binary();
  await requireInstalled(binary, spec.installScript);
  return binary;
}

const imageByBinary = new Map<string, Promise<string>>();

/** The tag of a local image around `binary` (s3-conformance/NAME:<sha256 prefix>), built when missing. */
function ensureImage(spec: ContainerSpec, binary: string): Promise<string> {
  let image = imageByBinary.get(binary);
  if (!image) {
    image = buildImageOnce(spec, binary);
    imageByBinary.set(binary, image);
    image.catch(() => imageByBinary.delete(binary));
  }
  return image;
}

async function buildImageOnce(spec: ContainerSpec, binary: string): Promise<string> {
  const name = 'server';
  const libraries = spec.dynamicallyLinked ? await sharedLibraries(binary) : [];
  const dockerfile = [
    'FROM scratch',
    `LABEL ${CONTAINER_LABEL}="${spec.image}"`,
    // The libraries' tree (lib/..., lib64/...) at the root, as on the host.
    ...(libraries.length > 0 ? ['COPY libraries/ /'] : []),
    `COPY ${name} /${name}`,
    ...spec.directories.map((directory) => `COPY empty ${directory}`),
    `EXPOSE ${spec.port}`,
    `ENTRYPOINT ["/${name}"]`,
    '',
  ].join('\n');
  // The tag names what the image holds: the binary, its libraries and the Dockerfile around them.
  const digest = createHash('sha256').update(await binaryHash(binary));
  for (const library of libraries) digest.update(`${library}\0${await sha256(library)}\0`);
  const hash = digest.update(dockerfile).digest('hex').slice(0, 16);
  const tag = `${spec.image}:${hash}`;
  const client = await getContainerRuntimeClient();
  if (await client.image.exists(ImageName.fromString(tag))) return tag;

  const context = await mkdtemp(join(tmpdir(), 's3c-image-'));
  try {
    // A hard link when the temp dir is on the same filesystem: the binary is ~150 MB.
    await link(binary, join(context, name)).catch(() => copyFile(binary, join(context, name)));
    // Copied, not linked: a library path is often a symbolic link (the loader's is), and the
    // image needs the file it names, at the path the binary asks for.
    for (const library of libraries) {
      const target = join(context, 'libraries', library);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(library, target);
    }
    await mkdir(join(context, 'empty'));
    await writeFile(join(context, 'Dockerfile'), dockerfile);
    // Kept after the run (deleteOnExit false): the tag is the cache.
    await GenericContainer.fromDockerfile(context).build(tag, { deleteOnExit: false });
    return tag;
  } catch (error) {
    throw new Error(`could not build the image ${tag} from ${binary}: ${(error as Error).message}`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/**
 * The absolute paths `ldd` lists for a dynamically linked binary: its shared libraries and the
 * dynamic loader (the kernel's vDSO has no file and is left out).
 */
export async function sharedLibraries(binary: string): Promise<string[]> {
  let listing: string;
  try {
    listing = (await run('ldd', [binary], { timeout: 30_000 })).stdout;
  } catch (error) {
    throw new Error(`ldd could not list the shared libraries of ${binary}: ${(error as Error).message}`);
  }
  const missing = listing.split('\n').filter((line) => line.includes('=> not found'));
  if (missing.length > 0) throw new Error(`${binary} needs libraries this machine lacks: ${missing.map((line) => line.trim()).join('; ')}`);
  // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)".
  const paths = [...listing.matchAll(/(?:=>\s*|^\s*)(\/\S+)\s+\(0x[0-9a-f]+\)/gm)].map((match) => match[1]!);
  if (paths.length === 0) throw new Error(`ldd listed no shared libraries for ${binary}, which is said to link against some:\n${listing}`);
  return paths;
}

/**
 * The binary's SHA-256, remembered next to the tools (containers/NAME.sha256) with the file's
 * size, mtime and inode: hashing 150 MB takes ~0.7 s, half of a warm container start.
 */
async function binaryHash(path: string): Promise<string> {
  const info = await stat(path);
  const key = `${info.size} ${info.mtimeMs} ${info.ino}`;
  const memo = join(toolsDir(), 'containers', `${basename(path)}.sha256`);
  const remembered = await readFile(memo, 'utf8').catch(() => '');
  if (remembered.startsWith(`${key} `)) return remembered.slice(key.length + 1).trim();
  const hash = await sha256(path);
  await mkdir(dirname(memo), { recursive: true })
    .then(() => writeFile(memo, `${key} ${hash}\n`))
    .catch(() => {}); // only a cache
  return hash;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolveHash(hash.digest('hex')));
  });
}

async function binaryVersion(name: string, spec: ContainerSpec, binary: string): Promise<string> {
  if (spec.version) return `${await spec.version(binary)} (container)`;
  const module = await goModuleVersion(binary).catch(() => undefined);
  return `${name} ${module ? module.split(' ')[1] : '(version unknown)'} (container, go install build)`;
}

// ---------------------------------------------------------------------------------------------
// Cleanup when the process exits without stopping its containers (no reaper to do it).

const liveContainers = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    if (liveContainers.size === 0) return;
    // Best effort with the docker CLI, if there is one; nothing async runs in an exit handler.
    spawnSync('docker', ['rm', '-f', ...liveContainers], { stdio: 'ignore', timeout: 10_000 });
  });
}
