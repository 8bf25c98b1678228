// `matrix RESULTS...`: the result files of real runs against two servers (embedded and MinIO)
// become one table, each case's cell the outcome its target's file holds, each area's score the
// passes over the judged cases; a file that is not a result is bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { cli, endpointArgs } from '../support/cli.ts';

const embedded = inject('embeddedTarget');
const minio = inject('minioTarget');
const SYMBOL: Record<string, string> = { pass: '✓', fail: '✗', error: '!', skip: '–', flaky: '~' };

interface Result {
  target: { name: string };
  cases: { id: string; area: string; outcome: string }[];
}

describe.skipIf(minio === null)('matrix of embedded and MinIO', () => {
  test('one column per target, one row per case, each cell and area score as the result files say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3c-matrix-'));
    const files: string[] = [];
    for (const [name, target] of [
      ['embedded', embedded],
      ['minio', minio!],
    ] as const) {
      const file = join(dir, `${name}.json`);
      const { args, env } = endpointArgs(target);
      const run = await cli(['run', ...args, '--area', 'range', '--json', file], env);
      // Both servers deviate from S3 in some range cases.
      expect(run.code, run.stderr).toBe(1);
      files.push(file);
    }
    const results = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Result);
    const out = join(dir, 'report');
    const built = await cli(['matrix', ...files, '--output', out, '--title', 'Range servers']);
    expect(built.code, built.stderr).toBe(0);
    const ids = [...new Set(results.flatMap((r) => r.cases.map((c) => c.id)))];
    expect(built.stdout).toContain(`: ${ids.length} cases × 2 targets`);

    const markdown = readFileSync(join(out, 'matrix.md'), 'utf8');
    expect(markdown).toMatch(/^# Range servers$/m);
    const names = results.map((r) => r.target.name);
    expect(markdown).toContain(`| case | ${names.join(' | ')} |`);
    for (const id of ids) {
      const cells = results.map((r) => SYMBOL[r.cases.find((c) => c.id === id)!.outcome]);
      expect(markdown).toContain(`| \`${id}\` | ${cells.join(' | ')} |`);
    }
    // Targets disagree on some range case (one passes, the other does not: s3rver misreads suffix
    // ranges), and those rows come first; a skip takes no side.
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    const judgedCells = (line: string) =>
      line
        .split(' | ')
        .slice(1)
        .map((cell) => cell.replace(' |', ''))
        .filter((cell) => cell !== '–');
    const disagree = (line: string) => new Set(judgedCells(line).map((cell) => cell === '✓')).size > 1;
    expect(rows.some(disagree)).toBe(true);
    expect(rows.findIndex((line) => !disagree(line))).toBeGreaterThan(rows.findLastIndex(disagree));
    const scores = results.map(({ cases }) => {
      const judged = cases.filter((c) => c.outcome !== 'skip');
      const passed = judged.filter((c) => c.outcome === 'pass').length;
      return `${Math.round((100 * passed) / judged.length)}% (${passed}/${judged.length})`;
    });
    expect(markdown).toContain(`| range | ${scores.join(' | ')} |`);

    const html = readFileSync(join(out, 'matrix.html'), 'utf8');
    expect(html).toContain('<title>Range servers</title>');
    expect(html.match(/<tr[^>]*><td><code>/g)?.length).toBe(ids.length);
  });
});

describe('matrix refuses bad input', () => {
  test('a file that is not a result: exit 2 naming it, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3c-matrix-'));
    const notResult = join(dir, 'notes.json');
    writeFileSync(notResult, '{"hello": "world"}');
    const result = await cli(['matrix', notResult, '--output', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(notResult);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
