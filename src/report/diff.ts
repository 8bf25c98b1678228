// What changed between two runs of one target: for gating a release on the previous one. Losing
// coverage is a change to gate on as much as a new failure: a case removed, or a pass that became
// a skip (a capability dropped from the profile, a case that now needs one), hides what it checked.
// A case that failed before and fails another way now (another status, error code or error kind:
// its fingerprint changed) is a regression too, as against a baseline.
import { fingerprintOf } from './fingerprint.ts';
import { isDeviation, type CaseOutcome, type RunResult } from './model.ts';

export interface OutcomeChange {
  id: string;
  before: CaseOutcome;
  after: CaseOutcome;
  reason?: string;
}

export interface RunDiff {
  newlyFailing: OutcomeChange[];
  newlyPassing: OutcomeChange[];
  passToSkip: OutcomeChange[];
  skipToPass: OutcomeChange[];
  /** Failing before and after, but another way: the fingerprints before and after. */
  failingAnotherWay: { id: string; before: string; after: string }[];
  /** Any other change of outcome: fail → error, skip → fail, fail → flaky, ... */
  otherChanges: OutcomeChange[];
  added: string[];
  removed: string[];
}

export function diffRuns(before: RunResult, after: RunResult): RunDiff {
  const old = new Map(before.cases.map((c) => [c.id, c]));
  const now = new Map(after.cases.map((c) => [c.id, c]));
  const diff: RunDiff = {
    newlyFailing: [],
    newlyPassing: [],
    passToSkip: [],
    skipToPass: [],
    failingAnotherWay: [],
    otherChanges: [],
    added: [],
    removed: [],
  };
  for (const [id, c] of now) {
    const previous = old.get(id);
    if (!previous) {
      diff.added.push(id);
      continue;
    }
    if (isDeviation(c) && isDeviation(previous) && fingerprintOf(c) !== fingerprintOf(previous)) {
      diff.failingAnotherWay.push({ id, before: fingerprintOf(previous), after: fingerprintOf(c) });
      continue;
    }
    if (c.outcome === previous.outcome) continue;
    const change: OutcomeChange = {
      id,
      before: previous.outcome,
      after: c.outcome,
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    };
    if (isDeviation(c) && !isDeviation(previous)) diff.newlyFailing.push(change);
    else if (c.outcome === 'pass' && isDeviation(previous)) diff.newlyPassing.push(change);
    else if (previous.outcome === 'pass' && c.outcome === 'skip') diff.passToSkip.push(change);
    else if (previous.outcome === 'skip' && c.outcome === 'pass') diff.skipToPass.push(change);
    else diff.otherChanges.push(change);
  }
  diff.removed = [...old.keys()].filter((id) => !now.has(id));
  return diff;
}

/**
 * Whether the later run may replace the earlier one: no case newly failing or failing another way
 * and, unless coverage loss is allowed, none removed and no pass turned into a skip.
 */
export function diffPasses(diff: RunDiff, { allowCoverageLoss = false } = {}): boolean {
  if (diff.newlyFailing.length + diff.failingAnotherWay.length > 0) return false;
  return allowCoverageLoss || diff.removed.length + diff.passToSkip.length === 0;
}
