// Runs a plan as vitest tests in this process's vitest instance and returns the result model.
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVitest } from 'vitest/node';
import { ResultCollector } from '../../reporters/vitest-adapter.ts';
import type { ResultReporter } from '../../reporters/reporter.ts';
import type { Baseline } from '../report/baseline.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';
import type { RunResult } from '../report/model.ts';
import type { RunPlan } from './plan.ts';
import './plan.ts';

// The test file beside this module: cases.vitest.ts from the sources, cases.vitest.js when built.
const casesTestFile = fileURLToPath(new URL(`./cases.vitest${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface SuiteRunOptions {
  concurrency: number;
  caseTimeoutMs: number;
  suiteVersion: string;
  reporters: ResultReporter[];
  baseline?: { path: string; baseline: Baseline };
  /** The fuzzing this run did first, to be reported with its cases. */
  fuzz?: FuzzReport;
  /** Aborting stops new cases from starting; those in flight finish and clean up. */
  signal?: AbortSignal;
}

export async function runSuite(plan: RunPlan, options: SuiteRunOptions): Promise<{ result: RunResult; unhandledErrors: string[] }> {
  const collector = new ResultCollector(
    { cases: plan.cases, target: plan.target, suiteVersion: options.suiteVersion, baseline: options.baseline, fuzz: options.fuzz },
    options.reporters,
  );
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: dirname(casesTestFile),
      dir: dirname(casesTestFile),
      include: [basename(casesTestFile)],
      // Installed as a package, the test file lies under node_modules, which vitest skips by default.
      exclude: [],
      watch: false,
      reporters: [collector],
      maxConcurrency: options.concurrency,
      testTimeout: options.caseTimeoutMs,
      // One test file: one worker process, started once; isolation between files buys nothing.
      // A process rather than a thread: a worker thread cannot be ended once the parent's
      // stdout is a closed pipe (`run | head`), and the run would never exit.
      pool: 'forks',
      isolate: false,
      passWithNoTests: true,
      provide: { s3cPlan: plan },
    },
  );
  const cancel = () => void vitest.cancelCurrentRun('keyboard-input');
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await vitest.start();
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await vitest.close();
  }
  if (!collector.runResult) throw new Error('vitest ended without a result');
  return { result: collector.runResult, unhandledErrors: collector.unhandledErrors };
}
