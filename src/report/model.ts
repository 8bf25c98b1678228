// The result model: what one run found, as one JSON document. Every reporter reads this and
// nothing else, so a saved result file can be re-rendered, compared or merged later.
import type { Capability, Expectation } from '../case/schema.ts';
import type { Mismatch, Outcome, ShownExchange } from '../engine/verdict.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';

export const RESULT_SCHEMA_VERSION = 1;

export interface CaseResult {
  id: string;
  area: string;
  title: string;
  tags: string[];
  refs: string[];
  source: string;
  outcome: Outcome;
  durationMs: number;
  reason?: string;
  /** What the case expected (its `then`), for failures. */
  expected?: Expectation;
  mismatches?: Mismatch[];
  exchange?: ShownExchange;
  leftovers?: string[];
  retries?: string[];
  /** Set when the run was judged against a baseline (see report/baseline.ts). */
  baseline?: 'known' | 'regression' | 'fixed';
  /** The baseline's reason for a known or fixed deviation. */
  baselineReason?: string;
}

export interface OutcomeCounts {
  total: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  suiteVersion: string;
  startedAt: string;
  durationMs: number;
  target: { name: string; endpoint: string; region: string; version?: string; capabilities: Capability[] };
  summary: OutcomeCounts;
  /** Present when the run was judged against a baseline. */
  baseline?: { path: string; known: number; regressions: number; fixed: number; unmatched: string[] };
  cases: CaseResult[];
  /** Present when the run fuzzed too (`run --fuzz-runs N`): its seed, per property runs and failures, the counterexamples. */
  fuzz?: FuzzReport;
}

export function countOutcomes(cases: readonly Pick<CaseResult, 'outcome'>[]): OutcomeCounts {
  const counts: OutcomeCounts = { total: cases.length, pass: 0, fail: 0, skip: 0, error: 0 };
  for (const { outcome } of cases) counts[outcome]++;
  return counts;
}

/**
 * Whether the run passes. Without a baseline every failure or error counts; with one, only
 * regressions do, and fixed deviations too when the baseline is strict.
 */
/** A case that deviates from S3: it failed, or could not be judged. */
export function isDeviation(result: Pick<CaseResult, 'outcome'>): boolean {
  return result.outcome === 'fail' || result.outcome === 'error';
}

export function runPassed(run: RunResult, strictBaseline = false): boolean {
  if (run.fuzz && !run.fuzz.passed) return false;
  if (!run.baseline) return run.summary.fail + run.summary.error === 0;
  return run.baseline.regressions === 0 && !(strictBaseline && run.baseline.fixed > 0);
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
    throw new ResultFileError(`${path}: schemaVersion ${String(data.schemaVersion)}, this version of s3-conformance reads ${RESULT_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(data.cases) || !data.target) throw new ResultFileError(`${path}: not an s3-conformance result (no cases or target)`);
  return data as RunResult;
}

export class ResultFileError extends Error {}
