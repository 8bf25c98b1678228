// S3Proxy (https://github.com/gaul/s3proxy) as a launched target: the jar that
// scripts/install-s3proxy.sh installs, with its filesystem-nio2 storage backend on a temporary
// directory, over HTTPS (a PKCS#12 keystore holding a self-signed certificate) and plain HTTP
// at once, both on 127.0.0.1.
//
// S3Proxy has one identity per configuration and takes several configurations (one
// --properties file each); each identity gets a storage directory of its own. So the second
// identity is a second account whose buckets live apart: it does not see the first one's buckets
// at all (NoSuchBucket where S3 says AccessDenied), which the baseline records.
//
// Virtual hosts: with `s3proxy.virtual-host` set, S3Proxy takes any Host that is neither that
// domain nor under it for a bucket name (S3's CNAME addressing), 127.0.0.1 included. So the
// endpoints are named s3.localhost (the engine connects names under localhost to 127.0.0.1) and
// path-style requests name the virtual domain itself, as S3Proxy expects; the listeners stay on
// 127.0.0.1.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Credentials } from '../engine/http.ts';
import { LOCAL_VIRTUAL_HOST_SUFFIX } from '../engine/wire/virtual-host.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { toolsDir } from './minio.ts';
import { freeLoopbackPort, requireInstalled, spawnServer, startFailure } from './process-utils.ts';
import { waitForWrites } from './seaweedfs.ts';

const run = promisify(execFile);

export function defaultS3proxyBinary(): string {
  return join(toolsDir(), 'bin', 's3proxy');
}

export const launchS3proxy: Launcher = async () => {
  const binary = defaultS3proxyBinary();
  await requireInstalled(binary, 'install-s3proxy.sh');
  const versionPromise = s3proxyVersion(binary);

  const root = await mkdtemp(join(tmpdir(), 's3c-s3proxy-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const certificate = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await makeSelfSignedCertificate(certificate, key);
    const ca = await readFile(certificate, 'utf8');
    const keystore = join(root, 'keystore.p12');
    const keystorePassword = randomBytes(16).toString('hex');
    await makeKeystore(certificate, key, keystore, keystorePassword);

    const [httpsPort, httpPort] = await distinctFreePorts(2);
    const endpoint = `https://${LOCAL_VIRTUAL_HOST_SUFFIX}:${httpsPort}`;
    const alternateEndpoint = `http://${LOCAL_VIRTUAL_HOST_SUFFIX}:${httpPort}`;
    const credentials = throwawayCredentials();
    const secondCredentials = throwawayCredentials();
    // The s3proxy.* settings must be the same in every configuration; only the identity and
    // its storage differ.
    const shared = {
      // Where it listens: the endpoints' names are no DNS names, and Jetty would look them up.
      's3proxy.endpoint': `http://127.0.0.1:${httpPort}`,
      's3proxy.secure-endpoint': `https://127.0.0.1:${httpsPort}`,
      's3proxy.keystore-path': keystore,
      's3proxy.keystore-password': keystorePassword,
      's3proxy.authorization': 'aws-v2-or-v4',
      's3proxy.virtual-host': LOCAL_VIRTUAL_HOST_SUFFIX,
      'jclouds.provider': 'filesystem-nio2',
      // Required by jclouds; a local backend ignores them.
      'jclouds.identity': 'local',
      'jclouds.credential': 'local',
    };
    const propertiesFiles: string[] = [];
    for (const [name, identity] of [
      ['main', credentials],
      ['second', secondCredentials],
    ] as const) {
      const storage = join(root, `storage-${name}`);
      await mkdir(storage);
      const file = join(root, `${name}.properties`);
      const settings = {
        ...shared,
        's3proxy.identity': identity.accessKeyId,
        's3proxy.credential': identity.secretAccessKey,
        'jclouds.filesystem.basedir': storage,
      };
      // Written readable by the owner only: it holds the secret keys.
      await writeFile(file, javaProperties(settings), { mode: 0o600 });
      propertiesFiles.push(file);
    }

    // The caller's S3PROXY_* and JCLOUDS_* are dropped (the jar's own start script reads them),
    // so every start is the same server.
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) if (!/^(S3PROXY_|JCLOUDS_)/.test(name)) env[name] = value;
    const server = spawnServer(
      binary,
      propertiesFiles.flatMap((file) => ['--properties', file]),
      { name: 's3proxy', env, cwd: root },
    );
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      // S3Proxy has no health URL; a bucket written and removed shows it serves S3. The JVM's
      // start takes several seconds on a busy machine.
      await waitForWrites(endpoint, credentials, ca, Date.now() + 90_000, server.exitSignal);
      return { endpoint, alternateEndpoint, credentials, secondCredentials, ca, version: await versionPromise, stop };
    } catch (error) {
      throw await startFailure(`S3Proxy at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

function throwawayCredentials(): Credentials {
  return { accessKeyId: `s3c${randomBytes(8).toString('hex')}`, secretAccessKey: randomBytes(20).toString('hex') };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeLoopbackPort());
  return [...ports];
}

/** A PKCS#12 keystore (what S3Proxy's Jetty reads) holding the certificate and its key; the password goes through the environment, not argv. */
async function makeKeystore(certificate: string, key: string, keystore: string, password: string): Promise<void> {
  await run(
    'openssl',
    ['pkcs12', '-export', '-in', certificate, '-inkey', key, '-name', 's3proxy', '-out', keystore, '-passout', 'env:S3C_KEYSTORE_PASSWORD'],
    {
      env: { ...process.env, S3C_KEYSTORE_PASSWORD: password },
    },
  ).catch((error: Error) => {
    throw new Error(`could not make a PKCS#12 keystore with openssl: ${error.message}`);
  });
}

/** Java properties text; the values here are paths, URLs and hex, so only backslashes need escaping. */
function javaProperties(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${value.replaceAll('\\', '\\\\')}\n`)
    .join('');
}

/** What `s3proxy --version` says (its last line ends with the version) as "s3proxy 2.6.0". */
async function s3proxyVersion(binary: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(binary, ['--version'], { timeout: 60_000 });
    const version = /(\d+\.\d+\.\d+\S*)\s*$/.exec(`${stdout}${stderr}`.trim())?.[1];
    return version ? `s3proxy ${version}` : 's3proxy (version unknown)';
  } catch {
    return 's3proxy (version unknown)';
  }
}
