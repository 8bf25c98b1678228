// `s3-conformance matrix` and `s3-conformance diff`: both read saved result files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { renderMatrixHtml, renderMatrixMarkdown } from '../../../reporters/matrix.ts';
import { diffRuns } from '../../report/diff.ts';
import { buildMatrix } from '../../report/matrix.ts';
import { mergeRuns } from '../../report/merge.ts';
import { parseRunResult, ResultFileError, runPassed, type RunResult } from '../../report/model.ts';
import type { FileReporterName } from '../../../reporters/files.ts';
import { repeatableChoice } from '../options.ts';
import { REPORTER_NAMES, reportersFor } from './run.ts';

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
  process.stdout.write(`wrote ${join(flags.output, 'matrix.md')} and matrix.html: ${built.rows.length} cases × ${built.columns.length} targets\n`);
  return 0;
}

function diff(beforePath: string, afterPath: string): number {
  const changes = diffRuns(readRun(beforePath), readRun(afterPath));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const c of changes.newlyFailing) say(`newly failing: ${c.id} (${c.before} → ${c.after}${c.reason ? `: ${c.reason}` : ''})`);
  for (const c of changes.newlyPassing) say(`newly passing: ${c.id} (${c.before} → pass)`);
  for (const c of changes.otherChanges) say(`changed: ${c.id} (${c.before} → ${c.after})`);
  for (const id of changes.added) say(`added: ${id}`);
  for (const id of changes.removed) say(`removed: ${id}`);
  say(`${changes.newlyFailing.length} newly failing, ${changes.newlyPassing.length} newly passing, ${changes.added.length} added, ${changes.removed.length} removed`);
  return changes.newlyFailing.length > 0 ? 1 : 0;
}

function merge(files: string[], flags: { json?: string; reporter?: ('console' | FileReporterName)[]; output: string; strictBaseline?: boolean }): number {
  const run = mergeRuns(files.map(readRun));
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
    .description("join the result files of one target's shards into one result, report and exit code")
    .argument('<results...>', 'result files written by run --shard i/n --json')
    .option('--json <path>', 'write the merged result model to this file')
    .option('--reporter <name>', 'as for run (repeatable)', repeatableChoice('--reporter', REPORTER_NAMES))
    .option('--output <dir>', 'where file reporters write', 's3c-report')
    .option('--strict-baseline', 'a baselined case that now passes fails the merged run too')
    .action((files: string[], flags) => setExitCode(merge(files, flags)));
  program
    .command('diff')
    .description('what changed between two runs of one target; exit 1 when a case newly fails')
    .argument('<before>', 'the earlier result file')
    .argument('<after>', 'the later result file')
    .action((before: string, after: string) => setExitCode(diff(before, after)));
}
