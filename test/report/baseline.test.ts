// Baseline matching: a known deviation is known only while it fails the way its entry's
// fingerprint says; each way it can fail differently is `changed`, which fails the run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  BaselineError,
  baselineForRun,
  baselineStatus,
  judgeCase,
  judgeRun,
  readBaseline,
  updatedBaseline,
  withBaselineStatus,
  writeBaseline,
  type Baseline,
} from '../../src/report/baseline.ts';
import { errorKind, fingerprintOf, observedAnswer } from '../../src/report/fingerprint.ts';
import { runPassed, type CaseResult } from '../../src/report/model.ts';
import { caseResult, errorMismatch, failure, runResult, statusMismatch } from './results.ts';
import { scratchDir } from '../support/scratch.ts';

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
    const dir = scratchDir('s3c-baseline-unit-');
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

describe('wire dialects', () => {
  const inDialect = (result: CaseResult, dialect: string): CaseResult => ({ ...result, id: `${result.id}@${dialect}`, dialect });
  const withResponse = (result: CaseResult, status: number, body: string): CaseResult => ({
    ...result,
    exchange: {
      request: { method: 'PUT', url: 'http://127.0.0.1/b/k', headers: [], bodyLength: 0 },
      response: { status, headers: {}, bodyLength: body.length, bodyPreview: body },
    },
  });
  const MISSING_LENGTH = '<?xml version="1.0"?><Error><Code>MissingContentLength</Code><Message></Message></Error>';
  const trailerRefused = (id: string) =>
    inDialect(withResponse(failure(id, [statusMismatch('200', '411')]), 411, MISSING_LENGTH), 'streaming-signed-trailer');
  const refusalEntry = { dialect: 'streaming-signed-trailer', reason: 'no trailers', observed: '411 MissingContentLength' };
  const baseline: Baseline = {
    dialects: [refusalEntry],
    deviations: [
      { id: RANGE_416.id, reason: 'answers 200', fingerprint: fingerprintOf(RANGE_416) },
      { id: 'put.only-presigned@presigned', reason: 'presigned PUT refused', fingerprint: 'fail: status 200 → 403' },
    ],
  };

  test("the observed answer: status and error code, alike from the case's request and from a setup step; undefined where they were right", () => {
    expect(observedAnswer(trailerRefused('a'))).toBe('411 MissingContentLength');
    expect(observedAnswer(failure('a', [statusMismatch('200', '411'), errorMismatch('NoSuchKey', 'MissingContentLength')]))).toBe(
      '411 MissingContentLength',
    );
    const stepError = caseResult('a', {
      outcome: 'error',
      reason: 'given step 2 (PutObject) got 411 MissingContentLength: , expected 2xx: the server could not set up this case',
    });
    expect(observedAnswer(stepError)).toBe('411 MissingContentLength');
    expect(observedAnswer(caseResult('a', { outcome: 'error', reason: 'PUT /s3c-1a2b3c4d-0123456789-main/doc: socket hang up' }))).toBe(
      'socket hang up',
    );
    const framed = failure('a', [
      {
        what: 'stored object (GET after the streaming-signed PutObject)',
        expected: '9 bytes (sha256 3fc9)',
        observed: '181 bytes (sha256 5bf9, aws-chunked framing inside)',
      },
    ]);
    expect(observedAnswer(framed)).toBe('stored object: aws-chunked framing inside');
    expect(observedAnswer(failure('a', [{ what: 'header ETag', expected: '"a"', observed: '"b"' }]))).toBeUndefined();
    expect(observedAnswer(caseResult('a'))).toBeUndefined();
  });

  test("a variant failing as its signed case's entry says is known; failing otherwise it is changed against that entry", () => {
    const presigned = inDialect(RANGE_416, 'presigned');
    expect(withBaselineStatus(presigned, baseline)).toMatchObject({ baseline: 'known', baselineReason: 'answers 200' });
    const other = inDialect(
      failure(RANGE_416.id, [statusMismatch('416', '403'), errorMismatch('InvalidRange', 'AccessDenied')]),
      'presigned',
    );
    expect(withBaselineStatus(other, baseline)).toMatchObject({
      baseline: 'changed',
      fingerprintChange: { baseline: fingerprintOf(RANGE_416), observed: 'fail: status 416 → 403, error InvalidRange → AccessDenied' },
    });
    // Passing in a dialect says nothing of the signed entry: the signed case judges it.
    expect(judgeCase(inDialect(caseResult(RANGE_416.id), 'presigned'), baseline).status).toBeUndefined();
  });

  test('an entry `<id>@<dialect>` judges its variant only: known, changed, fixed', () => {
    const refused = inDialect(failure('put.only-presigned', [statusMismatch('200', '403')]), 'presigned');
    expect(judgeCase(refused, baseline).status).toBe('known');
    expect(judgeCase(inDialect(failure('put.only-presigned', [statusMismatch('200', '500')]), 'presigned'), baseline).status).toBe(
      'changed',
    );
    expect(judgeCase(inDialect(caseResult('put.only-presigned'), 'presigned'), baseline).status).toBe('fixed');
    expect(judgeCase(inDialect(failure('put.only-presigned', [statusMismatch('200', '403')]), 'virtual-hosted'), baseline).status).toBe(
      'regression',
    );
  });

  test('a dialect entry takes every failure of its dialect that got its answer, and no other', () => {
    expect(withBaselineStatus(trailerRefused('any.case'), baseline)).toMatchObject({ baseline: 'known', baselineReason: 'no trailers' });
    const setupRefused = inDialect(
      caseResult('other.case', { outcome: 'error', reason: 'given step 1 (PutObject) got 411 MissingContentLength: , expected 2xx' }),
      'streaming-signed-trailer',
    );
    expect(judgeCase(setupRefused, baseline)).toEqual({ status: 'known', entry: refusalEntry });
    // Its signed case's entry, failing another way, loses to the dialect entry that records the answer.
    expect(judgeCase(trailerRefused(RANGE_416.id), baseline).status).toBe('known');
    const otherAnswer = inDialect(
      failure('any.case', [statusMismatch('200', '400'), errorMismatch('NoSuchKey', 'InvalidRequest')]),
      'streaming-signed-trailer',
    );
    expect(judgeCase(otherAnswer, baseline).status).toBe('regression');
    const rightStatusWrongHeader = inDialect(
      failure('any.case', [{ what: 'header ETag', expected: '"a"', observed: '"b"' }]),
      'streaming-signed-trailer',
    );
    expect(judgeCase(rightStatusWrongHeader, baseline).status).toBe('regression');
    expect(
      judgeCase({ ...trailerRefused('any.case'), id: 'any.case@streaming-signed', dialect: 'streaming-signed' }, baseline).status,
    ).toBe('regression');
    const signedCase = withResponse(failure('any.case', [statusMismatch('200', '411')]), 411, MISSING_LENGTH);
    expect(judgeCase(signedCase, baseline).status).toBe('regression');
    const flaky = {
      ...trailerRefused('any.case'),
      outcome: 'flaky' as const,
      attempts: [{ outcome: 'fail' as const }, { outcome: 'pass' as const }],
    };
    expect(judgeCase(flaky, baseline).status).toBe('regression');
  });

  test('stale: a dialect entry only when its dialect ran and matched nothing; a signed entry never by its variants', () => {
    const dialects = ['signed', 'presigned', 'streaming-signed-trailer'];
    const variantsOnly = runResult([inDialect(caseResult(RANGE_416.id), 'presigned'), trailerRefused('any.case')], {
      selection: { ...runResult([]).selection, dialects: ['presigned', 'streaming-signed-trailer'] },
    });
    const judging = baselineForRun(
      baseline,
      { caseIds: new Set(variantsOnly.cases.map((c) => c.id)), dialects: variantsOnly.selection.dialects },
      new Set([RANGE_416.id, `${RANGE_416.id}@presigned`, 'put.only-presigned@presigned']),
    );
    expect(judging.deviations.map((d) => d.id)).toEqual([RANGE_416.id]);
    expect(judgeRun(variantsOnly, { path: 'b.yaml', baseline: judging }).baseline).toMatchObject({ known: 1, fixed: 0, unmatched: [] });

    const nothingRefused = runResult([RANGE_416, inDialect(caseResult('any.case'), 'streaming-signed-trailer')], {
      selection: { ...runResult([]).selection, dialects },
    });
    expect(judgeRun(nothingRefused, { path: 'b.yaml', baseline }).baseline?.unmatched).toEqual([
      '*@streaming-signed-trailer (411 MissingContentLength)',
      'put.only-presigned@presigned',
    ]);
    expect(runPassed(judgeRun(nothingRefused, { path: 'b.yaml', baseline }), true)).toBe(false);
    const signedOnly = judgeRun(runResult([RANGE_416]), {
      path: 'b.yaml',
      baseline: { deviations: baseline.deviations.slice(0, 1), dialects: [refusalEntry] },
    });
    expect(signedOnly.baseline?.unmatched).toEqual([]);
  });

  test('a baseline names only dialects that exist, other than signed', () => {
    const dir = scratchDir('s3c-baseline-unit-');
    const write = (dialect: string) => {
      writeFileSync(join(dir, 'b.yaml'), `dialects:\n  - dialect: ${dialect}\n    reason: r\n    observed: 411 MissingContentLength\n`);
      return () => readBaseline(join(dir, 'b.yaml'));
    };
    expect(write('streaming-signed-trailer')().dialects).toEqual([
      { dialect: 'streaming-signed-trailer', reason: 'r', observed: '411 MissingContentLength' },
    ]);
    expect(write('streaming-signed-trailr')).toThrow(/dialect entry "streaming-signed-trailr" names no wire dialect/);
    expect(write('signed')).toThrow(BaselineError);
  });

  test('updating: variants known by their signed entry or a dialect entry get no entry; the others do; dialect entries keep their reasons until their dialect runs without them', () => {
    const previous: Baseline = {
      target: 'ceph',
      dialects: [
        refusalEntry,
        { dialect: 'presigned', reason: 'gone now', observed: '403 AccessDenied' },
        { dialect: 'expect-continue', reason: 'not run', observed: '417' },
      ],
      deviations: [
        { id: 'put.only-presigned@presigned', reason: 'presigned PUT refused' },
        { id: 'signed.not.run', reason: 'filtered out', fingerprint: 'fail: status 200 → 404' },
      ],
    };
    const onlyInDialect = inDialect(failure('put.only-presigned', [statusMismatch('200', '403')]), 'presigned');
    const run = runResult(
      [
        RANGE_416,
        inDialect(RANGE_416, 'presigned'),
        trailerRefused('any.case'),
        onlyInDialect,
        inDialect(failure('signed.not.run', [statusMismatch('200', '404')]), 'presigned'),
        inDialect(failure('new.in.dialect', [statusMismatch('200', '400')]), 'presigned'),
      ],
      { selection: { ...runResult([]).selection, dialects: ['signed', 'presigned', 'streaming-signed-trailer'] } },
    );
    const updated = updatedBaseline(run, previous, new Set(['signed.not.run', ...run.cases.map((c) => c.id)]));
    expect(updated.dialects).toEqual([refusalEntry, previous.dialects![2]]);
    // A run that left a case of the dialect out keeps the entry it did not need: that case might.
    const filtered = updatedBaseline(run, previous, new Set(['signed.not.run', 'other.case@presigned', ...run.cases.map((c) => c.id)]));
    expect(filtered.dialects).toEqual(previous.dialects);
    expect(updated.deviations.map((d) => [d.id, d.reason])).toEqual([
      ['new.in.dialect@presigned', 'TODO: explain this deviation (status: expected 200, observed 400)'],
      ['put.only-presigned@presigned', 'presigned PUT refused'],
      [RANGE_416.id, 'TODO: explain this deviation (status: expected 416, observed 200)'],
      ['signed.not.run', 'filtered out'],
    ]);
    const dir = scratchDir('s3c-baseline-unit-');
    writeBaseline(join(dir, 'b.yaml'), updated);
    expect(readBaseline(join(dir, 'b.yaml'))).toEqual(updated);
  });
});
