// Runs a plan as vitest tests in this process's vitest instance and returns the result model.
import { basename, dirname, extname } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { createVitest } from 'vitest/node';
import { ResultCollector } from './result-collector.ts';
import type { ResultReporter } from '../../reporters/reporter.ts';
import { judgeRun, type Baseline } from '../report/baseline.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';
import type { InterruptSignal, RunResult, RunSelection, UnclaimedCapability } from '../report/model.ts';
import { casesToRerun, withRerun } from '../report/reruns.ts';
import { stopChannelName, type RunPlan } from './run-plan.ts';

// The test file beside this module: cases.vitest.ts from the sources, cases.vitest.js when built.
const casesTestFile = fileURLToPath(new URL(`./cases.vitest${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** The cap, in MB, on each semi-space of the worker's young generation (see runSuite). */
const WORKER_SEMI_SPACE_MB = 4;

export interface SuiteRunOptions {
  concurrency: number;
  caseTimeoutMs: number;
  suiteVersion: string;
  selection: RunSelection;
  reporters: ResultReporter[];
  baseline?: { path: string; baseline: Baseline };
  /** Run failing cases again up to this many times, in fresh buckets; one that then passes is `flaky`. */
  rerunFailures?: number;
  /** The fuzzing this run did first, to be reported with its cases. */
  fuzz?: FuzzReport;
  /** What the probe showed the server supports though its profile does not claim it, to be reported. */
  unclaimedCapabilities?: UnclaimedCapability[];
  /** Aborting stops new cases from starting; those in flight finish (within the case timeout) and clean up. */
  signal?: AbortSignal;
  /** Aborting ends the cases in flight at once; their buckets are left to the run's sweep. */
  abortInFlight?: AbortSignal;
}

export async function runSuite(plan: RunPlan, options: SuiteRunOptions): Promise<{ result: RunResult; unhandledErrors: string[] }> {
  let { result, unhandledErrors } = await runCases(plan, options, options.reporters);
  // After the server stopped answering, a rerun would only meet it gone again.
  for (let rerun = 1; rerun <= (options.rerunFailures ?? 0) && !options.signal?.aborted && !result.serverStoppedAnswering; rerun++) {
    const failing = casesToRerun(result);
    if (failing.size === 0) break;
    for (const reporter of options.reporters) reporter.onRerun?.(rerun, failing.size);
    // Fresh buckets: the rerun's names differ from the first attempt's, under the same run prefix.
    const again = await runCases(
      { ...plan, cases: plan.cases.filter((c) => failing.has(c.id)), runPrefix: `${plan.runPrefix}-r${rerun}` },
      options,
      [],
    );
    result = withRerun(result, again.result);
    unhandledErrors = [...unhandledErrors, ...again.unhandledErrors];
  }
  // Interrupted during a rerun: every case has a verdict, but the reruns are cut short.
  if (options.signal?.aborted && !result.interrupted)
    result = { ...result, interrupted: { signal: options.signal.reason as InterruptSignal, notRun: [] } };
  if (options.baseline) result = judgeRun(result, options.baseline);
  if (options.unclaimedCapabilities?.length) result = { ...result, unclaimedCapabilities: options.unclaimedCapabilities };
  for (const reporter of options.reporters) await reporter.onRunEnd?.(result);
  return { result, unhandledErrors };
}

/** One vitest run of the plan's cases; `reporters` hear of each case as it ends. */
async function runCases(
  plan: RunPlan,
  options: SuiteRunOptions,
  reporters: ResultReporter[],
): Promise<{ result: RunResult; unhandledErrors: string[] }> {
  const collector = new ResultCollector(
    {
      cases: plan.cases,
      target: plan.target,
      suiteVersion: options.suiteVersion,
      selection: options.selection,
      baseline: options.baseline?.baseline,
      fuzz: options.fuzz,
      interruption: options.signal,
      abortInFlight: options.abortInFlight,
    },
    reporters,
  );
  // The worker thread's young generation: V8's default lets each semi-space grow to 32 MB, which
  // this workload fills with short-lived request and response objects and never gives back
  // (about 50 MB of the run's peak). 4 MB costs no measurable time. A V8 flag is process-wide and
  // read when an isolate is made, so it reaches the worker started below, not this thread.
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  // Interrupted before the first case: nothing to start, every case is reported not run.
  if (options.signal?.aborted) {
    collector.onTestRunEnd([], []);
    return { result: collector.runResult!, unhandledErrors: collector.unhandledErrors };
  }
  // vitest's logger ends the process 1 ms after a SIGINT or SIGTERM: the cases in flight would
  // leave their buckets behind. The CLI handles those signals itself (cli/interruption.ts), so the
  // listeners vitest adds are taken off at once, before a signal can reach them.
  const dropSignalListener = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (event === 'SIGINT' || event === 'SIGTERM') queueMicrotask(() => process.off(event, listener));
  };
  process.on('newListener', dropSignalListener);
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
      // One test file: one worker thread, started once; isolation between files buys nothing.
      // A thread rather than a process: it shares this process's memory and start-up.
      pool: 'threads',
      isolate: false,
      passWithNoTests: true,
      // Its results cache only orders test files, and there is one; it would be written beside
      // this module, inside the checkout or the installed package.
      cache: false,
      provide: { s3cPlan: plan },
    },
    {},
    { stdout: unbreakable(process.stdout), stderr: unbreakable(process.stderr) },
  ).finally(() => process.off('newListener', dropSignalListener));
  // Stopping: the worker starts no new case, and those in flight end as usual (within the case
  // timeout). vitest's own cancelling cannot do that: it ends the worker, cases in flight and all,
  // which is what aborting them is for. A worker that subscribes after the stop asks and is told.
  const stopChannel = new BroadcastChannel(stopChannelName(plan.runPrefix));
  const stop = () => stopChannel.postMessage('stop');
  stopChannel.onmessage = () => options.signal?.aborted && stop();
  const abortInFlight = () => void vitest.cancelCurrentRun('keyboard-input');
  options.signal?.addEventListener('abort', stop, { once: true });
  options.abortInFlight?.addEventListener('abort', abortInFlight, { once: true });
  try {
    await vitest.start();
  } finally {
    options.signal?.removeEventListener('abort', stop);
    options.abortInFlight?.removeEventListener('abort', abortInFlight);
    stopChannel.close();
    await vitest.close();
  }
  if (!collector.runResult) throw new Error('vitest ended without a result');
  return { result: collector.runResult, unhandledErrors: collector.unhandledErrors };
}

/**
 * vitest's output streams: forward to `stream` and never fail. vitest pipes its worker thread's
 * stdio into them and, on teardown, waits until those pipes drain; piped straight into a stdout
 * that became a closed pipe (`run | head`), they would stop draining and the run never end.
 */
function unbreakable(stream: NodeJS.WriteStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!stream.destroyed) stream.write(chunk);
      done();
    },
  });
}
