// The command line as a user meets it: exit codes, messages that name what is wrong, and the
// JSON result file, against the real servers the test set-up started.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, onTestFinished, test } from 'vitest';
import { cli, spawnCli } from './support/cli.ts';
import { scratchDir } from './support/scratch.ts';

describe('bad input exits 2 within seconds, naming what is wrong', () => {
  test('a malformed case file: file, line and column', async () => {
    const result = await cli(['run', '--suites', join(import.meta.dirname, 'fixtures/bad-cases/unknown-key.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown-key\.yaml:7:\d+: cases\.0\.then: unknown key "staus"/);
    expect(result.stderr).toMatch(/nothing was run/);
  });

  test('an unknown flag', async () => {
    const result = await cli(['run', '--concurency', '4']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--concurency'/);
  });

  test('an unreachable endpoint fails fast, once', async () => {
    const result = await cli([
      'run',
      '--endpoint',
      'http://127.0.0.1:9',
      '--access-key',
      'AKIDEXAMPLE',
      '--secret-key',
      'not-shown-anywhere',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    expect(result.stderr + result.stdout).not.toContain('not-shown-anywhere');
  });

  test('--image without --via testcontainers', async () => {
    const result = await cli(['run', '--target', 'minio', '--start', '--image', 'minio/minio']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--image goes with --via testcontainers/);
  });

  test('a bad endpoint URL', async () => {
    const result = await cli(['run', '--endpoint', 'localhost:9000', '--access-key', 'a', '--secret-key', 'b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--endpoint: "localhost:9000" is not a URL|must use http or https/);
  });

  test('a filter that matches nothing', async () => {
    const result = await cli(['run', '--grep', 'no-case-has-this-id']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no case matches/);
  });
});

/** The closing line's counts; a run that judged nothing (every case errored) shows no pass. */
function summaryCounts(stdout: string): { passed: number; failed: number } {
  const match = /^(\d+) passed, (\d+) failed, \d+ skipped/m.exec(stdout);
  expect(match, `no summary line in:\n${stdout.slice(-2000)}`).not.toBeNull();
  return { passed: Number(match![1]), failed: Number(match![2]) };
}

describe('a run', () => {
  test('with no endpoint runs the embedded server, one line per case and a summary', async () => {
    const result = await cli(['run', '--area', 'range']);
    expect(result.stdout).toMatch(/^✓ \[ *\d+\/\d+\] range\.get\.first-last \d+ms/m);
    expect(result.stdout).toMatch(/\d+ passed, \d+ failed, \d+ skipped.* against embedded/);
    // s3rver passes most range cases and fails some, all known to its bundled baseline
    // (fixtures/baselines/embedded.yaml), which judges a run with no endpoint: exit 0.
    const { passed, failed } = summaryCounts(result.stdout);
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/^baseline fixtures\/baselines\/embedded\.yaml: 0 regression/m);
    expect(result.code, result.stderr).toBe(0);
  });

  test('piped into a reader that stops after the first line (`run | head -1`), ends with its result written', async () => {
    const out = join(scratchDir('s3c-cli-'), 'out.json');
    const child = spawnCli(['run', '--area', 'range', '--json', out]);
    // A run that hangs (the bug this test guards against) must not outlive the test.
    onTestFinished(() => void child.kill('SIGKILL'));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    // The reader goes away after its first chunk: the CLI's next writes meet a closed pipe.
    child.stdout!.once('data', () => child.stdout!.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // vitest waited, before giving up after 10 s, for its worker's output pipes to drain.
    expect(stderr).not.toMatch(/vitest-pool|Timeout terminating/);
    // A hang is caught by the test's timeout; a closed stdout changes nothing of the verdicts
    // (the embedded server's known deviations, judged by its bundled baseline: exit 0).
    expect(code, stderr).toBe(0);
    const run = JSON.parse(readFileSync(out, 'utf8'));
    expect(run.summary.total).toBe(run.cases.length);
    expect(run.summary.pass).toBeGreaterThan(0);
    expect(run.summary.fail).toBeGreaterThan(0);
    expect(run.cases.every((c: { area: string }) => c.area === 'range')).toBe(true);
  });

  const minio = inject('minioTarget');
  test.skipIf(minio === null)('against MinIO writes the JSON result with every case', async () => {
    const out = join(scratchDir('s3c-cli-'), 'out.json');
    const result = await cli(['run', '--endpoint', minio!.endpoint, '--json', out], {
      AWS_ACCESS_KEY_ID: minio!.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: minio!.credentials.secretAccessKey,
    });
    const run = JSON.parse(readFileSync(out, 'utf8'));
    const listed = JSON.parse((await cli(['list', '--json'])).stdout);
    expect(run.cases.map((c: { id: string }) => c.id).sort()).toEqual(listed.map((c: { id: string }) => c.id).sort());
    for (const c of run.cases) {
      expect(['pass', 'fail', 'skip', 'error']).toContain(c.outcome);
      expect(c).toHaveProperty('durationMs');
      if (c.outcome === 'fail') expect(c.mismatches.length).toBeGreaterThan(0);
    }
    expect(run.summary.total).toBe(run.cases.length);
    // MinIO passes most cases and deviates in some (fixtures/baselines/minio.yaml): exit 1.
    expect(run.summary.pass).toBeGreaterThan(run.summary.total / 2);
    expect(run.summary.fail).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(1);
    // Not toContain: its failure message would print the secret it looked for.
    expect(JSON.stringify(run).includes(minio!.credentials.secretAccessKey), 'the result JSON holds the secret key').toBe(false);
  });
});
