// --rerun-failures: how attempts fold into one result.
import { describe, expect, test } from 'vitest';
import { casesToRerun, withRerun } from '../../src/report/reruns.ts';
import { caseResult, failure, runResult, statusMismatch } from './results.ts';

describe('reruns', () => {
  const first = runResult([
    failure('a.flaky', [statusMismatch('200', '500')]),
    failure('a.steady', [statusMismatch('200', '404')]),
    caseResult('a.pass'),
    caseResult('a.skip', { outcome: 'skip' }),
  ]);

  test('only failures and errors are rerun', () => {
    expect([...casesToRerun(first)]).toEqual(['a.flaky', 'a.steady']);
  });

  test('failed then passed is flaky and keeps the failing evidence; failed twice keeps its verdict with both attempts', () => {
    const again = runResult([caseResult('a.flaky'), failure('a.steady', [statusMismatch('200', '404')])]);
    const folded = withRerun(first, again);
    const [flaky, steady] = folded.cases;
    expect(flaky).toMatchObject({
      outcome: 'flaky',
      reason: 'status: expected 200, observed 500',
      attempts: [{ outcome: 'fail' }, { outcome: 'pass' }],
    });
    expect(flaky!.mismatches).toEqual([statusMismatch('200', '500')]);
    expect(steady).toMatchObject({ outcome: 'fail', attempts: [{ outcome: 'fail' }, { outcome: 'fail' }] });
    expect(folded.summary).toMatchObject({ pass: 1, fail: 1, flaky: 1, skip: 1 });
    expect([...casesToRerun(folded)]).toEqual(['a.steady']);
  });
});
