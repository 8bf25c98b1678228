// Verdicts do not depend on order, concurrency or the run: the whole suite at concurrency 1 and
// at 32 against the same MinIO gives the same outcome for every case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { cli, endpointArgs } from '../support/cli.ts';
import { scratchDir } from '../support/scratch.ts';

const minio = inject('minioTarget');

describe.skipIf(minio === null)('determinism against MinIO', () => {
  test('concurrency 1 and 32 give the same verdicts', async () => {
    const dir = scratchDir('s3c-determinism-');
    const { args, env } = endpointArgs(minio!);
    const outcomes = async (concurrency: number) => {
      const file = join(dir, `run-${concurrency}.json`);
      const result = await cli(
        ['run', ...args, '--concurrency', String(concurrency), '--reporter', 'json', '--output', dir, '--json', file],
        env,
      );
      // MinIO deviates in some cases: exit 1, never a crash (exit 2 or a signal).
      expect(result.code, result.stderr).toBe(1);
      const run = JSON.parse(readFileSync(file, 'utf8')) as { cases: { id: string; outcome: string }[] };
      return Object.fromEntries(run.cases.map((c) => [c.id, c.outcome]));
    };
    const serial = await outcomes(1);
    expect(Object.keys(serial).length).toBeGreaterThan(25);
    // Equal verdicts prove nothing if every case errored both times: most must be judged, some pass.
    const passing = Object.values(serial).filter((outcome) => outcome === 'pass').length;
    expect(passing).toBeGreaterThan(Object.keys(serial).length / 2);
    expect(await outcomes(32)).toEqual(serial);
  }, 240_000);
});
