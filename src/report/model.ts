// The result model: what one run found, as one JSON document. Every reporter reads this and
// nothing else, so a saved result file can be re-rendered, compared or merged later.
import type { Capability, Expectation } from '../case/schema.ts';
import type { Mismatch, Outcome, ShownExchange } from '../engine/verdict.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';

// 2: the run's selection, flaky outcomes and rerun attempts, baseline fingerprints.
export const RESULT_SCHEMA_VERSION = 2;

/**
 * A case's outcome in a result: the engine's verdict, or `flaky` when `--rerun-failures` saw the
 * case both fail (or error) and pass.
 */
export type CaseOutcome = Outcome | 'flaky';

/** The baseline's reading of one case (see report/baseline.ts). */
export type BaselineStatus = 'known' | 'regression' | 'changed' | 'fixed';

/** What a run took, so that shards can be checked to add up to one selection (see report/merge.ts). */
export interface RunSelection {
  /** The ids of the cases this run took, in id order. */
  caseIds: string[];
  /** The wire dialects each case was sent in; `signed` alone unless the run asked for more. */
  dialects: string[];
  /** For `run --shard i/n`: which part, and the whole selection the shards split (its size and a hash of its ids). */
  shard?: { index: number; count: number; ofCases: number; ofHash: string };
  suiteVersion: string;
  /** A hash of every case the suites held (their definitions, not their file paths): shards of different suites differ. */
  casesHash: string;
}

export interface CaseResult {
  id: string;
  /** The wire dialect the case was sent in, when not the default `signed`; its id is then `<id>@<dialect>`. */
  dialect?: string;
  area: string;
  title: string;
  tags: string[];
  refs: string[];
  source: string;
  outcome: CaseOutcome;
  durationMs: number;
  reason?: string;
  /** What the case expected (its `then`), for failures. */
  expected?: Expectation;
  mismatches?: Mismatch[];
  exchange?: ShownExchange;
  leftovers?: string[];
  retries?: string[];
  /** Each attempt's outcome and reason when `--rerun-failures` ran the case again, the first attempt first. */
  attempts?: { outcome: Outcome; reason?: string }[];
  /** Set when the run was judged against a baseline (see report/baseline.ts). */
  baseline?: BaselineStatus;
  /** The baseline's reason for a known, changed or fixed deviation. */
  baselineReason?: string;
  /** For a `changed` deviation: the fingerprint the baseline holds and the one this run saw. */
  fingerprintChange?: { baseline: string; observed: string };
}

export interface OutcomeCounts {
  total: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
  flaky: number;
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  suiteVersion: string;
  startedAt: string;
  durationMs: number;
  target: { name: string; endpoint: string; region: string; version?: string; capabilities: Capability[] };
  summary: OutcomeCounts;
  selection: RunSelection;
  /** Present when the run was judged against a baseline. */
  baseline?: BaselineSummary;
  cases: CaseResult[];
  /** Present when the run fuzzed too (`run --fuzz-runs N`): its seed, per property runs and failures, the counterexamples. */
  fuzz?: FuzzReport;
  /**
   * Present when a signal stopped the run: which one, and the cases it kept from a verdict (never
   * started, or aborted by a second signal). Those are not in `cases`: the result is partial.
   */
  interrupted?: { signal: InterruptSignal; notRun: string[] };
  /** Present when the probe showed the server supports what its profile does not claim. */
  unclaimedCapabilities?: UnclaimedCapability[];
  /** Present when the server stopped answering mid-run: the cases after it were not run and are errors. */
  serverStoppedAnswering?: ServerStop;
}

/** Where a run found its server gone (nothing listening at its endpoint any more). */
export interface ServerStop {
  /** The case that got no answer and then found the server gone. */
  atCase: string;
  /** When, as an ISO 8601 time. */
  at: string;
  /** Why it counts as gone: `connection refused (ECONNREFUSED) at HOST:PORT`. */
  cause: string;
  /** That case and the others in flight then: the request that crashed the server is among theirs. */
  casesInFlight: string[];
}

/** What every reporter says of a server that stopped answering; undefined for one that answered to the end. */
export function describeServerStop(run: Pick<RunResult, 'serverStoppedAnswering'>): string | undefined {
  const stop = run.serverStoppedAnswering;
  if (!stop) return undefined;
  const others = stop.casesInFlight.filter((id) => id !== stop.atCase);
  return `the server stopped answering at case ${stop.atCase}, ${stop.at}: ${stop.cause}${others.length > 0 ? `; also in flight then: ${others.join(', ')}` : ''}; the cases after it were not run and are reported as errors`;
}

/** A capability the target's profile leaves out though the probe showed it works, and the cases that skipped for lack of it. */
export interface UnclaimedCapability {
  capability: Capability;
  /** What the probe saw. */
  detail: string;
  skippedCases: number;
}

/** What every reporter says of a capability the profile leaves out. */
export function describeUnclaimedCapability(targetName: string, { capability, detail, skippedCases }: UnclaimedCapability): string {
  return `capability ${capability}: not claimed by target "${targetName}", but the server supports it (${detail}); ${skippedCases} case(s) skip for lack of it`;
}

/** The signals that interrupt a run gracefully (see cli/interruption.ts). */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** What every reporter says of an interrupted run; undefined for a run that went to its end. */
export function describeInterruption(run: Pick<RunResult, 'interrupted'>): string | undefined {
  if (!run.interrupted) return undefined;
  return `interrupted by ${run.interrupted.signal}: ${run.interrupted.notRun.length} case(s) not run; this result is partial`;
}

export interface BaselineSummary {
  path: string;
  known: number;
  regressions: number;
  /** Known deviations that now fail another way (see CaseResult.fingerprintChange). */
  changed: number;
  fixed: number;
  /** Entries naming no case of the suites: stale ones (renamed or removed). */
  unmatched: string[];
  /** Entries without a fingerprint (the old format): they match the case whatever way it fails. */
  unfingerprinted: string[];
}

export function countOutcomes(cases: readonly Pick<CaseResult, 'outcome'>[]): OutcomeCounts {
  const counts: OutcomeCounts = { total: cases.length, pass: 0, fail: 0, skip: 0, error: 0, flaky: 0 };
  for (const { outcome } of cases) counts[outcome]++;
  return counts;
}

/** A case that deviates from S3: it failed, could not be judged, or failed in some attempts. */
export function isDeviation(result: Pick<CaseResult, 'outcome'>): boolean {
  return result.outcome === 'fail' || result.outcome === 'error' || result.outcome === 'flaky';
}

/**
 * Whether the run passes. Without a baseline every failure, error or flaky case counts; with one,
 * regressions and changed deviations do, and with a strict baseline fixed deviations and entries
 * naming no case too.
 */
export function runPassed(run: RunResult, strictBaseline = false): boolean {
  if (run.fuzz && !run.fuzz.passed) return false;
  // The cases after it were not judged, whatever a baseline expects of them.
  if (run.serverStoppedAnswering) return false;
  if (!run.baseline) return run.summary.fail + run.summary.error + run.summary.flaky === 0;
  const { regressions, changed, fixed, unmatched } = run.baseline;
  return regressions + changed === 0 && !(strictBaseline && fixed + unmatched.length > 0);
}

/** Cases grouped by area, areas in name order. */
export function casesByArea<T extends Pick<CaseResult, 'area'>>(cases: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const c of cases) groups.set(c.area, [...(groups.get(c.area) ?? []), c]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** The target as one line: name, endpoint, server version. */
export function describeTarget(run: Pick<RunResult, 'target'>): string {
  return `${run.target.name} at ${run.target.endpoint}${run.target.version ? ` (${run.target.version})` : ''}`;
}

/** Reads a result file written by `run --json` or the json reporter; a wrong file is a clear error. */
export function parseRunResult(text: string, path: string): RunResult {
  let data: Partial<RunResult>;
  try {
    data = JSON.parse(text) as Partial<RunResult>;
  } catch (error) {
    throw new ResultFileError(`${path}: not JSON (${(error as Error).message})`);
  }
  if (data.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new ResultFileError(
      `${path}: schemaVersion ${String(data.schemaVersion)}, this version of s3-conformance reads ${RESULT_SCHEMA_VERSION}`,
    );
  }
  if (!Array.isArray(data.cases) || !data.target) throw new ResultFileError(`${path}: not an s3-conformance result (no cases or target)`);
  if (!Array.isArray(data.selection?.caseIds)) throw new ResultFileError(`${path}: the result records no selection (selection.caseIds)`);
  return data as RunResult;
}

export class ResultFileError extends Error {}
