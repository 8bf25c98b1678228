// The result model: what one run found, as one JSON document. Every reporter reads this and
// nothing else, so a saved result file can be re-rendered, compared or merged later.
import type { Capability, Expectation } from '../case/schema.ts';
import type { Mismatch, Outcome, ShownExchange } from '../engine/verdict.ts';

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
  cases: CaseResult[];
}

export function countOutcomes(cases: readonly Pick<CaseResult, 'outcome'>[]): OutcomeCounts {
  const counts: OutcomeCounts = { total: cases.length, pass: 0, fail: 0, skip: 0, error: 0 };
  for (const { outcome } of cases) counts[outcome]++;
  return counts;
}
