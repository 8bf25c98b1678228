// versitygw (the Versity S3 Gateway) as a launched target: its posix backend on a temporary
// directory, over TLS with a self-signed certificate, bucket versioning on (the posix backend
// keeps old versions in a directory of its own, --versioning-dir), and a second user made
// through the gateway's admin API (what `versitygw admin create-user` sends).
//
// versitygw has no account ids: a bucket's owner is the access key id of the user who made it,
// and x-amz-expected-bucket-owner is compared with that. So the launcher makes each access key
// id a 12-digit number, and the access key ids are the account ids.
import { randomBytes, randomInt } from 'node:crypto';

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from '../engine/http.ts';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { goModuleVersion, toolsDir } from './minio.ts';
import { requireInstalled, freeLoopbackPort, spawnServer, waitForHttp, startFailure } from './process-utils.ts';

export const VERSITYGW_REGION = 'us-east-1';

export function defaultVersitygwBinary(): string {
  return join(toolsDir(), 'bin', 'versitygw');
}

/** Throwaway credentials whose access key id is a random 12-digit number, the shape of an AWS account id. */
export function accountShapedCredentials(): Credentials {
  return { accessKeyId: String(randomInt(100_000_000_000, 1_000_000_000_000)), secretAccessKey: randomBytes(20).toString('hex') };
}

export const launchVersitygw: Launcher = async () => {
  const binary = defaultVersitygwBinary();
  await requireInstalled(binary, 'install-versitygw.sh');
  const versionPromise = goModuleVersion(binary).then(
    (module) => (module ? `versitygw ${module.split(' ')[1]}` : 'versitygw (version unknown)'),
    () => 'versitygw (version unknown)',
  );

  const root = await mkdtemp(join(tmpdir(), 's3c-versitygw-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const dataDir = join(root, 'data');
    const versionsDir = join(root, 'versions');
    const iamDir = join(root, 'iam');
    await Promise.all([mkdir(dataDir), mkdir(versionsDir), mkdir(iamDir)]);
    const certificate = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await makeSelfSignedCertificate(certificate, key);
    const ca = await readFile(certificate, 'utf8');

    const port = await freeLoopbackPort();
    // Throwaway root credentials, new for every start.
    const credentials = accountShapedCredentials();
    const env: NodeJS.ProcessEnv = {};
    // Drop the caller's VGW_*, ROOT_* and ADMIN_* settings (versitygw reads its flags from them)
    // so every start is the same server.
    for (const [name, value] of Object.entries(process.env)) if (!/^(VGW_|ROOT_|ADMIN_)/.test(name)) env[name] = value;

    // The root credentials go in the environment (what --access and --secret read), not on the
    // command line where `ps` shows them.
    env.ROOT_ACCESS_KEY_ID = credentials.accessKeyId;
    env.ROOT_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    // No --admin-port: the admin API is then served on the S3 port. No --webui: off.
    const server = spawnServer(
      binary,
      [
        '--port',
        `127.0.0.1:${port}`,
        '--region',
        VERSITYGW_REGION,
        '--cert',
        certificate,
        '--key',
        key,
        '--iam-dir',
        iamDir,
        '--health',
        '/health',
        // Virtual hosts bucket.s3.localhost (the virtual-hosted dialect connects them to this address).
        '--virtual-domain',
        's3.localhost',
        'posix',
        '--versioning-dir',
        versionsDir,
        dataDir,
      ],
      { name: 'versitygw', env, cwd: root },
    );
    const endpoint = `https://127.0.0.1:${port}`;
    const stop = async () => {
      await server.stop();
      await removeRoot();
    };
    try {
      await waitForHttp(`${endpoint}/health`, { timeoutMs: 30_000, ca, signal: server.exitSignal });
      const secondCredentials = await createVersitygwUser(endpoint, ca, credentials, 'userplus');
      return {
        endpoint,
        credentials,
        secondCredentials,
        accountId: credentials.accessKeyId,
        secondAccountId: secondCredentials.accessKeyId,
        ca,
        version: await versionPromise,
        stop,
      };
    } catch (error) {
      throw await startFailure(`versitygw at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

/**
 * A new IAM user through the admin API: PATCH /create-user with the account as XML, signed by
 * the root user (what `versitygw admin create-user` does). Role `userplus` is a plain user that
 * may create buckets of its own, like a second AWS account; `admin` could reach every bucket.
 */
export async function createVersitygwUser(
  endpoint: string,
  ca: string,
  root: Credentials,
  role: 'user' | 'userplus' | 'admin',
): Promise<Credentials> {
  const user = accountShapedCredentials();
  const body = Buffer.from(
    `<Account><Access>${user.accessKeyId}</Access><Secret>${user.secretAccessKey}</Secret><Role>${role}</Role></Account>`,
  );
  const response = await send(
    { method: 'PATCH', url: new URL('/create-user', endpoint), headers: [['content-type', 'application/xml']], body },
    { credentials: root, region: VERSITYGW_REGION, timeoutMs: 10_000, ca },
  );
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`versitygw admin create-user answered ${response.status}: ${response.body.toString('utf8').slice(0, 500)}`);
  }
  return user;
}
