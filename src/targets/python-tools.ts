// Python servers installed from PyPI (moto, LocalStack): each in a virtual environment of its own
// under the tools dir, made by its pinned install script (scripts/install-<name>.sh).
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from './minio.ts';

const run = promisify(execFile);
const scriptsDir = join(import.meta.dirname, '..', '..', 'scripts');

/** `${S3C_TOOLS:-~/.cache/s3-conformance}/venvs/<name>`. */
export function venvDir(name: string): string {
  return join(toolsDir(), 'venvs', name);
}

/**
 * Makes sure `executable` (a file in a venv) exists, running `scripts/<installScript>` first
 * when it does not (saying so on stderr), so `run --target NAME --start` works on a fresh machine.
 */
export async function ensureVenvInstalled(executable: string, installScript: string): Promise<void> {
  try {
    await access(executable, constants.X_OK);
    return;
  } catch {
    // Not there: install it.
  }
  const script = join(scriptsDir, installScript);
  process.stderr.write(`${executable} is missing: running ${script} (a pip install from PyPI, a few minutes)\n`);
  try {
    await run('bash', [script], { timeout: 30 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${script} failed: ${stderr?.trim() || (error as Error).message}`);
  }
  await access(executable, constants.X_OK).catch(() => {
    throw new Error(`${script} ran but left no executable at ${executable}`);
  });
}

/** The installed version of a distribution in a venv (`importlib.metadata.version`). */
export async function distributionVersion(venv: string, distribution: string): Promise<string> {
  const { stdout } = await run(join(venv, 'bin', 'python'), ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`], {
    timeout: 20_000,
  });
  return stdout.trim();
}
