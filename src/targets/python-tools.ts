// Python servers installed from PyPI (moto, LocalStack): each in a virtual environment of its own
// under the tools dir, made by its pinned install script (scripts/install-<name>.sh).
import { execFile } from 'node:child_process';

import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from './minio.ts';
import { requireInstalled } from './process-utils.ts';

const run = promisify(execFile);

/** `${S3C_TOOLS:-~/.cache/s3-conformance}/venvs/<name>`. */
export function venvDir(name: string): string {
  return join(toolsDir(), 'venvs', name);
}

/** The venv's executable, or an error naming its pinned install script. */
export const requireVenvInstalled = requireInstalled;

/** The installed version of a distribution in a venv (`importlib.metadata.version`). */
export async function distributionVersion(venv: string, distribution: string): Promise<string> {
  const { stdout } = await run(
    join(venv, 'bin', 'python'),
    ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`],
    {
      timeout: 20_000,
    },
  );
  return stdout.trim();
}
