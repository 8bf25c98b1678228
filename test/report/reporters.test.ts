// Every reporter from one real run, and the baseline flow end to end against MinIO.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { cli } from '../support/cli.ts';
import { scratchDir } from '../support/scratch.ts';

describe('reporters', () => {
  test('console, JUnit, HTML and Markdown from one run; the JUnit file follows the Ant JUnit schema', async (context) => {
    const out = scratchDir('s3c-reporters-');
    const result = await cli([
      'run',
      '--reporter',
      'console',
      '--reporter',
      'junit',
      '--reporter',
      'html',
      '--reporter',
      'markdown',
      '--output',
      out,
    ]);
    expect(result.stdout).toMatch(/\d+ passed, \d+ failed/);
    for (const file of ['junit.xml', 'report.html', 'report.md']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| range \| \d+ \| \d+ \|/);
    const hasXmllint = (() => {
      try {
        execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    // Outside CI xmllint (libxml2-utils) may be missing: say so with a skip, never pass silently.
    if (!hasXmllint && !process.env.CI) context.skip('xmllint is missing: the JUnit file was not checked against the schema');
    execFileSync('xmllint', ['--noout', '--schema', join(import.meta.dirname, '..', 'fixtures', 'junit-ant.xsd'), join(out, 'junit.xml')], {
      stdio: 'pipe',
    });
  });
});

const minio = inject('minioTarget');
describe.skipIf(minio === null)('baselines against MinIO', () => {
  const caseFile = (expectedStatus: number, regression: boolean) => `area: baseline-demo
cases:
  - id: demo.passes
    title: a range MinIO serves right
    refs: [RFC 9110 section 14.1.2]
    given: [{ op: PutObject, key: k, body: abcdef }]
    when: { op: GetObject, key: k, headers: { Range: bytes=0-1 } }
    then: { status: 206, body: ab }
  - id: demo.deviates
    title: a case whose expectation MinIO does not meet (planted)
    refs: [planted for this test]
    given: [{ op: PutObject, key: k, body: abcdef }]
    when: { op: GetObject, key: k }
    then: { status: ${expectedStatus} }
${
  regression
    ? `  - id: demo.regresses
    title: a new failure, in no baseline
    refs: [planted for this test]
    when: { op: GetObject, key: missing }
    then: { status: 200 }
`
    : ''
}`;

  const env = () => ({ AWS_ACCESS_KEY_ID: minio!.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: minio!.credentials.secretAccessKey });

  test('a baselined deviation passes the run, a planted regression fails it, a fixed deviation is reported', async () => {
    const dir = scratchDir('s3c-baseline-');
    const suite = join(dir, 'cases.yaml');
    const baseline = join(dir, 'baseline.yaml');
    const runWith = (...extra: string[]) => cli(['run', '--endpoint', minio!.endpoint, '--suites', suite, ...extra], env());

    writeFileSync(suite, caseFile(299, false));
    const first = await runWith('--update-baseline', baseline);
    expect(first.code).toBe(1); // no baseline yet: the deviation fails the run
    expect(readFileSync(baseline, 'utf8')).toMatch(/id: demo\.deviates\n\s+reason: "TODO: explain this deviation/);
    writeFileSync(baseline, readFileSync(baseline, 'utf8').replace(/reason: .*/, 'reason: "planted: the case expects 299"'));

    const known = await runWith('--baseline', baseline);
    expect(known.code, known.stdout).toBe(0);
    expect(known.stdout).toMatch(/demo\.deviates .*\[known deviation\]/);

    // An entry naming no case is reported as stale; one whose case the filter left out is not, nor
    // one for a wire dialect this (signed-only) run did not select.
    writeFileSync(
      baseline,
      `${readFileSync(baseline, 'utf8')}  - id: demo.renamed-long-ago\n    reason: planted stale entry\n  - id: demo.deviates@streaming-signed\n    reason: planted dialect entry\n`,
    );
    const filtered = await runWith('--baseline', baseline, '--grep', '^demo\\.passes$');
    expect(filtered.code, filtered.stdout).toBe(0);
    expect(filtered.stdout).toContain('baseline entry demo.renamed-long-ago names no case');
    expect(filtered.stdout).not.toContain('baseline entry demo.deviates');
    // --strict-baseline fails on the stale entry.
    const strict = await runWith('--baseline', baseline, '--grep', '^demo\\.passes$', '--strict-baseline');
    expect(strict.code, strict.stdout).toBe(1);

    writeFileSync(suite, caseFile(299, true));
    const regressed = await runWith('--baseline', baseline);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/regression: demo\.regresses/);

    writeFileSync(suite, caseFile(200, false));
    const fixed = await runWith('--baseline', baseline);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/fixed: demo\.deviates passes now/);
    expect((await runWith('--baseline', baseline, '--strict-baseline')).code).toBe(1);

    // Updating keeps written reasons and drops what passes now; the dialect entry, whose case the
    // signed run did not take, stays.
    await runWith('--update-baseline', baseline);
    expect(readFileSync(baseline, 'utf8')).not.toMatch(/id: demo\.deviates\n/);
    expect(readFileSync(baseline, 'utf8')).toContain('id: demo.deviates@streaming-signed');
  });
});
