// The HTML report opens from disk in Chromium with no network, and its filters work.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { cli } from '../support/cli.ts';
import { scratchDir } from '../support/scratch.ts';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('HTML report in Chromium', () => {
  test('shows every case, filters by outcome and area, and expands a failure', async () => {
    const out = scratchDir('s3c-html-');
    // A real run against the embedded server, which has failures to show, each a known deviation
    // of the bundled baseline that judges a run with no endpoint: exit 0, nothing else.
    const result = await cli(['run', '--reporter', 'html', '--reporter', 'json', '--output', out]);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const failing = run.cases.filter((c: { outcome: string }) => c.outcome === 'fail').length;
    expect(failing).toBeGreaterThan(0);
    expect(run.cases.filter((c: { outcome: string }) => c.outcome === 'pass').length).toBeGreaterThan(0);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${join(out, 'report.html')}`);
      await expect.poll(() => page.locator('tr.case').count()).toBe(run.cases.length);

      await page.selectOption('#outcome', 'fail');
      expect(await page.locator('tr.case').count()).toBe(failing);
      expect(await page.locator('tr.case[data-outcome="fail"]').count()).toBe(failing);

      await page.selectOption('#outcome', '');
      await page.selectOption('#area', 'range');
      const rangeCases = run.cases.filter((c: { area: string }) => c.area === 'range').length;
      expect(await page.locator('tr.case').count()).toBe(rangeCases);
      expect(await page.locator('tr.case[data-area="range"]').count()).toBe(rangeCases);

      // A failure expands to its request and response.
      await page.selectOption('#outcome', 'fail');
      await page.locator('tr.case').first().click();
      await expect
        .poll(() => page.locator('tr.details:not([hidden]) pre').first().textContent())
        .toMatch(/expected .* observed[\s\S]*GET http:\/\/127\.0\.0\.1:\d+\/[\s\S]*HTTP \d{3}/);

      const screenshot = join(out, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
