// `s3-conformance matrix` and `s3-conformance diff`: both read saved result files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { renderMatrixHtml, renderMatrixMarkdown } from '../../../reporters/matrix.ts';
import { diffRuns } from '../../report/diff.ts';
import { buildMatrix } from '../../report/matrix.ts';
import { parseRunResult, ResultFileError, type RunResult } from '../../report/model.ts';

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

export function registerCompare(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('matrix')
    .description('a compatibility matrix (Markdown and HTML) from result files of several targets')
    .argument('<results...>', 'result files written by run --json')
    .option('--output <dir>', 'where matrix.md and matrix.html go', 's3c-report')
    .option('--title <text>', 'the page title', 'Compatibility matrix')
    .action((files: string[], flags) => setExitCode(matrix(files, flags)));
  program
    .command('diff')
    .description('what changed between two runs of one target; exit 1 when a case newly fails')
    .argument('<before>', 'the earlier result file')
    .argument('<after>', 'the later result file')
    .action((before: string, after: string) => setExitCode(diff(before, after)));
}
