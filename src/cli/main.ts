// The s3-conformance command line. Exit codes: 0 every judged case passed, 1 a case failed or
// errored, 2 bad input (flags, case files, profiles, baselines) or an endpoint that cannot be used.
import { Command, CommanderError } from 'commander';
import { CaseFileError } from '../case/loader.ts';
import { BucketRequestError } from '../engine/buckets.ts';
import { OwnershipError } from '../engine/ownership.ts';
import { BaselineError } from '../report/baseline.ts';
import { ResultFileError } from '../report/model.ts';
import { UsageError } from '../targets/resolve.ts';
import { registerCompare } from './commands/compare.ts';
import { registerExplain } from './commands/explain.ts';
import { registerFuzz } from './commands/fuzz.ts';
import { registerInit } from './commands/init.ts';
import { registerList } from './commands/list.ts';
import { registerRun } from './commands/run.ts';
import { registerTargetCommands } from './commands/targets.ts';
import { packageVersion, suiteVersion } from './options.ts';

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('s3-conformance')
    .description('Conformance suite for S3-compatible object stores')
    .version(`s3-conformance ${packageVersion}, suite ${suiteVersion()}`)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerRun(program, setExitCode);
  registerList(program, setExitCode);
  registerFuzz(program, setExitCode);
  registerCompare(program, setExitCode);
  registerTargetCommands(program, setExitCode);
  registerInit(program, setExitCode);
  registerExplain(program, setExitCode);
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
    if (error instanceof UsageError || error instanceof BaselineError || error instanceof ResultFileError || error instanceof OwnershipError) {
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
