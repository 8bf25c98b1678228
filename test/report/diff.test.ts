// diff: every transition between two runs of one target, and which of them fail the diff.
import { describe, expect, test } from 'vitest';
import { diffPasses, diffRuns } from '../../src/report/diff.ts';
import type { CaseOutcome } from '../../src/report/model.ts';
import { caseResult, failure, runResult, statusMismatch } from './results.ts';

const run = (outcomes: Record<string, CaseOutcome>) =>
  runResult(
    Object.entries(outcomes).map(([id, outcome]) =>
      caseResult(id, { outcome, reason: outcome === 'pass' ? undefined : `${outcome} reason` }),
    ),
  );

describe('diff', () => {
  const before = run({
    'a.newly-failing': 'pass',
    'a.newly-passing': 'fail',
    'a.pass-skip': 'pass',
    'a.skip-pass': 'skip',
    'a.fail-error': 'fail',
    'a.fail-flaky': 'fail',
    'a.same': 'fail',
    'a.removed': 'pass',
  });
  const after = run({
    'a.newly-failing': 'error',
    'a.newly-passing': 'pass',
    'a.pass-skip': 'skip',
    'a.skip-pass': 'pass',
    'a.fail-error': 'error',
    'a.fail-flaky': 'flaky',
    'a.same': 'fail',
    'a.added': 'pass',
  });

  test('each transition lands in its own list', () => {
    expect(diffRuns(before, after)).toEqual({
      newlyFailing: [{ id: 'a.newly-failing', before: 'pass', after: 'error', reason: 'error reason' }],
      newlyPassing: [{ id: 'a.newly-passing', before: 'fail', after: 'pass' }],
      passToSkip: [{ id: 'a.pass-skip', before: 'pass', after: 'skip', reason: 'skip reason' }],
      skipToPass: [{ id: 'a.skip-pass', before: 'skip', after: 'pass' }],
      failingAnotherWay: [{ id: 'a.fail-error', before: 'fail: (no mismatch recorded)', after: 'error: error reason' }],
      otherChanges: [{ id: 'a.fail-flaky', before: 'fail', after: 'flaky', reason: 'flaky reason' }],
      added: ['a.added'],
      removed: ['a.removed'],
    });
  });

  test('a failure with another status fails the diff; the same failure does not', () => {
    const failingWith = (observed: string) => runResult([failure('x', [statusMismatch('416', observed)])]);
    const changes = diffRuns(failingWith('200'), failingWith('500'));
    expect(changes.failingAnotherWay).toEqual([{ id: 'x', before: 'fail: status 416 → 200', after: 'fail: status 416 → 500' }]);
    expect(diffPasses(changes)).toBe(false);
    expect(diffPasses(diffRuns(failingWith('200'), failingWith('200')))).toBe(true);
  });

  test('a pass that became flaky is newly failing', () => {
    expect(diffRuns(run({ x: 'pass' }), run({ x: 'flaky' })).newlyFailing.map((c) => c.id)).toEqual(['x']);
  });

  test('a removal or a pass → skip fails the diff unless coverage loss is allowed; a new failure always does', () => {
    expect(diffPasses(diffRuns(run({ x: 'pass', y: 'pass' }), run({ x: 'pass' })))).toBe(false);
    expect(diffPasses(diffRuns(run({ x: 'pass' }), run({ x: 'skip' })))).toBe(false);
    expect(diffPasses(diffRuns(run({ x: 'pass', y: 'pass' }), run({ x: 'skip' })), { allowCoverageLoss: true })).toBe(true);
    expect(diffPasses(diffRuns(run({ x: 'pass' }), run({ x: 'fail' })), { allowCoverageLoss: true })).toBe(false);
    expect(diffPasses(diffRuns(run({ x: 'skip', y: 'fail' }), run({ x: 'pass', y: 'pass', z: 'pass' })))).toBe(true);
  });
});
