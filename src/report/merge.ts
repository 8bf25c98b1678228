// Joining the results of one target's shards (`run --shard i/n` in parallel CI jobs) into one run.
// The shards must add up to one selection: every part of one split of one suite, each once. A
// missing shard (a crashed CI job), a duplicated one or one of another split is refused by name,
// so a merged result that passes is never a smaller run than the one asked for.
import {
  countOutcomes,
  ResultFileError,
  type BaselineSummary,
  type RunResult,
  type RunSelection,
  type UnclaimedCapability,
} from './model.ts';
import { hashIds } from './selection.ts';

export interface ResultFile {
  path: string;
  run: RunResult;
}

export function mergeRuns(files: ResultFile[]): RunResult {
  const [first, ...rest] = files;
  if (!first) throw new ResultFileError('merge needs at least one result file');
  for (const { path, run } of rest) {
    // By name: shards of a launched target each start their own server, on its own port.
    if (run.target.name !== first.run.target.name) {
      throw new ResultFileError(
        `${path}: a run of ${run.target.name}, not ${first.run.target.name}: merge joins one target's shards (use matrix to compare targets)`,
      );
    }
  }
  checkShardsAddUp(files);
  const runs = files.map((f) => f.run);
  const cases = runs.flatMap((run) => run.cases).sort((a, b) => a.area.localeCompare(b.area) || a.id.localeCompare(b.id));
  const starts = runs.map((run) => Date.parse(run.startedAt));
  const ends = runs.map((run) => Date.parse(run.startedAt) + run.durationMs);
  const { shard: _shard, ...selection } = first.run.selection;
  return {
    ...first.run,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    summary: countOutcomes(cases),
    selection: { ...selection, caseIds: cases.map((c) => c.id).sort() },
    cases,
    baseline: mergedBaseline(runs.flatMap((run) => (run.baseline ? [run.baseline] : []))),
    unclaimedCapabilities: mergedUnclaimed(runs),
    // Any shard's server that stopped answering fails the merged run; the first such shard's is named.
    serverStoppedAnswering: runs.find((run) => run.serverStoppedAnswering)?.serverStoppedAnswering,
  };
}

/** Each shard probed the same server: the capabilities are one list, their skipped cases the shards' sum. */
function mergedUnclaimed(runs: RunResult[]): UnclaimedCapability[] | undefined {
  const merged = new Map<string, UnclaimedCapability>();
  for (const unclaimed of runs.flatMap((run) => run.unclaimedCapabilities ?? [])) {
    const seen = merged.get(unclaimed.capability);
    merged.set(unclaimed.capability, { ...unclaimed, skippedCases: (seen?.skippedCases ?? 0) + unclaimed.skippedCases });
  }
  return merged.size > 0 ? [...merged.values()] : undefined;
}

/** What every shard of one split shares: the suite, the dialects, and the selection they split. */
function splitOf(selection: RunSelection) {
  return {
    'suite version': selection.suiteVersion,
    'case files (hash)': selection.casesHash,
    dialects: selection.dialects.join(','),
    'shard count': String(selection.shard?.count ?? 'unsharded'),
    'selected cases (hash)': selection.shard?.ofHash ?? hashIds(selection.caseIds),
  };
}

function checkShardsAddUp(files: ResultFile[]): void {
  const [first] = files as [ResultFile];
  const expected = splitOf(first.run.selection);
  for (const { path, run } of files.slice(1)) {
    const split = splitOf(run.selection);
    const differing = (Object.keys(expected) as (keyof typeof expected)[]).find((key) => split[key] !== expected[key]);
    if (differing) {
      throw new ResultFileError(
        `${path} is not a shard of the same selection as ${first.path}: its ${differing} is ${split[differing]}, not ${expected[differing]}`,
      );
    }
  }
  for (const { path, run } of files) {
    if (run.interrupted) {
      throw new ResultFileError(
        `${path} is a run interrupted by ${run.interrupted.signal} (${run.interrupted.notRun.length} case(s) not run): a run cut short is no shard to merge`,
      );
    }
    const held = new Set(run.cases.map((c) => c.id));
    const missing = run.selection.caseIds.filter((id) => !held.has(id));
    if (missing.length > 0 || held.size !== run.selection.caseIds.length) {
      throw new ResultFileError(
        `${path} holds ${held.size} results for the ${run.selection.caseIds.length} cases it selected (${missing[0] ?? 'others'} missing): a run cut short is no shard to merge`,
      );
    }
  }
  const count = first.run.selection.shard?.count;
  if (count === undefined) {
    if (files.length > 1)
      throw new ResultFileError(`${files[1]!.path}: these are unsharded runs; merge joins the shards of one run --shard i/n split`);
    return;
  }
  const byIndex = new Map<number, string>();
  for (const { path, run } of files) {
    const { index } = run.selection.shard!;
    const earlier = byIndex.get(index);
    if (earlier) throw new ResultFileError(`shard ${index}/${count} is given twice: ${earlier} and ${path}`);
    byIndex.set(index, path);
  }
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (absent.length > 0)
    throw new ResultFileError(
      `shard ${absent.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count} shards of the split`,
    );
  const caseIds = files.flatMap((f) => f.run.selection.caseIds);
  const { ofCases, ofHash } = first.run.selection.shard!;
  if (caseIds.length !== ofCases || hashIds(caseIds) !== ofHash) {
    throw new ResultFileError(
      `the ${count} shards hold ${caseIds.length} cases, not the ${ofCases} their split selected: were they split from the same suite?`,
    );
  }
}

function mergedBaseline(summaries: BaselineSummary[]): BaselineSummary | undefined {
  const [first] = summaries;
  if (!first) return undefined;
  const sum = (key: 'known' | 'regressions' | 'changed' | 'fixed') => summaries.reduce((total, s) => total + s[key], 0);
  return {
    path: first.path,
    known: sum('known'),
    regressions: sum('regressions'),
    changed: sum('changed'),
    fixed: sum('fixed'),
    // An entry is unmatched only if no shard had its case.
    unmatched: first.unmatched.filter((id) => summaries.every((s) => s.unmatched.includes(id))),
    unfingerprinted: [...new Set(summaries.flatMap((s) => s.unfingerprinted))].sort(),
  };
}
