// LocalStack (https://github.com/localstack/localstack) as a launched target, on the host and
// without Docker: `python -m localstack.runtime.main` (what `localstack start --host` runs) from
// the venv that scripts/install-localstack.sh makes, with only S3 enabled, its DNS server off,
// and every file it writes (state, cache, certificates) under a temporary directory.
//
// LocalStack's gateway serves plain HTTP and HTTPS on the same port; its certificate is ours
// (CUSTOM_SSL_CERT_PATH: a PEM with the key and a self-signed certificate for IP:127.0.0.1), so
// the https endpoint is the main one (SSE-C needs TLS) and the http one is the alternate.
//
// LocalStack 4.14's twisted gateway ignores the host in GATEWAY_LISTEN for IPv4 and listens on
// 0.0.0.0 (localstack/runtime/server/twisted.py: "TODO: interface = host?"). Its other gateway
// server, hypercorn, would bind the host but cannot serve HTTP and HTTPS on one port, and would be
// a server other than the one LocalStack's users run. So the runtime starts through a few lines of
// Python that make twisted's IPv4 listeners default to 127.0.0.1 (LOOPBACK_RUNTIME), and nothing
// else changes.
//
// Accounts: LocalStack takes a 12-digit access key id as the account id (any other key is the
// default account, 000000000000), and does not check secret keys. So each credential pair gets a
// fresh random 12-digit access key id, and that id is the account id.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from '../engine/http.ts';
import type { Credentials } from '../engine/http.ts';
import { makeSelfSignedCertificate } from './certificates.ts';
import type { Launcher } from './launcher.ts';
import { freeLoopbackPort, spawnServer, waitForHttp, startFailure } from './process-utils.ts';
import { distributionVersion, requireVenvInstalled, venvDir } from './python-tools.ts';

const REGION = 'us-east-1';

/** `python -m localstack.runtime.main`, with twisted's IPv4 listeners on 127.0.0.1 unless told otherwise (see the top of this file). */
const LOOPBACK_RUNTIME = [
  'import runpy',
  'from twisted.internet import endpoints',
  'listen_on_all = endpoints.TCP4ServerEndpoint.__init__',
  "def listen_on_loopback(self, reactor, port, backlog=50, interface='127.0.0.1'): listen_on_all(self, reactor, port, backlog, interface)",
  'endpoints.TCP4ServerEndpoint.__init__ = listen_on_loopback',
  "runpy.run_module('localstack.runtime.main', run_name='__main__', alter_sys=True)",
].join('\n');

export function defaultLocalstackPython(): string {
  return join(venvDir('localstack'), 'bin', 'python');
}

/** A random 12-digit account id (not LocalStack's default 000000000000), used as an access key id. */
function accountShapedKey(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

export const launchLocalstack: Launcher = async () => {
  const python = defaultLocalstackPython();
  await requireVenvInstalled(python, 'install-localstack.sh');
  // The install script checks the package, not only the interpreter: a venv whose install did
  // not finish has no localstack-core, and this fails early with that said.
  const versionPromise = distributionVersion(venvDir('localstack'), 'localstack-core').then(
    (version) => ({ version: `localstack-core ${version}` }),
    (error: Error) => ({ error }),
  );

  const root = await mkdtemp(join(tmpdir(), 's3c-localstack-'));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    const filesystem = join(root, 'fs');
    const scratch = join(root, 'tmp');
    await Promise.all([mkdir(filesystem), mkdir(scratch)]);
    // LocalStack wants one PEM file holding the private key and the certificate.
    const certificate = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await makeSelfSignedCertificate(certificate, key);
    const ca = await readFile(certificate, 'utf8');
    const combined = join(root, 'server.pem');
    await writeFile(combined, `${await readFile(key, 'utf8')}${ca}`);

    const port = await freeLoopbackPort();
    // A clean environment: LocalStack reads hundreds of settings from it (SERVICES, DEBUG,
    // PERSISTENCE, PROVIDER_OVERRIDE_*, ...), so the caller's must not leak in.
    const env: NodeJS.ProcessEnv = {};
    for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name];
    Object.assign(env, {
      SERVICES: 's3',
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      LOCALSTACK_HOST: `127.0.0.1:${port}`,
      // Keeps LocalStack off port 53.
      DNS_ADDRESS: '0',
      PERSISTENCE: '0',
      // This machine is a container, and LocalStack would then write to /var/lib/localstack:
      // host mode puts its whole file system layout under FILESYSTEM_ROOT instead.
      OVERRIDE_IN_DOCKER: '0',
      FILESYSTEM_ROOT: filesystem,
      TMPDIR: scratch,
      CUSTOM_SSL_CERT_PATH: combined,
      // No attempts to download a certificate or send analytics: this machine reaches no network.
      SKIP_SSL_CERT_DOWNLOAD: '1',
      DISABLE_EVENTS: '1',
      PYTHONUNBUFFERED: '1',
    });

    const server = spawnServer(python, ['-c', LOOPBACK_RUNTIME], { name: 'localstack', env, cwd: root, killAfterMs: 10_000 });
    const endpoint = `https://127.0.0.1:${port}`;
    const alternateEndpoint = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${endpoint}/_localstack/health`, { timeoutMs: 90_000, ca, signal: server.exitSignal });
      const credentials: Credentials = { accessKeyId: accountShapedKey(), secretAccessKey: randomBytes(20).toString('hex') };
      let second = accountShapedKey();
      while (second === credentials.accessKeyId) second = accountShapedKey();
      const secondCredentials: Credentials = { accessKeyId: second, secretAccessKey: randomBytes(20).toString('hex') };
      // The S3 provider loads on its first request: wait for a signed ListBuckets to answer.
      const listed = await send(
        { method: 'GET', url: new URL('/', endpoint), headers: [], body: Buffer.alloc(0) },
        { credentials, region: REGION, timeoutMs: 60_000, ca },
      );
      if (listed.status !== 200) throw new Error(`ListBuckets answered ${listed.status}: ${listed.body.toString('utf8').slice(0, 500)}`);
      const versionResult = await versionPromise;
      if ('error' in versionResult) throw new Error(`could not read the localstack-core version: ${versionResult.error.message}`);
      return {
        endpoint,
        alternateEndpoint,
        credentials,
        secondCredentials,
        accountId: credentials.accessKeyId,
        secondAccountId: secondCredentials.accessKeyId,
        ca,
        version: versionResult.version,
        async stop() {
          await server.stop();
          await removeRoot();
        },
      };
    } catch (error) {
      throw await startFailure(`LocalStack at ${endpoint}`, server, error);
    }
  } catch (error) {
    await removeRoot();
    throw error;
  }
};
