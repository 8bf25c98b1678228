// The sources typecheck (strict, no unused locals): Node runs them with the types stripped, so
// nothing else would notice a type error.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('tsc --noEmit passes', async () => {
  const root = join(import.meta.dirname, '..');
  const output = await new Promise<string>((resolve) =>
    execFile(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', root], (error, stdout) =>
      resolve(error ? stdout || error.message : ''),
    ),
  );
  expect(output).toBe('');
}, 120_000);
