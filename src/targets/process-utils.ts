// Shared plumbing for launchers that run an S3 server as a child process on loopback:
// pick a free port, start the process with its output captured, poll a health URL, stop it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * A TCP port that was free on 127.0.0.1 a moment ago. The port is released before it is
 * returned, so another process could take it first; launchers that need certainty should
 * retry on "address in use", but on a test machine the race is practically never lost.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a loopback listener'));
        return;
      }
      server.close((error) => (error ? reject(error) : resolvePort(address.port)));
    });
  });
}

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** PEM of a CA (or self-signed certificate) to trust when the URL is https. */
  ca?: string;
  /** Time between attempts; 100 ms unless told. */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the server process has exited. */
  signal?: AbortSignal;
  /**
   * Whether a 200 answer really means ready; for servers that answer their health URL before
   * they can serve requests and say so in a header. Returns a reason to keep waiting, or
   * undefined when ready.
   */
  notReadyReason?: (headers: http.IncomingHttpHeaders) => string | undefined;
}

/** Resolves once a GET of `url` answers 200; rejects after `timeoutMs` or when `signal` aborts. */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let last = 'no attempt made';
  for (;;) {
    if (options.signal?.aborted) throw new Error(`gave up waiting for ${url}: ${String(options.signal.reason)} (last attempt: ${last})`);
    const remaining = deadline - Date.now();
    try {
      const { status, headers } = await getStatus(url, options.ca, Math.max(1, Math.min(2000, remaining)));
      const notReady = status === 200 ? options.notReadyReason?.(headers) : `HTTP ${status}`;
      if (notReady === undefined) return;
      last = notReady;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() + intervalMs > deadline) break;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, intervalMs));
  }
  throw new Error(`${url} did not answer 200 within ${options.timeoutMs} ms (last attempt: ${last})`);
}

function getStatus(url: string, ca: string | undefined, timeoutMs: number): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolveStatus, reject) => {
    // A fresh connection per attempt (agent: false): a pooled socket to a server that is
    // still starting would only add confusion.
    const request = client.get(target, { agent: false, ca, timeout: timeoutMs }, (response) => {
      response.resume();
      resolveStatus({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

export interface SpawnServerOptions {
  /** Used in messages, e.g. 'minio'. */
  name: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How many trailing lines of stdout and stderr (interleaved) to keep; 50 unless told. */
  keepLines?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; 5000 ms unless told. */
  killAfterMs?: number;
}

export interface SpawnedServer {
  child: ChildProcess;
  /** Aborted (with a description as reason) once the process has exited or failed to spawn. */
  exitSignal: AbortSignal;
  /** The last lines the process wrote, for error messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited in time; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The values of the credentials a launcher hands its server through the environment
 * (MINIO_ROOT_PASSWORD, RUSTFS_SECRET_KEY, ...): a server may echo them (MinIO's start-up banner
 * prints its root user and password), and its last output goes into error messages.
 */
function secretsIn(env: NodeJS.ProcessEnv | undefined): string[] {
  return Object.entries(env ?? {})
    .filter(([name, value]) => /KEY|SECRET|PASS|TOKEN|USER|ACCESS/i.test(name) && value !== undefined && value.length >= 8)
    .map(([, value]) => value!);
}

function maskSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((masked, secret) => masked.replaceAll(secret, '***'), text);
}

/** A launched server that did not come up: the run cannot go on (exit 2), said in one message with its last output, not a stack trace. */
export class StartError extends Error {}

/**
 * How long a server binary may take to print its version. Measured here: `minio --version` took
 * 22 s of wall time for 0.3 s of CPU on a loaded two-core machine (a 144 MB binary paged in).
 */
export const VERSION_TIMEOUT_MS = 60_000;

/** Stops a server that failed to come up and says why, with the last lines it wrote. */
export async function startFailure(what: string, server: SpawnedServer, error: unknown): Promise<StartError> {
  await server.stop();
  const tail = server.outputTail();
  return new StartError(`${what} did not start: ${(error as Error).message}${tail ? `\n--- its last output ---\n${tail}` : ''}`);
}

// Children still running, killed when this process exits. One listener for all of them, so
// starting many servers does not trip the MaxListeners warning.
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts a long-running server process. The process is killed when this Node process exits,
 * so a crashed or interrupted run does not leave servers behind ('exit' covers normal exit
 * and process.exit(); Ctrl-C reaches the child anyway because it shares the process group).
 */
export function spawnServer(command: string, args: string[], options: SpawnServerOptions): SpawnedServer {
  const keepLines = options.keepLines ?? 50;
  const killAfterMs = options.killAfterMs ?? 5000;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });

  const lines: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const parts = (partial[stream] + chunk.toString('utf8')).split(/\r?\n/);
    partial[stream] = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > keepLines) lines.splice(0, lines.length - keepLines);
  };
  child.stdout?.on('data', capture('stdout'));
  child.stderr?.on('data', capture('stderr'));

  const exitController = new AbortController();
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitController.abort(`${options.name} exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      resolveExit();
    });
    // 'error' without 'exit' means the process never started (e.g. ENOENT, EACCES).
    child.on('error', (error) => {
      if (child.pid === undefined) {
        exitController.abort(`${options.name} could not be started: ${error.message}`);
        resolveExit();
      }
    });
  });

  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of liveChildren) running.kill('SIGKILL');
    });
  }
  void exited.then(() => liveChildren.delete(child));

  let stopping: Promise<void> | undefined;
  return {
    child,
    exitSignal: exitController.signal,
    outputTail() {
      const tail = [...lines, partial.stdout, partial.stderr].filter((line) => line.trim() !== '');
      return maskSecrets(tail.slice(-keepLines).join('\n'), secretsIn(options.env));
    },
    stop() {
      stopping ??= (async () => {
        if (!exitController.signal.aborted) {
          child.kill('SIGTERM');
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<boolean>((resolveTimer) => {
            timer = setTimeout(() => resolveTimer(true), killAfterMs);
          });
          const stillRunning = await Promise.race([exited.then(() => false), timedOut]);
          clearTimeout(timer);
          if (stillRunning) {
            child.kill('SIGKILL');
            await exited;
          }
        }
      })();
      return stopping;
    },
  };
}

/**
 * The binary at `binary`, or a clear error naming the install script that provides it. Launchers
 * only start servers: installing is the scripts' job (`./s3c` runs the one a command needs).
 */
export async function requireInstalled(binary: string, installScript: string): Promise<void> {
  if (!(await isExecutable(binary))) throw notInstalled(`${binary} is missing`, installScript);
}

/** Software a launcher needs is not installed: bad input to the run (exit 2), not a crash. */
export class NotInstalledError extends Error {}

/** The error for software a launcher needs and does not find. */
export function notInstalled(what: string, installScript: string): NotInstalledError {
  return new NotInstalledError(`${what}: run scripts/${installScript} (pinned, idempotent), or start through ./s3c, which runs it`);
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
