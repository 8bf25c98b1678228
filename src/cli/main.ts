// The s3-conformance command line. Exit codes: 0 every judged case passed, 1 a case failed or
// errored, 2 bad input (flags, case files, profiles) or an endpoint that cannot be used.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { CaseFileError, loadCases } from '../case/loader.ts';
import { CAPABILITIES, type ValidatedCase } from '../case/schema.ts';
import { ConsoleReporter } from '../../reporters/console.ts';
import { JsonReporter } from '../../reporters/json.ts';
import type { ResultReporter } from '../../reporters/reporter.ts';
import { startEmbedded, type EmbeddedServer } from '../targets/embedded.ts';
import { preflight } from '../targets/preflight.ts';
import { readProfile, resolveTarget, UsageError, wantsEmbedded, type EndpointFlags, type TargetProfile } from '../targets/resolve.ts';
import { BaselineError, readBaseline, updatedBaseline, writeBaseline } from '../report/baseline.ts';
import { runPassed } from '../report/model.ts';
import { runSuite } from '../runner/run-suite.ts';
import { selectCases, type CaseFilter } from './select.ts';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const packageVersion: string = JSON.parse(readFileSync(`${packageRoot}/package.json`, 'utf8')).version;
const bundledSuites = `${packageRoot}/suites`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function positiveInteger(flag: string) {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} must be a positive integer, not "${value}"`);
    return parsed;
  };
}

interface RunFlags extends EndpointFlags, CaseFilter {
  target?: string;
  config?: string;
  suites?: string[];
  concurrency: number;
  json?: string;
  requestTimeout: number;
  caseTimeout: number;
  checksums: 'when-required' | 'always' | 'never';
  bucketPrefix?: string;
  virtualHosted?: boolean;
  baseline?: string;
  strictBaseline?: boolean;
  updateBaseline?: string;
}

function addEndpointOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'S3 endpoint URL (default: AWS_ENDPOINT_URL, else the embedded server)')
    .option('--target <name>', 'a target profile: fixtures/targets/NAME.yaml, or a path to a profile file')
    .option('--config <file>', 'a target profile file (same format as fixtures/targets/*.yaml)')
    .option('--region <region>', 'signing region (default: AWS_REGION, else us-east-1)')
    .option('--access-key <id>', 'access key id (default: AWS_ACCESS_KEY_ID or AWS_PROFILE)')
    .option('--secret-key <key>', 'secret access key (default: AWS_SECRET_ACCESS_KEY or AWS_PROFILE)')
    .option('--path-style', 'path-style addressing (the default)')
    .option('--virtual-hosted', 'virtual-hosted-style addressing (bucket.host)')
    .option('--ca-file <pem>', 'trust this CA for https endpoints')
    .option('--insecure', 'trust any https certificate')
    .addOption(new Option('--capability <name>', 'what the target supports (repeatable; replaces the default claim)').choices(CAPABILITIES).argParser(collect));
}

function addSelectionOptions(command: Command): Command {
  return command
    .option('--suites <path>', 'a folder or file of cases instead of the bundled ones (repeatable)', collect)
    .option('--area <area>', 'only cases of this area (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--grep <regex>', 'only cases whose id or title matches');
}

function loadSelectedCases(flags: CaseFilter & { suites?: string[] }): ValidatedCase[] {
  const cases = selectCases(loadCases(flags.suites ?? [bundledSuites]), flags);
  if (cases.length === 0) throw new UsageError('no case matches the given --area/--tag/--grep');
  return cases;
}

function profileFor(flags: { target?: string; config?: string }): TargetProfile | undefined {
  if (flags.target && flags.config) throw new UsageError('--target and --config both name a profile: give one');
  const name = flags.target;
  if (name) return readProfile(/[/.]/.test(name) ? name : `${packageRoot}/fixtures/targets/${name}.yaml`);
  return flags.config ? readProfile(flags.config) : undefined;
}

async function runCommand(flags: RunFlags): Promise<number> {
  if (flags.bucketPrefix !== undefined && !/^[a-z0-9][a-z0-9-]{2,19}$/.test(flags.bucketPrefix)) {
    throw new UsageError('--bucket-prefix must be 3 to 20 lower-case letters, digits or dashes');
  }
  if (flags.baseline && flags.updateBaseline && flags.baseline !== flags.updateBaseline) {
    throw new UsageError('--baseline and --update-baseline name different files: give one, or the same');
  }
  const cases = loadSelectedCases(flags);
  const profile = profileFor(flags);
  const baselinePath = flags.baseline ?? flags.updateBaseline;
  const baseline = baselinePath && (flags.baseline || existsSync(baselinePath)) ? readBaseline(baselinePath) : undefined;
  const endpointFlags: EndpointFlags = { ...flags, pathStyle: flags.virtualHosted ? false : flags.pathStyle };
  let embedded: EmbeddedServer | undefined;
  try {
    if (wantsEmbedded(endpointFlags, profile, process.env)) embedded = await startEmbedded();
    const target = embedded?.target ?? (await resolveTarget(endpointFlags, profile, process.env));
    await preflight(target);
    const reporters: ResultReporter[] = [new ConsoleReporter(), ...(flags.json ? [new JsonReporter(flags.json)] : [])];
    const runPrefix = `${flags.bucketPrefix ?? 's3c'}-${randomBytes(4).toString('hex')}`;
    const { result, unhandledErrors } = await runSuite(
      { cases, target, runPrefix, requestTimeoutMs: flags.requestTimeout, checksums: flags.checksums },
      {
        concurrency: flags.concurrency,
        caseTimeoutMs: flags.caseTimeout,
        suiteVersion: packageVersion,
        reporters,
        baseline: flags.baseline && baseline ? { path: flags.baseline, baseline } : undefined,
      },
    );
    for (const message of unhandledErrors) process.stderr.write(`error: ${message}\n`);
    if (flags.updateBaseline) {
      writeBaseline(flags.updateBaseline, updatedBaseline(result, baseline));
      process.stdout.write(`wrote ${flags.updateBaseline}\n`);
    }
    return runPassed(result, flags.strictBaseline) && unhandledErrors.length === 0 ? 0 : 1;
  } finally {
    await embedded?.stop();
  }
}

function listCommand(flags: CaseFilter & { suites?: string[]; json?: boolean }): number {
  const cases = loadSelectedCases(flags);
  if (flags.json) {
    const rows = cases.map(({ id, area, title, tags, requires, refs }) => ({ id, area, title, tags, requires, refs }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const c of cases) process.stdout.write(`${c.id}\t${c.area}\t${c.title}${c.requires.length ? `\t[requires ${c.requires.join(', ')}]` : ''}\n`);
  const perArea = new Map<string, number>();
  for (const c of cases) perArea.set(c.area, (perArea.get(c.area) ?? 0) + 1);
  process.stdout.write(`\n${[...perArea].map(([area, count]) => `${area}: ${count}`).join(', ')}; ${cases.length} cases\n`);
  return 0;
}

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('s3-conformance')
    .description('Conformance suite for S3-compatible object stores')
    .version(packageVersion)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  addSelectionOptions(addEndpointOptions(program.command('run').description('run the cases against an endpoint (the embedded server by default)')))
    .option('--bucket-prefix <prefix>', 'prefix of the bucket names this run creates (default s3c)')
    .option('--concurrency <n>', 'cases in flight at once', positiveInteger('--concurrency'), 8)
    .option('--json <path>', 'write the result model to this file')
    .option('--baseline <file>', "judge against a target's known deviations: only regressions fail the run")
    .option('--strict-baseline', 'with --baseline, a baselined case that now passes also fails the run')
    .option('--update-baseline <file>', "write this run's deviations to the baseline, keeping the reasons already there")
    .option('--request-timeout <ms>', 'per-request timeout', positiveInteger('--request-timeout'), 10_000)
    .option('--case-timeout <ms>', 'per-case timeout', positiveInteger('--case-timeout'), 60_000)
    .addOption(new Option('--checksums <mode>', 'when to send Content-MD5').choices(['when-required', 'always', 'never']).default('when-required'))
    .action(async (flags: RunFlags) => setExitCode(await runCommand(flags)));

  addSelectionOptions(program.command('list').description('list the cases'))
    .option('--json', 'print JSON')
    .action((flags) => setExitCode(listCommand(flags)));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CaseFileError) {
      process.stderr.write(`${error.message}\ncase files have ${error.problems.length} problem(s); nothing was run\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof BaselineError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
