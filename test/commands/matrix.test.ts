// `matrix RESULTS...`: the result files of real runs against two servers (embedded and MinIO)
// become one table, each case's cell the outcome its target's file holds, each area's score the
// passes over the judged cases; a file that is not a result is bad input. The HTML page opens from
// disk in Chromium and filters by area, dialect and server, and shows each cell's expected/observed line.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { caseResult, failure, runResult, statusMismatch } from '../report/results.ts';
import { cli, endpointArgs } from '../support/cli.ts';
import { scratchDir } from '../support/scratch.ts';

const embedded = inject('embeddedTarget');
const minio = inject('minioTarget');
const SYMBOL: Record<string, string> = { pass: '✓', fail: '✗', error: '!', skip: '–', flaky: '~' };

interface Result {
  target: { name: string };
  cases: { id: string; area: string; outcome: string }[];
}

describe.skipIf(minio === null)('matrix of embedded and MinIO', () => {
  test('one column per target, one row per case, each cell and area score as the result files say', async () => {
    const dir = scratchDir('s3c-matrix-');
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
    const dir = scratchDir('s3c-matrix-');
    const notResult = join(dir, 'notes.json');
    writeFileSync(notResult, '{"hello": "world"}');
    const result = await cli(['matrix', notResult, '--output', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(notResult);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('matrix page in Chromium', () => {
  test("filters by area, dialect and server, shows a cell's expected and observed answer, links refs", async () => {
    const dir = scratchDir('s3c-matrix-page-');
    const rfc = 'https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2';
    const refs = ['S3 API Reference, GetObject, Range', `${rfc} (suffix ranges)`];
    const runs = {
      minio: runResult([
        caseResult('range.suffix', { refs }),
        caseResult('range.suffix@presigned', { dialect: 'presigned', refs }),
        failure('acl.canned', [statusMismatch('200', '501')]),
      ]),
      embedded: runResult(
        [
          { ...failure('range.suffix', [statusMismatch('206', '200')]), refs },
          caseResult('range.suffix@presigned', { dialect: 'presigned', refs, outcome: 'skip', reason: 'presigned URLs not supported' }),
          caseResult('acl.canned'),
        ],
        { target: { name: 'embedded', endpoint: 'http://127.0.0.1:4568', region: 'us-east-1', capabilities: [] } },
      ),
    };
    const files = Object.entries(runs).map(([name, run]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(run));
      return file;
    });
    const out = join(dir, 'report');
    const built = await cli(['matrix', ...files, '--output', out]);
    expect(built.code, built.stderr).toBe(0);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${join(out, 'matrix.html')}`);
      const visibleRows = page.locator('#cases tr.case:visible');
      await expect.poll(() => visibleRows.count()).toBe(3);

      await page.selectOption('#area', 'range');
      expect(await visibleRows.count()).toBe(2);
      expect(await page.locator('#cases tr.case[data-area="range"]:visible').count()).toBe(2);
      await page.selectOption('#dialect', 'presigned');
      expect(await visibleRows.locator('code').allTextContents()).toEqual(['range.suffix@presigned']);
      await page.selectOption('#area', '');
      await page.selectOption('#dialect', 'signed');
      expect((await visibleRows.locator('code').allTextContents()).sort()).toEqual(['acl.canned', 'range.suffix']);
      await page.selectOption('#dialect', '');

      const embeddedHeader = page.locator('#cases thead th', { hasText: 'embedded' });
      const minioHeader = page.locator('#cases thead th', { hasText: 'minio' });
      await page.locator('input.server[data-column="1"]').uncheck();
      expect(await embeddedHeader.isVisible()).toBe(false);
      expect(await minioHeader.isVisible()).toBe(true);
      expect(await page.locator('#cases td.skip:visible').count()).toBe(0);
      await page.locator('input.server[data-column="1"]').check();
      expect(await embeddedHeader.isVisible()).toBe(true);

      // The embedded server's failing cell: expected against observed on hover and on click.
      const suffixRow = page.locator('#cases tr.case', { has: page.locator('code', { hasText: /^range\.suffix$/ }) });
      const failing = suffixRow.locator('td').nth(2);
      await failing.hover();
      expect(await failing.getAttribute('title')).toBe('status: expected 206, observed 200');
      await failing.click();
      expect(await page.locator('#detail').textContent()).toBe('embedded · range.suffix: status: expected 206, observed 200');
      const passing = suffixRow.locator('td').nth(1);
      await passing.hover();
      expect(await passing.getAttribute('title')).toBe('as expected');
      // Keyboard: a failing cell takes focus and Enter shows its line.
      const aclRow = page.locator('#cases tr.case', { has: page.locator('code', { hasText: 'acl.canned' }) });
      await aclRow.locator('td').nth(1).focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('#detail').textContent()).toBe('minio · acl.canned: status: expected 200, observed 501');

      // A web address among the refs is a link (its note after it is text); a spec section by name is text.
      expect(await suffixRow.locator('.refs a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual([rfc]);
      expect(await suffixRow.locator('.refs').textContent()).toBe(`S3 API Reference, GetObject, Range · ${rfc} (suffix ranges)`);

      const screenshot = join(dir, 'matrix.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(0);
      expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
