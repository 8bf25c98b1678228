// Joining the results of one target's shards (`run --shard i/n` in parallel CI jobs) into one run.
import { countOutcomes, ResultFileError, type RunResult } from './model.ts';

export function mergeRuns(runs: RunResult[]): RunResult {
  const [first, ...rest] = runs;
  if (!first) throw new ResultFileError('merge needs at least one result file');
  for (const run of rest) {
    // By name: shards of a launched target each start their own server, on its own port.
    if (run.target.name !== first.target.name) {
      throw new ResultFileError(`cannot merge runs of different targets: ${first.target.name} and ${run.target.name} (use matrix to compare targets)`);
    }
  }
  const seen = new Set<string>();
  for (const c of runs.flatMap((run) => run.cases)) {
    if (seen.has(c.id)) throw new ResultFileError(`case ${c.id} is in more than one result file: were the shards of one split?`);
    seen.add(c.id);
  }
  const cases = runs.flatMap((run) => run.cases).sort((a, b) => a.area.localeCompare(b.area) || a.id.localeCompare(b.id));
  const starts = runs.map((run) => Date.parse(run.startedAt));
  const ends = runs.map((run) => Date.parse(run.startedAt) + run.durationMs);
  const baselined = runs.filter((run) => run.baseline);
  return {
    ...first,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    summary: countOutcomes(cases),
    cases,
    baseline:
      baselined.length === 0
        ? undefined
        : {
            path: baselined[0]!.baseline!.path,
            known: cases.filter((c) => c.baseline === 'known').length,
            regressions: cases.filter((c) => c.baseline === 'regression').length,
            fixed: cases.filter((c) => c.baseline === 'fixed').length,
            // An entry is unmatched only if no shard had its case.
            unmatched: baselined[0]!.baseline!.unmatched.filter((id) => baselined.every((run) => run.baseline!.unmatched.includes(id))),
          },
  };
}
