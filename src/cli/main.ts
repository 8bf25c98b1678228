// The s3-conformance command line. Exit codes: 0 every judged case passed, 1 a case failed or
// errored, 2 bad input (flags, case files, profiles, baselines, a server to start that is not installed) or an endpoint that cannot be used.
import { Command, CommanderError } from 'commander';
import { CaseFileError } from '../case/loader.ts';
import { BucketRequestError } from '../engine/buckets.ts';
import { OwnershipError } from '../engine/ownership.ts';
import { BaselineError } from '../report/baseline.ts';
import { ResultFileError } from '../report/model.ts';
import { NotInstalledError, StartError } from '../targets/process-utils.ts';
import { UsageError } from '../targets/resolve.ts';
import { packageVersion, suiteVersion } from './options.ts';

type RegisterCommands = (program: Command, setExitCode: (code: number) => void) => void;

/**
 * Each command module, by the commands it registers, in the order help lists them. A command line
 * that names one loads that module alone (the others bring fuzzing, reporters, launchers: start-up
 * a run need not pay); any other (help, --version, a typo) loads them all.
 */
export const COMMAND_MODULES: [names: string[], load: () => Promise<RegisterCommands>][] = [
  [['run'], async () => (await import('./commands/run.ts')).registerRun],
  [['list'], async () => (await import('./commands/list.ts')).registerList],
  [['fuzz'], async () => (await import('./commands/fuzz.ts')).registerFuzz],
  [['matrix', 'merge', 'diff'], async () => (await import('./commands/compare.ts')).registerCompare],
  [['probe', 'cleanup', 'serve'], async () => (await import('./commands/targets.ts')).registerTargetCommands],
  [['init'], async () => (await import('./commands/init.ts')).registerInit],
  [['explain'], async () => (await import('./commands/explain.ts')).registerExplain],
  [['clients'], async () => (await import('./commands/clients.ts')).registerClients],
];

/** The program with the commands `argv` needs: the one it names, else all. */
export async function buildProgram(setExitCode: (code: number) => void, argv: string[] = []): Promise<Command> {
  const program = new Command('s3-conformance')
    .description('Conformance suite for S3-compatible object stores')
    .version(`s3-conformance ${packageVersion}, suite ${suiteVersion()}`)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = COMMAND_MODULES.filter(([names]) => names.includes(argv[0] ?? ''));
  for (const register of await Promise.all((named.length > 0 ? named : COMMAND_MODULES).map(([, load]) => load())))
    register(program, setExitCode);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = await buildProgram((code) => (exitCode = code), argv);
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
    if (
      error instanceof UsageError ||
      error instanceof BaselineError ||
      error instanceof ResultFileError ||
      error instanceof OwnershipError ||
      error instanceof NotInstalledError ||
      error instanceof StartError
    ) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof BucketRequestError) {
      // A set-up request (creating a bucket, probing) that the server refused: a clear line, not a trace.
      process.stderr.write(`error: the server refused a set-up request: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
