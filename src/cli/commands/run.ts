// `s3-conformance run`: the cases against a target, judged, reported, optionally against a baseline.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { FILE_REPORTERS, type FileReporterName } from '../../../reporters/files.ts';
import type { ChecksumMode } from '../../engine/plan.ts';
import { baselineForRun, readBaseline, updatedBaseline, writeBaseline } from '../../report/baseline.ts';
import { runPassed } from '../../report/model.ts';
import { createBucketClient } from '../../engine/buckets.ts';
import { checkPrefixIsOurs, endRun } from '../../engine/ownership.ts';
import { recordRun } from '../../engine/run-journal.ts';
import { refuseUnclaimed, unclaimedCapabilities } from '../unclaimed-capabilities.ts';
import { listenForInterruption, type Interruption } from '../interruption.ts';
import { casesInDialects } from '../../runner/dialect-cases.ts';
import { DEFAULT_DIALECT, DIALECT_FAMILIES, DIALECT_NAMES, expandDialectNames } from '../../engine/wire/dialects.ts';
import { describeSelection } from '../../report/selection.ts';
import { selectCases } from '../select.ts';
import { UsageError } from '../../targets/resolve.ts';
import { REPORTER_NAMES, reportersFor, writtenReports } from '../reports.ts';
import {
  addEndpointOptions,
  addSelectionOptions,
  nonNegativeInteger,
  repeatableChoice,
  loadCaseSelection,
  positiveInteger,
  suiteVersion,
  usesEmbeddedByDefault,
  withTarget,
  type TargetFlags,
} from '../options.ts';
import { embeddedBaselinePath, embeddedNotice, realServerHint, shownPath } from '../first-run.ts';
import type { CaseFilter } from '../select.ts';

interface RunFlags extends TargetFlags, CaseFilter {
  suites?: string[];
  concurrency: number;
  json?: string;
  reporter?: ('console' | FileReporterName)[];
  output: string;
  requestTimeout: number;
  caseTimeout: number;
  checksums: ChecksumMode;
  bucketPrefix?: string;
  retries: number;
  fuzzRuns?: number;
  fuzzSeed?: number;
  baseline?: string;
  strictBaseline?: boolean;
  strictCapabilities?: boolean;
  updateBaseline?: string;
  rerunFailures: number;
  dialect?: string[];
  virtualHostSuffix?: string;
  verbose?: boolean;
}

async function run(flags: RunFlags): Promise<number> {
  // From here on a signal lets the run end in order, whatever it is doing: starting a server,
  // probing it, running cases or removing buckets.
  const interruption = listenForInterruption();
  try {
    const code = await runUntilInterrupted(flags, interruption);
    return interruption.exitCode ?? code;
  } finally {
    interruption.stopListening();
  }
}

async function runUntilInterrupted(flags: RunFlags, interruption: Interruption): Promise<number> {
  if (flags.bucketPrefix !== undefined && !/^[a-z0-9][a-z0-9-]{2,19}$/.test(flags.bucketPrefix)) {
    throw new UsageError('--bucket-prefix must be 3 to 20 lower-case letters, digits or dashes');
  }
  if (flags.baseline && flags.updateBaseline && flags.baseline !== flags.updateBaseline) {
    throw new UsageError('--baseline and --update-baseline name different files: give one, or the same');
  }
  const { all, selected: cases } = loadCaseSelection(flags);
  const version = suiteVersion();
  const chosen = flags.shard ? selectCases(all, { ...flags, shard: undefined }) : cases;
  const dialects = expandDialectNames(flags.dialect ?? [DEFAULT_DIALECT]);
  const selection = describeSelection({ all, chosen, taken: cases, shard: flags.shard, suiteVersion: version, dialects });
  const runCases = casesInDialects(cases, dialects);
  // With no endpoint the embedded stand-in runs, and its known gaps are not news: its bundled
  // baseline judges the bundled cases unless the flags name another.
  const judgedBy =
    flags.baseline ?? (!flags.updateBaseline && !flags.suites && usesEmbeddedByDefault(flags) ? embeddedBaselinePath : undefined);
  const baselinePath = judgedBy ?? flags.updateBaseline;
  // --update-baseline may create the file; --baseline must name one that exists.
  const baseline = baselinePath && (judgedBy || existsSync(baselinePath)) ? readBaseline(baselinePath) : undefined;
  const toConsole = (flags.reporter ?? ['console']).includes('console');
  const say = (lines: string[]) => toConsole && process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  const allIds = new Set(casesInDialects(all, expandDialectNames(['all'])).map((c) => c.id));
  const judgingBaseline = baseline && baselineForRun(baseline, { caseIds: new Set(runCases.map((c) => c.id)), dialects }, allIds);
  // vitest is the heaviest import: it loads while the target is started and checked, which
  // waits on the network more than on this thread.
  const suiteRunner = import('../../runner/run-suite.ts');
  return withTarget(flags, async (target, probed) => {
    const unclaimed = unclaimedCapabilities(probed, runCases, target);
    if (flags.strictCapabilities) refuseUnclaimed(target, unclaimed);
    const client = createBucketClient(target, flags.requestTimeout);
    const runPrefix = `${flags.bucketPrefix ?? 's3c'}-${randomBytes(4).toString('hex')}`;
    try {
      if (usesEmbeddedByDefault(flags)) say(embeddedNotice(target, judgedBy));
      if (flags.bucketPrefix) await checkPrefixIsOurs(client, flags.bucketPrefix);
      await checkPrefixIsOurs(client, runPrefix);
      recordRun(target.endpoint, runPrefix);
      // Fuzzing first: its report then travels with the cases' results to every reporter.
      const fuzz = flags.fuzzRuns
        ? await (await import('../../fuzz/fuzz-target.ts')).runFuzz(target, {
            runs: flags.fuzzRuns,
            seed: flags.fuzzSeed,
            bucketPrefix: flags.bucketPrefix,
            requestTimeoutMs: flags.requestTimeout,
            log: (line) => process.stdout.write(`${line}\n`),
          })
        : undefined;
      const { runSuite } = await suiteRunner;
      const { result, unhandledErrors } = await runSuite(
        {
          cases: runCases,
          target,
          runPrefix,
          requestTimeoutMs: flags.requestTimeout,
          checksums: flags.checksums,
          retries: flags.retries,
          virtualHostSuffix: flags.virtualHostSuffix,
        },
        {
          concurrency: flags.concurrency,
          caseTimeoutMs: flags.caseTimeout,
          suiteVersion: version,
          selection,
          rerunFailures: flags.rerunFailures,
          reporters: reportersFor(flags, runCases.length),
          baseline: judgedBy && judgingBaseline ? { path: flags.baseline ?? shownPath(judgedBy), baseline: judgingBaseline } : undefined,
          signal: interruption.stopScheduling,
          abortInFlight: interruption.abortInFlight,
          fuzz,
          unclaimedCapabilities: unclaimed,
        },
      );
      for (const message of unhandledErrors) process.stderr.write(`error: ${message}\n`);
      if (flags.updateBaseline && result.interrupted) {
        // A partial result would drop the entries of every case it did not run.
        process.stderr.write(`${flags.updateBaseline} not written: the run was interrupted\n`);
      } else if (flags.updateBaseline) {
        writeBaseline(flags.updateBaseline, updatedBaseline(result, baseline, allIds));
        process.stdout.write(`wrote ${flags.updateBaseline}\n`);
      }
      say([`Reports written: ${writtenReports(flags).map(shownPath).join(', ')}`]);
      if (usesEmbeddedByDefault(flags)) say(realServerHint());
      return runPassed(result, flags.strictBaseline) && unhandledErrors.length === 0 ? 0 : 1;
    } finally {
      // Whatever a case could not remove (a case cut short by a timeout or a signal) goes now.
      const announce = (names: string[]) => process.stderr.write(`removing ${names.length} bucket(s) the run left: ${names.join(', ')}\n`);
      await endRun(client, runPrefix, (line) => process.stderr.write(`${line}\n`), announce);
    }
  });
}

export function registerRun(program: Command, setExitCode: (code: number) => void): void {
  addSelectionOptions(
    addEndpointOptions(program.command('run').description('run the cases against an endpoint (the embedded server by default)')),
  )
    .option('--bucket-prefix <prefix>', 'prefix of the bucket names this run creates (default s3c)')
    .option('--concurrency <n>', 'cases in flight at once', positiveInteger('--concurrency'), 8)
    .option('--json <path>', 'write the result model to this file')
    .option(
      '--reporter <name>',
      `console (the default), or a file in --output: ${Object.entries(FILE_REPORTERS)
        .map(([n, r]) => `${n} (${r.fileName})`)
        .join(', ')}; repeatable`,
      repeatableChoice('--reporter', REPORTER_NAMES),
    )
    .option('--output <dir>', 'where file reporters write', 's3c-report')
    .option('--verbose', 'on a terminal too, a line per case as it finishes (the default when the output is not a terminal)')
    .option('--baseline <file>', "judge against a target's known deviations: only regressions fail the run")
    .option('--strict-baseline', 'with --baseline, a baselined case that now passes, or an entry naming no case, also fails the run')
    .option('--update-baseline <file>', "write this run's deviations to the baseline, keeping the reasons already there")
    .option(
      '--strict-capabilities',
      'refuse the target (exit 2, nothing run) when the probe shows it supports a capability its profile does not claim',
    )
    .option('--request-timeout <ms>', 'per-request timeout', positiveInteger('--request-timeout'), 10_000)
    .option('--case-timeout <ms>', 'per-case timeout', positiveInteger('--case-timeout'), 60_000)
    .option(
      '--fuzz-runs <n>',
      'also fuzz ranges, copy ranges and conditional dates with n generated inputs per property (see `fuzz`)',
      positiveInteger('--fuzz-runs'),
    )
    .option('--fuzz-seed <n>', 'the seed for --fuzz-runs (printed by every run)', nonNegativeInteger('--fuzz-seed'))
    .option(
      '--rerun-failures <n>',
      'run each failing case again up to n times, in fresh buckets; one that then passes is reported flaky',
      nonNegativeInteger('--rerun-failures'),
      0,
    )
    .option(
      '--dialect <name>',
      `put each case on the wire this way too (repeatable; default ${DEFAULT_DIALECT}): ${[...DIALECT_NAMES, ...Object.keys(DIALECT_FAMILIES)].join(', ')}`,
      repeatableChoice('--dialect', [...DIALECT_NAMES, ...Object.keys(DIALECT_FAMILIES)]),
    )
    .option(
      '--virtual-host-suffix <suffix>',
      "host-name suffix of the virtual-hosted dialect (bucket.SUFFIX); default the endpoint's host, or s3.localhost for a local endpoint",
    )
    .option(
      '--retries <n>',
      'resend a request that got no response or a 5xx up to n times (each retry is reported)',
      nonNegativeInteger('--retries'),
      0,
    )
    .addOption(
      new Option('--checksums <mode>', 'when to send Content-MD5').choices(['when-required', 'always', 'never']).default('when-required'),
    )
    .action(async (flags: RunFlags) => setExitCode(await run(flags)));
}
