// The reports a command writes, chosen by its flags (`run` and `merge` share them), and the last
// run's result, which `explain` shows.
import { join } from 'node:path';
import { ConsoleReporter, terminalProgressBar } from '../../reporters/console.ts';
import { FILE_REPORTERS, fileReporter, namedFileReporter, type FileReporterName } from '../../reporters/files.ts';
import { renderJson } from '../../reporters/json.ts';
import type { ResultReporter } from '../../reporters/reporter.ts';
import { stateDir } from '../state-dir.ts';

export const REPORTER_NAMES = ['console', ...(Object.keys(FILE_REPORTERS) as FileReporterName[])] as const;

/** The flags that choose reports. */
export interface ReportFlags {
  reporter?: ('console' | FileReporterName)[];
  output: string;
  json?: string;
  verbose?: boolean;
}

export const lastRunPath = () => join(stateDir(), 'last-run.json');

/**
 * The reporters the flags ask for; the console counts progress against `caseCount`, on a
 * terminal with a progress bar unless --verbose asks for a line per case.
 */
export function reportersFor(flags: ReportFlags, caseCount: number): ResultReporter[] {
  const chosen = flags.reporter ?? ['console'];
  return [
    ...(chosen.includes('console')
      ? [new ConsoleReporter(caseCount, undefined, flags.verbose ? undefined : terminalProgressBar(process.stdout))]
      : []),
    ...chosen.filter((name): name is FileReporterName => name !== 'console').map((name) => namedFileReporter(name, flags.output)),
    ...(flags.json ? [fileReporter(flags.json, renderJson)] : []),
    // Always: what `explain` shows of the last run.
    fileReporter(lastRunPath(), renderJson),
  ];
}

/** The files reportersFor writes, in its order. */
export function writtenReports(flags: ReportFlags): string[] {
  const files = (flags.reporter ?? [])
    .filter((name): name is FileReporterName => name !== 'console')
    .map((name) => join(flags.output, FILE_REPORTERS[name].fileName));
  return [...files, ...(flags.json ? [flags.json] : []), lastRunPath()];
}
