// What changed between two runs of one target: for gating a release on the previous one.
import { isDeviation, type RunResult } from './model.ts';

export interface RunDiff {
  newlyFailing: { id: string; before: string; after: string; reason?: string }[];
  newlyPassing: { id: string; before: string }[];
  otherChanges: { id: string; before: string; after: string }[];
  added: string[];
  removed: string[];
}


export function diffRuns(before: RunResult, after: RunResult): RunDiff {
  const old = new Map(before.cases.map((c) => [c.id, c]));
  const now = new Map(after.cases.map((c) => [c.id, c]));
  const diff: RunDiff = { newlyFailing: [], newlyPassing: [], otherChanges: [], added: [], removed: [] };
  for (const [id, c] of now) {
    const previous = old.get(id);
    if (!previous) diff.added.push(id);
    else if (isDeviation(c) && !isDeviation(previous)) diff.newlyFailing.push({ id, before: previous.outcome, after: c.outcome, reason: c.reason });
    else if (c.outcome === 'pass' && isDeviation(previous)) diff.newlyPassing.push({ id, before: previous.outcome });
    else if (c.outcome !== previous.outcome) diff.otherChanges.push({ id, before: previous.outcome, after: c.outcome });
  }
  diff.removed = [...old.keys()].filter((id) => !now.has(id));
  return diff;
}
