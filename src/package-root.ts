// The package's own folder (where package.json, suites/ and fixtures/ are), whether the code runs
// from its TypeScript sources or from the built JavaScript in dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'suites'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('s3-conformance: cannot find its package folder');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
