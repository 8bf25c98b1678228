// The CI recipes in examples/ work: their conformance and merge commands, taken from the files
// as written, run against a local MinIO with a baseline, as the CI services would run them.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { cli, cliPath, endpointArgs } from './support/cli.ts';
import { scratchDir } from './support/scratch.ts';

const minio = inject('minioTarget');
const examples = join(import.meta.dirname, '..', 'examples');

/** Runs a recipe's shell lines with the published package replaced by this checkout's CLI. */
function shell(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const local = script.replaceAll('npx --yes s3-conformance', `${process.execPath} ${cliPath}`);
  return new Promise((resolve) =>
    execFile('bash', ['-euo', 'pipefail', '-c', local], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error) =>
      resolve(error ? Number(error.code ?? 1) : 0),
    ),
  );
}

describe.skipIf(minio === null)('CI recipes against MinIO', () => {
  const setUp = async () => {
    const dir = scratchDir('s3c-recipe-');
    const { args, env } = endpointArgs(minio!);
    // The baseline a user would commit after a first run.
    const baseline = join(dir, 'baseline.yaml');
    await cli(['run', ...args, '--reporter', 'json', '--output', join(dir, 'first'), '--update-baseline', baseline], env);
    return { dir, env: { ...env, AWS_ENDPOINT_URL: minio!.endpoint, S3C_BASELINE: baseline, XDG_STATE_HOME: join(dir, 'state') } };
  };

  test('GitHub Actions: two shards pass against the baseline, and the merge writes the summary', async () => {
    const { dir, env } = await setUp();
    const workflow = parse(readFileSync(join(examples, 'github-actions.yml'), 'utf8'));
    const step = (job: string, id: string) => workflow.jobs[job].steps.find((s: { id?: string }) => s.id === id).run as string;
    for (const shard of [1, 2]) {
      expect(await shell(step('conformance', 'conformance'), dir, { ...env, S3C_SHARD: `${shard}/2` }), `shard ${shard}`).toBe(0);
      renameSync(join(dir, 's3c-report'), join(dir, `s3c-report-${shard}`)); // upload, then download, as artifacts
    }
    const summary = join(dir, 'step-summary.md');
    expect(await shell(step('summary', 'merge'), dir, { ...env, GITHUB_STEP_SUMMARY: summary })).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/Baseline .*0 regression/);
    for (const file of ['junit.xml', 'report.html', 'report.md']) expect(existsSync(join(dir, 'merged', file)), file).toBe(true);
  }, 240_000);

  test('GitLab CI: the same gate, and a regression fails it', async () => {
    const { dir, env } = await setUp();
    const pipeline = parse(readFileSync(join(examples, 'gitlab-ci.yml'), 'utf8'));
    const script = (job: string) => (pipeline[job].script as string[]).filter((line) => !line.includes('start-server')).join('\n');
    for (const shard of [1, 2]) {
      expect(await shell(script('conformance'), dir, { ...env, CI_NODE_INDEX: String(shard), CI_NODE_TOTAL: '2' })).toBe(0);
    }
    expect(await shell(script('summary'), dir, env)).toBe(0);
    // An empty baseline: every deviation is a regression, and the gate fails.
    writeFileSync(env.S3C_BASELINE, 'deviations: []\n');
    const failing = await shell(script('conformance'), dir, { ...env, CI_NODE_INDEX: '1', CI_NODE_TOTAL: '1' });
    expect(failing).toBe(1);
  }, 240_000);
});
