// Running the real CLI from tests, as a user would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Target } from '../../src/engine/target.ts';
import { scratchDir } from './scratch.ts';

export const cliPath = join(import.meta.dirname, '..', '..', 'bin', 's3-conformance.js');

// The CLI's state (run journal, last run) goes to a directory of the tests', not the user's.
const stateHome = scratchDir('s3c-state-');
const baseEnv = () => ({ ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '', XDG_STATE_HOME: stateHome });

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI to its end. The environment is cleared of endpoint settings unless `env` gives them. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 0): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { env: { ...baseEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (error, stdout, stderr) =>
        // A CLI ended by a signal (or the timeout) gets -1: it must never pass for "cases failed" (1).
        resolve({ code: error ? (error.signal ? -1 : Number(error.code ?? 1)) : 0, stdout, stderr, ms: Date.now() - started }),
    );
  });
}

/** Starts the CLI without waiting, for tests that signal or kill it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Flags and environment that point the CLI at a plain-HTTP target of the tests. */
export function endpointArgs(target: Target): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: ['--endpoint', target.endpoint, ...target.capabilities.flatMap((c) => ['--capability', c])],
    env: { AWS_ACCESS_KEY_ID: target.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey },
  };
}
