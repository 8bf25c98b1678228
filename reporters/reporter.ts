// What every s3-conformance reporter implements: it sees case results as they finish and the
// whole run's result model at the end, never vitest's or the engine's internals.
import type { CaseResult, RunResult } from '../src/report/model.ts';

export interface ResultReporter {
  onCaseResult?(result: CaseResult): void;
  /** `--rerun-failures`: attempt `rerun` (from 1) starts for `count` failing cases; their results come with the run's end. */
  onRerun?(rerun: number, count: number): void;
  onRunEnd?(run: RunResult): void | Promise<void>;
}
