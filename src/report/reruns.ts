// `run --rerun-failures N`: failing cases run again, in fresh buckets, and each attempt is kept.
// A case that failed (or errored) and then passed is `flaky`; it keeps the evidence of the attempt
// that failed. A case that never passed keeps its first verdict, with every attempt listed.
import type { Outcome } from '../engine/verdict.ts';
import { countOutcomes, type CaseResult, type RunResult } from './model.ts';

/** The cases worth another attempt: those that failed or errored in every attempt so far. */
export function casesToRerun(run: Pick<RunResult, 'cases'>): Set<string> {
  return new Set(run.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'error').map((c) => c.id));
}

/** `run` with the outcomes of another attempt at some of its cases (`again`) folded in. */
export function withRerun(run: RunResult, again: Pick<RunResult, 'cases' | 'durationMs'>): RunResult {
  const attempts = new Map(again.cases.map((c) => [c.id, c]));
  const cases = run.cases.map((c) => {
    const next = attempts.get(c.id);
    return next ? withAttempt(c, next) : c;
  });
  return { ...run, durationMs: run.durationMs + again.durationMs, summary: countOutcomes(cases), cases };
}

function withAttempt(earlier: CaseResult, next: CaseResult): CaseResult {
  const attempt = (c: CaseResult) => ({ outcome: c.outcome as Outcome, ...(c.reason === undefined ? {} : { reason: c.reason }) });
  const attempts = [...(earlier.attempts ?? [attempt(earlier)]), attempt(next)];
  if (next.outcome === 'pass') return { ...earlier, outcome: 'flaky', attempts };
  // Failing again, whichever way: the first verdict stands, and the attempt is listed.
  return { ...earlier, attempts };
}
