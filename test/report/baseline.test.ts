// Baseline matching: a known deviation is known only while it fails the way its entry's
// fingerprint says; each way it can fail differently is `changed`, which fails the run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { baselineStatus, judgeRun, readBaseline, updatedBaseline, writeBaseline, type Baseline } from '../../src/report/baseline.ts';
import { errorKind, fingerprintOf } from '../../src/report/fingerprint.ts';
import { runPassed } from '../../src/report/model.ts';
import { caseResult, errorMismatch, failure, runResult, statusMismatch } from './results.ts';

const RANGE_416 = failure('range.get.unsatisfiable', [statusMismatch('416', '200'), errorMismatch('InvalidRange', '(no error body)')]);

describe('fingerprints', () => {
  test('a failure on status is its status and error code, expected → observed; the rest follows from them', () => {
    const withHeaders = {
      ...RANGE_416,
      mismatches: [...RANGE_416.mismatches!, { what: 'header Content-Range', expected: 'bytes */6', observed: '(absent)' }],
    };
    expect(fingerprintOf(withHeaders)).toBe('fail: status 416 → 200, error InvalidRange → (no error body)');
  });

  test('where the status matches, the names of what else differed, not their values', () => {
    const result = failure('x.etag', [
      { what: 'header ETag', expected: '"abc"', observed: '"def"' },
      { what: 'xml Error.Key', expected: 'k', observed: '(absent)' },
    ]);
    expect(fingerprintOf(result)).toBe('fail: header ETag, xml Error.Key');
  });

  test("an error is its kind: the first clause, the run's bucket names masked, a transport error's cause kept", () => {
    expect(
      errorKind('given step 2 (PutObject) got 501 NotImplemented: not implemented, expected 2xx: the server could not set up this case'),
    ).toBe('given step 2 (PutObject) got 501 NotImplemented');
    expect(errorKind('could not create bucket s3c-1a2b3c4d-0123456789-main: AccessDenied')).toBe('could not create bucket {bucket}');
    expect(errorKind('GET /s3c-1a2b3c4d-r1-0123456789-main/doc: socket hang up')).toBe('GET /{bucket}/doc: socket hang up');
    expect(
      fingerprintOf(caseResult('x', { outcome: 'error', reason: 'Test timed out in 60000ms.\nIf this is a long-running test...' })),
    ).toBe('error: Test timed out in 60000ms.');
  });

  test('a flaky case is fingerprinted by the attempt that failed', () => {
    const flaky = { ...RANGE_416, outcome: 'flaky' as const, attempts: [{ outcome: 'fail' as const }, { outcome: 'pass' as const }] };
    expect(fingerprintOf(flaky)).toBe(fingerprintOf(RANGE_416));
  });
});

describe('matching a case to its entry', () => {
  const entry = { id: RANGE_416.id, reason: 'planted', fingerprint: fingerprintOf(RANGE_416) };

  test('the same failure is known; no entry is a regression; a pass is fixed; a skip is nothing', () => {
    expect(baselineStatus(RANGE_416, entry)).toBe('known');
    expect(baselineStatus(RANGE_416, undefined)).toBe('regression');
    expect(baselineStatus(caseResult(RANGE_416.id), entry)).toBe('fixed');
    expect(baselineStatus(caseResult(RANGE_416.id, { outcome: 'skip' }), entry)).toBeUndefined();
    expect(baselineStatus(caseResult('other'), undefined)).toBeUndefined();
  });

  test.each([
    ['another observed status', [statusMismatch('416', '500'), errorMismatch('InvalidRange', 'InternalError')]],
    ['another observed error code', [statusMismatch('416', '200'), errorMismatch('InvalidRange', 'NoSuchKey')]],
    ['the error code now right', [statusMismatch('416', '200')]],
    ['the status now right, a header wrong', [{ what: 'header Content-Range', expected: 'bytes */6', observed: '(absent)' }]],
  ])('a failure with %s is changed', (_, mismatches) => {
    expect(baselineStatus(failure(RANGE_416.id, mismatches), entry)).toBe('changed');
  });

  test('a failure that became an error, or an error of another kind, is changed', () => {
    expect(baselineStatus(caseResult(RANGE_416.id, { outcome: 'error', reason: 'GET /b/k: socket hang up' }), entry)).toBe('changed');
    const errorEntry = { id: 'x', reason: 'r', fingerprint: 'error: given step 1 (PutObject) got 501 NotImplemented' };
    expect(
      baselineStatus(caseResult('x', { outcome: 'error', reason: 'given step 1 (PutObject) got 501 NotImplemented: no' }), errorEntry),
    ).toBe('known');
    expect(
      baselineStatus(caseResult('x', { outcome: 'error', reason: 'given step 1 (PutObject) got 400 InvalidRequest: no' }), errorEntry),
    ).toBe('changed');
  });

  test('an entry without a fingerprint (the old format) matches any failure', () => {
    const old = { id: RANGE_416.id, reason: 'written before fingerprints' };
    expect(baselineStatus(RANGE_416, old)).toBe('known');
    expect(baselineStatus(caseResult(RANGE_416.id, { outcome: 'error', reason: 'anything' }), old)).toBe('known');
  });

  test('flaky: a flaky case against a steady entry is changed; a flaky entry takes the flaky case, its failure, and its pass', () => {
    const flaky = { ...RANGE_416, outcome: 'flaky' as const, attempts: [{ outcome: 'fail' as const }, { outcome: 'pass' as const }] };
    expect(baselineStatus(flaky, entry)).toBe('changed');
    const flakyEntry = { ...entry, flaky: true as const };
    expect(baselineStatus(flaky, flakyEntry)).toBe('known');
    expect(baselineStatus(RANGE_416, flakyEntry)).toBe('known');
    expect(baselineStatus(caseResult(RANGE_416.id), flakyEntry)).toBeUndefined();
    expect(baselineStatus(failure(RANGE_416.id, [statusMismatch('416', '500')]), flakyEntry)).toBe('changed');
  });
});

describe('judging a run', () => {
  const baseline: Baseline = {
    deviations: [
      { id: RANGE_416.id, reason: 'planted', fingerprint: 'fail: status 416 → 206' },
      { id: 'old.format', reason: 'no fingerprint' },
      { id: 'renamed.long.ago', reason: 'stale', fingerprint: 'fail: status 200 → 404' },
    ],
  };

  test('a changed deviation fails the run and carries both fingerprints; a stale entry fails it only when strict', () => {
    const judged = judgeRun(runResult([RANGE_416, failure('old.format', [statusMismatch('200', '404')])]), { path: 'b.yaml', baseline });
    expect(judged.baseline).toEqual({
      path: 'b.yaml',
      known: 1,
      regressions: 0,
      changed: 1,
      fixed: 0,
      unmatched: ['renamed.long.ago'],
      unfingerprinted: ['old.format'],
    });
    expect(judged.cases[0]!.fingerprintChange).toEqual({
      baseline: 'fail: status 416 → 206',
      observed: 'fail: status 416 → 200, error InvalidRange → (no error body)',
    });
    expect(runPassed(judged)).toBe(false);

    const onlyKnown = judgeRun(runResult([failure(RANGE_416.id, [statusMismatch('416', '206')])]), { path: 'b.yaml', baseline });
    expect(runPassed(onlyKnown)).toBe(true);
    expect(runPassed(onlyKnown, true)).toBe(false);
  });

  test('without a baseline a flaky case fails the run', () => {
    const flaky = caseResult('x', { outcome: 'flaky', attempts: [{ outcome: 'fail' }, { outcome: 'pass' }] });
    expect(runPassed(runResult([flaky]))).toBe(false);
    expect(runPassed(runResult([caseResult('x')]))).toBe(true);
  });
});

describe('updating a baseline', () => {
  test('writes fingerprints and flaky marks, keeps written reasons, a flaky entry whose case passed, and entries of cases not run; drops entries naming no case', () => {
    const previous: Baseline = {
      target: 'minio',
      deviations: [
        { id: RANGE_416.id, reason: 'MinIO answers 200' },
        { id: 'flaky.sometimes', reason: 'evidence: 1 failure in 5 runs', fingerprint: 'fail: status 200 → 500', flaky: true },
        { id: 'fixed.now', reason: 'passes now' },
        { id: 'not.run', reason: 'filtered out' },
        { id: 'renamed.long.ago', reason: 'stale' },
      ],
    };
    const flakyNew = {
      ...failure('flaky.new', [statusMismatch('200', '503')]),
      outcome: 'flaky' as const,
      attempts: [{ outcome: 'fail' as const }, { outcome: 'pass' as const }],
    };
    const erroring = caseResult('errors.now', { outcome: 'error', reason: 'GET /s3c-1a2b3c4d-0123456789-main/doc: socket hang up' });
    const run = runResult([RANGE_416, caseResult('flaky.sometimes'), caseResult('fixed.now'), flakyNew, erroring]);
    const updated = updatedBaseline(run, previous, new Set([...run.cases.map((c) => c.id), 'not.run']));
    expect(updated.deviations).toEqual([
      {
        id: 'errors.now',
        reason: 'TODO: explain this deviation (GET /{bucket}/doc: socket hang up)',
        fingerprint: 'error: GET /{bucket}/doc: socket hang up',
      },
      {
        id: 'flaky.new',
        reason: 'TODO: explain this deviation (flaky: status: expected 200, observed 503)',
        fingerprint: 'fail: status 200 → 503',
        flaky: true,
      },
      previous.deviations[1],
      { id: 'not.run', reason: 'filtered out' },
      { id: RANGE_416.id, reason: 'MinIO answers 200', fingerprint: 'fail: status 416 → 200, error InvalidRange → (no error body)' },
    ]);
  });

  test('what is written reads back the same, and a reason-only file still loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 's3c-baseline-unit-'));
    const baseline: Baseline = {
      target: 'minio',
      deviations: [{ id: 'a.b', reason: 'r: with a colon', fingerprint: 'fail: status 416 → 200', flaky: true }],
    };
    writeBaseline(join(dir, 'b.yaml'), baseline);
    expect(readBaseline(join(dir, 'b.yaml'))).toEqual(baseline);
    writeFileSync(join(dir, 'old.yaml'), 'target: minio\ndeviations:\n  - id: a.b\n    reason: written before fingerprints\n');
    expect(readBaseline(join(dir, 'old.yaml')).deviations).toEqual([{ id: 'a.b', reason: 'written before fingerprints' }]);
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toMatch(/fingerprint: "fail: status 416 → 200"/);
  });
});
