// The gate end to end, through the real CLI against real servers: a baselined MinIO deviation that
// starts failing another way fails the run; a case that fails once and passes its rerun is flaky
// in every reporter; shards merge only when they add up, and then to the unsharded run's counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readBaseline } from '../../src/report/baseline.ts';
import type { RunResult } from '../../src/report/model.ts';
import { cli, endpointArgs } from '../support/cli.ts';
import { passThrough, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { scratchDir } from '../support/scratch.ts';

const root = join(import.meta.dirname, '..', '..');
const minio = inject('minioTarget');
const scratch = () => scratchDir('s3c-gate-');
const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunResult;
const internalError = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>planted by the test</Message></Error>',
);

describe.skipIf(minio === null)('the gate against MinIO, through a fault proxy', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(minio!);
  });
  afterAll(async () => {
    await proxy.close();
  });
  const runThroughProxy = (...args: string[]) => {
    const { args: endpoint, env } = endpointArgs(proxy.target);
    return cli(['run', ...endpoint, ...args], env);
  };

  test('a baselined 416 turned into a 500 is a changed deviation: exit 1, naming both fingerprints; unplanted, exit 0', async () => {
    const id = 'range.get.ignored.reversed';
    const baselinePath = join(root, 'fixtures', 'baselines', 'minio.yaml');
    const entry = readBaseline(baselinePath).deviations.find((d) => d.id === id);
    expect(entry?.fingerprint).toMatch(/^fail: status 200 → 416/);
    const args = ['--grep', `^${id.replace(/\./g, '\\.')}$`, '--baseline', baselinePath];

    proxy.setFault(passThrough);
    const clean = await runThroughProxy(...args);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/0 regression\(s\), 0 changed, 1 known deviation\(s\), 0 fixed/);

    proxy.setFault((request, response) =>
      request.method === 'GET' && request.headers.range === 'bytes=5-2' && response.status === 416
        ? {
            kind: 'respond',
            response: {
              ...response,
              status: 500,
              headers: { ...response.headers, 'content-type': 'application/xml' },
              body: internalError,
            },
          }
        : { kind: 'respond', response },
    );
    const planted = await runThroughProxy(...args);
    expect(planted.code, planted.stdout + planted.stderr).toBe(1);
    expect(planted.stdout).toContain(`changed: ${id} fails another way: baseline "${entry!.fingerprint}", now "fail: status 200 → 500"`);
    expect(planted.stdout).toMatch(/0 regression\(s\), 1 changed, 0 known deviation\(s\), 0 fixed/);
  });

  test('a case that fails once and passes its rerun is flaky in every reporter; a baseline can mark it so', async () => {
    const dir = scratch();
    const suite = join(dir, 'cases.yaml');
    writeFileSync(
      suite,
      `area: flaky-demo
cases:
  - id: flaky-demo.range
    title: a range MinIO serves right, broken by the proxy the first time only
    refs: [RFC 9110 section 14.1.2]
    given: [{ op: PutObject, key: k, body: abcdef }]
    when: { op: GetObject, key: k, headers: { Range: bytes=1-2 } }
    then: { status: 206, body: bc }
`,
    );
    let broken = 0;
    proxy.setFault((request, response) =>
      request.method === 'GET' && request.headers.range === 'bytes=1-2' && broken++ === 0
        ? { kind: 'respond', response: { ...response, status: 500, body: internalError } }
        : { kind: 'respond', response },
    );
    const out = join(dir, 'report');
    const reporters = ['console', 'json', 'junit', 'markdown', 'html'].flatMap((name) => ['--reporter', name]);
    const flaky = await runThroughProxy('--suites', suite, '--rerun-failures', '2', ...reporters, '--output', out);
    expect(broken).toBe(2); // the first attempt broken, the rerun passed through
    expect(flaky.code, flaky.stdout + flaky.stderr).toBe(1); // an unexplained flaky case fails the run
    expect(flaky.stdout).toContain('rerunning 1 failing case(s) in fresh buckets (rerun 1)');
    expect(flaky.stdout).toMatch(/flaky: flaky-demo\.range \(fail, pass; failed with status: expected 206, observed 500/);
    expect(flaky.stdout).toContain('0 passed, 0 failed, 0 skipped, 1 flaky');
    const result = readResult(join(out, 'results.json'));
    expect(result.cases[0]).toMatchObject({ outcome: 'flaky', attempts: [{ outcome: 'fail' }, { outcome: 'pass' }] });
    expect(result.summary).toMatchObject({ total: 1, pass: 0, fail: 0, flaky: 1 });
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(
      /<failure message="flaky \(fail, pass\): status: expected 206, observed 500;[^"]*" type="flaky"/,
    );
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('| `flaky-demo.range` | flaky: fail, pass |');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<span class="flaky">1 flaky</span>');
    const matrix = await cli(['matrix', join(out, 'results.json'), '--output', join(dir, 'matrix')]);
    expect(matrix.code, matrix.stderr).toBe(0);
    expect(readFileSync(join(dir, 'matrix', 'matrix.md'), 'utf8')).toContain('| `flaky-demo.range` | ~ |');
    expect(readFileSync(join(dir, 'matrix', 'matrix.html'), 'utf8')).toMatch(/<td class="flaky"[^>]*>~<\/td>/);

    // Baselined as flaky, with its evidence, the same flakiness passes the gate.
    const baseline = join(dir, 'baseline.yaml');
    writeFileSync(
      baseline,
      `deviations:\n  - id: flaky-demo.range\n    reason: planted by the test's proxy\n    fingerprint: "fail: status 206 → 500"\n    flaky: true\n`,
    );
    broken = 0;
    const known = await runThroughProxy('--suites', suite, '--rerun-failures', '2', '--baseline', baseline);
    expect(known.code, known.stdout + known.stderr).toBe(0);
    expect(known.stdout).toMatch(/0 regression\(s\), 0 changed, 1 known deviation\(s\), 0 fixed/);
  });
});

describe('merge and diff against the embedded server', () => {
  test('two of three shards exit 2 naming the missing one; all three reproduce the unsharded counts; diff sees what a shard lacks', async () => {
    const dir = scratch();
    const run = (name: string, ...extra: string[]) => cli(['run', '--area', 'range', '--json', join(dir, `${name}.json`), ...extra]);
    const whole = await run('whole');
    const shards = await Promise.all([1, 2, 3].map((i) => run(`shard-${i}`, '--shard', `${i}/3`)));
    for (const shard of [whole, ...shards]) expect(shard.code, shard.stderr).toBeLessThan(2);
    const unsharded = readResult(join(dir, 'whole.json'));
    expect(unsharded.summary.pass).toBeGreaterThan(0);

    const two = await cli(['merge', join(dir, 'shard-1.json'), join(dir, 'shard-3.json')]);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('error: shard 2/3 missing: merge needs all 3 shards of the split\n');

    const all = await cli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}.json`)), '--json', join(dir, 'merged.json')]);
    expect(all.code).toBe(whole.code);
    const merged = readResult(join(dir, 'merged.json'));
    expect(merged.summary).toEqual(unsharded.summary);
    expect(merged.selection.caseIds).toEqual(unsharded.selection.caseIds);

    const shrunk = await cli(['diff', join(dir, 'whole.json'), join(dir, 'shard-1.json')]);
    expect(shrunk.code).toBe(1);
    const removed = unsharded.selection.caseIds.length - readResult(join(dir, 'shard-1.json')).cases.length;
    expect(shrunk.stdout).toContain(`0 added, ${removed} removed`);
    expect((await cli(['diff', join(dir, 'whole.json'), join(dir, 'shard-1.json'), '--allow-coverage-loss'])).code).toBe(0);
    expect((await cli(['diff', join(dir, 'whole.json'), join(dir, 'merged.json')])).code).toBe(0);
  });
});
