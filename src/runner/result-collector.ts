// The bridge from vitest to the result model: a vitest reporter that turns each finished test
// into a CaseResult (from the verdict the test left in its meta, through src/report's builders)
// and hands each to the s3-conformance reporters as it finishes. The runner reads the finished
// RunResult from here.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { SerializedError } from 'vitest';
import type { ResultReporter } from '../../reporters/reporter.ts';
import type { ValidatedCase } from '../case/schema.ts';
import type { Target } from '../engine/target.ts';
import type { Verdict } from '../engine/verdict.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';
import { withBaselineStatus, type Baseline } from '../report/baseline.ts';
import { caseResultOf, runResultOf } from '../report/build-result.ts';
import type { CaseResult, InterruptSignal, RunResult, RunSelection, ServerStop } from '../report/model.ts';

export interface RunDescription {
  cases: ValidatedCase[];
  target: Target;
  suiteVersion: string;
  selection: RunSelection;
  /** Each case's line is marked with its baseline status; the run as a whole is judged by the runner. */
  baseline?: Baseline;
  fuzz?: FuzzReport;
  /** Aborted (its reason: the signal) when the run was interrupted: cases left without a verdict are not run. */
  interruption?: AbortSignal;
  /** Aborted when a second signal cut the cases in flight short: what they end with says nothing of the server. */
  abortInFlight?: AbortSignal;
}

export class ResultCollector implements Reporter {
  private readonly casesById: Map<string, ValidatedCase>;
  private readonly results = new Map<string, CaseResult>();
  /** Where the worker found the server gone (see server-watch.ts), from the meta of the case that found it. */
  private serverStop?: ServerStop;
  private readonly startedAt = new Date();
  private readonly description: RunDescription;
  private readonly reporters: ResultReporter[];
  /** Errors outside any test (a crashed worker, a bad import); they make the run an error. */
  readonly unhandledErrors: string[] = [];
  runResult?: RunResult;

  constructor(description: RunDescription, reporters: ResultReporter[]) {
    this.description = description;
    this.reporters = reporters;
    this.casesById = new Map(description.cases.map((c) => [c.id, c]));
  }

  onTestCaseResult(testCase: TestCase): void {
    const definition = this.casesById.get(testCase.name);
    // A case vitest skipped because the run was cancelled never ran, and one that ends after its
    // abort was cut short: both are listed as not run at the end.
    if (!definition || (testCase.result().state === 'skipped' && !testCase.meta().verdict) || this.description.abortInFlight?.aborted)
      return;
    const { baseline } = this.description;
    this.serverStop ??= testCase.meta().serverStop;
    const result = baseline ? withBaselineStatus(toCaseResult(definition, testCase), baseline) : toCaseResult(definition, testCase);
    this.results.set(definition.id, result);
    for (const reporter of this.reporters) reporter.onCaseResult?.(result);
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    this.unhandledErrors.push(...unhandledErrors.map((e) => e.message));
    // A case vitest never reported (its worker died) is an error, not a silent gap; after an
    // interruption it is listed as not run, and the result is partial.
    const { interruption } = this.description;
    const notRun = interruption?.aborted ? this.description.cases.filter((c) => !this.results.has(c.id)).map((c) => c.id) : [];
    const cases = this.description.cases.flatMap((c) => {
      const result = this.results.get(c.id);
      if (result) return [result];
      return interruption?.aborted
        ? []
        : [caseResultOf(c, { outcome: 'error', reason: 'the case did not run to an end (see the errors above)' }, 0)];
    });
    const { target, suiteVersion, selection, fuzz } = this.description;
    this.runResult = runResultOf(
      {
        target,
        suiteVersion,
        selection,
        fuzz,
        startedAt: this.startedAt,
        interrupted: interruption?.aborted ? { signal: interruption.reason as InterruptSignal, notRun } : undefined,
        serverStoppedAnswering: this.serverStop,
      },
      cases,
    );
  }
}

function toCaseResult(definition: ValidatedCase, testCase: TestCase): CaseResult {
  const durationMs = Math.round(testCase.diagnostic()?.duration ?? 0);
  const verdict = testCase.meta().verdict as Verdict | undefined;
  if (verdict) return caseResultOf(definition, verdict, durationMs);
  // No verdict: the test ended before the engine could give one (a timeout, an exception).
  const result = testCase.result();
  const message = result.state === 'failed' ? (result.errors?.[0]?.message ?? 'unknown error') : `ended as ${result.state}`;
  return caseResultOf(definition, { outcome: 'error', reason: message }, durationMs);
}
