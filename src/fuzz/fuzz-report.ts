// The fuzzer's result model: what `s3-conformance fuzz --json` writes and what `runFuzz` returns.
// Plain data, no behaviour.
import type { HttpDateFormat, HttpDateMutation } from './arbitraries.ts';
import type { DateConditionHeader } from './conditional-date-model.ts';

export const FUZZ_AREAS = ['range', 'copy-range', 'dates'] as const;
export type FuzzArea = (typeof FUZZ_AREAS)[number];

export interface RangeInput {
  objectSize: number;
  rangeHeader: string;
}

export interface CopyRangeInput {
  sourceSize: number;
  copySourceRange: string;
}

export interface DateInput {
  header: DateConditionHeader;
  /** `last-modified`: the date is the object's Last-Modified shifted by `offsetSeconds`. */
  anchor: 'last-modified' | 'absolute';
  offsetSeconds: number;
  /** For `absolute`: the date, as an ISO string. */
  absolute?: string;
  format: HttpDateFormat;
  mutation: HttpDateMutation;
}

export type FuzzInput =
  | ({ property: 'range' } & RangeInput)
  | ({ property: 'copy-range' } & CopyRangeInput)
  | ({ property: 'dates' } & DateInput);

/** What the server answered to the failing request, as far as the check looked. */
export interface ObservedSummary {
  status: number;
  headers: Record<string, string>;
  errorCode?: string;
  bodyLength: number;
}

export interface CaseFileText {
  id: string;
  fileName: string;
  yaml: string;
}

export interface Counterexample {
  property: FuzzArea;
  seed: number;
  /** fast-check's replay path of the shrunk counterexample. */
  path: string;
  shrinks: number;
  input: FuzzInput;
  /** fast-check's shrunk input, when a last deterministic step (re-aiming a range at smaller objects) shrank it further. */
  shrunkByFastCheck?: FuzzInput;
  /** The header value actually sent (for dates, rendered against the object's Last-Modified). */
  sentValue: string;
  /** The model's outcome (status, headers, reason with its source). */
  expected: Record<string, unknown>;
  observed?: ObservedSummary;
  mismatches: string[];
  /** The command that replays exactly this counterexample. */
  replay: string;
  /** The counterexample as a case file, with the model's expectation; absent when the model cannot judge it. */
  caseFile?: CaseFileText;
}

/**
 * A property's verdict. `passed` needs evidence: at least one input checked against the server;
 * a property that checked nothing (the target lacks the operation, or every input was skipped) is
 * `not run`, whatever fast-check says of its zero checks.
 */
export type PropertyOutcome = 'passed' | 'failed' | 'error' | 'not run';

export interface PropertyReport {
  property: FuzzArea;
  outcome: PropertyOutcome;
  /** Generated inputs tried before the run ended (all of them when nothing failed). */
  runs: number;
  /** 0 or 1: fast-check stops at the first failure and shrinks it. */
  failures: number;
  /** Inputs the model calls unknown, skipped without a request (counted before any failure). */
  skippedAsUnknown: number;
  /** Inputs left out by `knownDeviation` (only when one was given). */
  skippedAsKnown?: number;
  /** Inputs checked against the server (runs minus the skipped), before any failure. */
  checked: number;
  /** Objects uploaded for this property. */
  uploads: number;
  /** Requests judged, shrinking included. */
  requests: number;
  durationMs: number;
  /** Runs per second over the whole property, uploads and shrinking included. */
  runsPerSecond: number;
  counterexample?: Counterexample;
  /** Why the property was not run: the target lacks the operation, or every input was skipped. */
  notRun?: string;
  /** A run that could not be judged at all (set-up failed): a failure. */
  error?: string;
}

export interface FuzzReport {
  schemaVersion: 1;
  seed: number;
  runsRequested: number;
  target: { name: string; endpoint: string; version?: string };
  properties: PropertyReport[];
  /** True when no property failed or errored and at least one checked inputs: a run that checked nothing has not passed. */
  passed: boolean;
}
