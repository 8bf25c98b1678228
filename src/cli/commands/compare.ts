// `s3-conformance matrix`, `merge` and `diff`: each reads saved result files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { renderMatrixHtml, renderMatrixMarkdown } from '../../../reporters/matrix.ts';
import { diffPasses, diffRuns, type OutcomeChange } from '../../report/diff.ts';
import { buildMatrix } from '../../report/matrix.ts';
import { mergeRuns } from '../../report/merge.ts';
import { isDeviation, parseRunResult, ResultFileError, runPassed, type RunResult } from '../../report/model.ts';
import type { FileReporterName } from '../../../reporters/files.ts';
import { repeatableChoice } from '../options.ts';
import { REPORTER_NAMES, reportersFor } from '../reports.ts';

function readRun(path: string): RunResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ResultFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRunResult(text, path);
}

function matrix(files: string[], flags: { output: string; title: string }): number {
  const built = buildMatrix(files.map(readRun));
  mkdirSync(flags.output, { recursive: true });
  writeFileSync(join(flags.output, 'matrix.md'), renderMatrixMarkdown(built, flags.title));
  writeFileSync(join(flags.output, 'matrix.html'), renderMatrixHtml(built, flags.title));
  process.stdout.write(
    `wrote ${join(flags.output, 'matrix.md')} and matrix.html: ${built.rows.length} cases × ${built.columns.length} targets\n`,
  );
  return 0;
}

function diff(beforePath: string, afterPath: string, flags: { allowCoverageLoss?: boolean }): number {
  const changes = diffRuns(readRun(beforePath), readRun(afterPath));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const sayChanges = (label: string, list: OutcomeChange[]) => {
    for (const c of list)
      say(`${label}: ${c.id} (${c.before} → ${c.after}${c.reason && isDeviation({ outcome: c.after }) ? `: ${c.reason}` : ''})`);
  };
  sayChanges('newly failing', changes.newlyFailing);
  sayChanges('newly passing', changes.newlyPassing);
  sayChanges('pass → skip', changes.passToSkip);
  sayChanges('skip → pass', changes.skipToPass);
  for (const c of changes.failingAnotherWay) say(`fails another way: ${c.id} ("${c.before}" → "${c.after}")`);
  sayChanges('changed', changes.otherChanges);
  for (const id of changes.added) say(`added: ${id}`);
  for (const id of changes.removed) say(`removed: ${id}`);
  say(
    `${changes.newlyFailing.length} newly failing, ${changes.failingAnotherWay.length} failing another way, ${changes.newlyPassing.length} newly passing, ${changes.passToSkip.length} pass → skip, ${changes.skipToPass.length} skip → pass, ${changes.added.length} added, ${changes.removed.length} removed`,
  );
  return diffPasses(changes, flags) ? 0 : 1;
}

function merge(
  files: string[],
  flags: { json?: string; reporter?: ('console' | FileReporterName)[]; output: string; strictBaseline?: boolean },
): number {
  const run = mergeRuns(files.map((path) => ({ path, run: readRun(path) })));
  const reporters = reportersFor({ ...flags, reporter: flags.reporter ?? ['console'] }, run.cases.length);
  for (const reporter of reporters) reporter.onRunEnd?.(run);
  return runPassed(run, flags.strictBaseline) ? 0 : 1;
}

export function registerCompare(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('matrix')
    .description('a compatibility matrix (Markdown and HTML) from result files of several targets')
    .argument('<results...>', 'result files written by run --json')
    .option('--output <dir>', 'where matrix.md and matrix.html go', 's3c-report')
    .option('--title <text>', 'the page title', 'Compatibility matrix')
    .action((files: string[], flags) => setExitCode(matrix(files, flags)));
  program
    .command('merge')
    .description(
      "join the result files of one target's shards into one result, report and exit code; exit 2 unless they are every shard of one split, each once",
    )
    .argument('<results...>', 'result files written by run --shard i/n --json')
    .option('--json <path>', 'write the merged result model to this file')
    .option('--reporter <name>', 'as for run (repeatable)', repeatableChoice('--reporter', REPORTER_NAMES))
    .option('--output <dir>', 'where file reporters write', 's3c-report')
    .option('--strict-baseline', 'a baselined case that now passes, or an entry naming no case, fails the merged run too')
    .action((files: string[], flags) => setExitCode(merge(files, flags)));
  program
    .command('diff')
    .description(
      'what changed between two runs of one target; exit 1 when a case newly fails or fails another way, a case was removed or a pass became a skip',
    )
    .argument('<before>', 'the earlier result file')
    .argument('<after>', 'the later result file')
    .option('--allow-coverage-loss', 'removed cases and passes that became skips are reported but do not fail the diff')
    .action((before: string, after: string, flags: { allowCoverageLoss?: boolean }) => setExitCode(diff(before, after, flags)));
}
