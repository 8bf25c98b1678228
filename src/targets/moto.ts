// moto (https://github.com/getmoto/moto) as a launched target: `moto_server` from the venv that
// scripts/install-moto.sh makes, on 127.0.0.1 over TLS with a self-signed certificate
// (--ssl-cert/--ssl-key), its state in memory and its spooled files in a temporary directory.
//
// moto accepts any credentials and puts every request whose access key it does not know in its
// default account, 123456789012 (MOTO_ACCOUNT_ID would override that for every request, so it is
// removed from the server's environment). A second account comes from moto's own STS:
// AssumeRole into a role ARN of another account gives credentials that moto puts in that account
// (their buckets are listed apart; moto does not enforce policies between accounts).
import { randomBytes, randomInt } from 'node:crypto';
import https from 'node:https';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { freeLoopbackPort, spawnServer, waitForHttp, startFailure } from './process-utils.ts';
import { distributionVersion, requireVenvInstalled, venvDir } from './python-tools.ts';

/** moto's default account (moto.core.DEFAULT_ACCOUNT_ID). */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

export function defaultMotoServer(): string {
  return join(venvDir('moto'), 'bin', 'moto_server');
}

export const launchMoto: Launcher = async () => {
  const executable = defaultMotoServer();
  await requireVenvInstalled(executable, 'install-moto.sh');
  const versionPromise = distributionVersion(venvDir('moto'), 'moto').then(
    (version) => `moto ${version}`,
    () => 'moto (version unknown)',
  );

  const root = await mkdtemp(join(tmpdir(), 's3c-moto-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const scratch = join(root, 'tmp');
    await mkdir(scratch);
    const certificate = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await makeSelfSignedCertificate(certificate, key);
    const ca = await readFile(certificate, 'utf8');

    const port = await freeLoopbackPort();
    const env: NodeJS.ProcessEnv = {};
    // Drop the caller's MOTO_* settings (a fixed account id, custom endpoints...) and moto's
    // auth switch so every start is the same server; keep PATH, HOME and the rest.
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('MOTO_') && name !== 'INITIAL_NO_AUTH_ACTION_COUNT' && name !== 'TEST_SERVER_MODE') env[name] = value;
    }
    // moto keeps object bodies in spooled temporary files: keep them in our directory.
    env.TMPDIR = scratch;
    env.PYTHONUNBUFFERED = '1';

    const server = spawnServer(executable, ['-H', '127.0.0.1', '-p', String(port), '--ssl-cert', certificate, '--ssl-key', key], {
      name: 'moto',
      env,
      cwd: root,
    });
    const endpoint = `https://127.0.0.1:${port}`;
    try {
      // /moto-api/ is moto's own dashboard: it answers once the server listens.
      await waitForHttp(`${endpoint}/moto-api/`, { timeoutMs: 60_000, ca, signal: server.exitSignal });
      // Throwaway credentials: moto accepts any, and an unknown key is the default account's.
      const credentials: Credentials = {
        accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(20).toString('hex'),
      };
      const secondAccountId = otherAccountId();
      const secondCredentials = await assumeRole(endpoint, ca, credentials, `arn:aws:iam::${secondAccountId}:role/s3c-second-account`);
      return {
        endpoint,
        credentials,
        secondCredentials,
        accountId: MOTO_DEFAULT_ACCOUNT_ID,
        secondAccountId,
        ca,
        version: await versionPromise,
        async stop() {
          await server.stop();
          await removeRoot();
        },
      };
    } catch (error) {
      throw await startFailure(`moto at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};

/** A random 12-digit account id other than moto's default. */
function otherAccountId(): string {
  for (;;) {
    const id = String(randomInt(100_000_000_000, 1_000_000_000_000));
    if (id !== MOTO_DEFAULT_ACCOUNT_ID) return id;
  }
}

/**
 * STS AssumeRole against moto (a query-protocol POST signed for service `sts`: moto routes a
 * request by the service in its credential scope). moto assumes any role ARN without checking
 * it exists and files the temporary credentials under the role's account.
 */
async function assumeRole(endpoint: string, ca: string, credentials: Credentials, roleArn: string): Promise<Credentials> {
  const url = new URL(endpoint);
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 's3c-second-account',
  }).toString();
  const signer = new SignatureV4({ credentials, region: REGION, service: 'sts', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    }),
  );
  const { status, text } = await new Promise<{ status: number; text: string }>((resolvePost, reject) => {
    const request = https.request(
      { method: 'POST', hostname: url.hostname, port: url.port, path: '/', headers: signed.headers, ca, agent: false, timeout: 10_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolvePost({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('STS AssumeRole: no answer within 10 s')));
    request.on('error', reject);
    request.end(body);
  });
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)?.[1];
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  const sessionToken = field('SessionToken');
  if (status !== 200 || !accessKeyId || !secretAccessKey) {
    throw new Error(`STS AssumeRole for the second account answered ${status}: ${text.slice(0, 500)}`);
  }
  return { accessKeyId, secretAccessKey, sessionToken };
}
