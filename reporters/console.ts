// The console reporter: one line per case as it finishes, the mismatches of each failure, and a
// summary by area. On a terminal a progress bar with counts takes the place of the per-case lines,
// and the failures are listed once, by area, at the end. chalk drops colour for NO_COLOR and for
// output that is not a terminal.
import chalk from 'chalk';
import type { CaseResult, RunResult } from '../src/report/model.ts';
import {
  casesByArea,
  countOutcomes,
  describeInterruption,
  describeServerStop,
  describeTarget,
  describeUnclaimedCapability,
} from '../src/report/model.ts';
import type { ResultReporter } from './reporter.ts';

const MARKS = {
  pass: chalk.green('✓'),
  fail: chalk.red('✗'),
  skip: chalk.yellow('-'),
  error: chalk.magenta('!'),
  flaky: chalk.yellow('~'),
} as const;

export class ConsoleReporter implements ResultReporter {
  private readonly write: (line: string) => void;
  private readonly total: number;
  private readonly progressBar?: (status: string) => void;
  private finished = 0;
  private readonly finishedOutcomes: Pick<CaseResult, 'outcome'>[] = [];

  /**
   * `total`: how many cases the run has, for the progress count. `progressBar`, given on a
   * terminal, redraws one status line in place; the per-case lines are then left out.
   */
  constructor(
    total: number,
    write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    progressBar?: (status: string) => void,
  ) {
    this.total = total;
    this.write = write;
    this.progressBar = progressBar;
  }

  onCaseResult(result: CaseResult): void {
    this.finished++;
    if (this.progressBar) {
      this.finishedOutcomes.push(result);
      this.progressBar(progressStatus(this.finished, this.total, countOutcomes(this.finishedOutcomes)));
      return;
    }
    const progress = chalk.dim(`[${String(this.finished).padStart(String(this.total).length)}/${this.total}]`);
    const time = chalk.dim(`${result.durationMs}ms`);
    const reason = result.outcome === 'pass' ? '' : chalk.dim(` (${result.outcome}: ${result.reason ?? 'no reason given'})`);
    const baseline = result.baseline ? ` [${result.baseline === 'known' ? 'known deviation' : result.baseline}]` : '';
    this.write(`${MARKS[result.outcome]} ${progress} ${result.id} ${time}${reason}${baseline}`);
    for (const line of detailLines(result)) this.write(line);
  }

  onRerun(rerun: number, count: number): void {
    this.progressBar?.('');
    this.write(chalk.dim(`rerunning ${count} failing case(s) in fresh buckets (rerun ${rerun})`));
  }

  onRunEnd(run: RunResult): void {
    if (this.progressBar) {
      this.progressBar('');
      this.writeFailuresByArea(run);
    }
    this.write('');
    for (const [area, cases] of casesByArea(run.cases)) {
      const known = cases.filter((c) => c.baseline === 'known').length;
      this.write(
        `  ${area.padEnd(18)} ${formatCounts(countOutcomes(cases))}${known > 0 ? chalk.dim(` (${known} known deviation(s))`) : ''}`,
      );
    }
    for (const property of run.fuzz?.properties ?? []) {
      const outcome = property.notRun
        ? `not run (${property.notRun})`
        : property.error
          ? `error: ${property.error}`
          : `${property.outcome}, ${property.failures} failure(s)`;
      this.write(`  fuzz ${property.property.padEnd(13)} ${property.runs} runs, ${property.checked} checked, ${outcome}`);
      if (property.counterexample)
        this.write(
          chalk.red(
            `    counterexample: ${property.counterexample.sentValue} (${property.counterexample.mismatches.join('; ')}); replay: ${property.counterexample.replay}`,
          ),
        );
    }
    for (const c of run.cases.filter((c) => c.outcome === 'flaky')) {
      this.write(
        chalk.yellow(
          `flaky: ${c.id} (${(c.attempts ?? []).map((a) => a.outcome).join(', ')}; failed with ${c.reason ?? 'no reason given'})`,
        ),
      );
    }
    if (run.baseline) {
      const { known, regressions, changed, fixed, unmatched, unfingerprinted, path } = run.baseline;
      for (const c of run.cases.filter((c) => c.baseline === 'fixed'))
        this.write(chalk.yellow(`fixed: ${c.id} passes now; remove it from ${path}`));
      for (const c of run.cases.filter((c) => c.baseline === 'regression'))
        this.write(chalk.red(`regression: ${c.id} (${c.reason ?? c.outcome})`));
      for (const c of run.cases.filter((c) => c.baseline === 'changed')) {
        this.write(
          chalk.red(
            `changed: ${c.id} fails another way: baseline "${c.fingerprintChange?.baseline}", now "${c.fingerprintChange?.observed}"`,
          ),
        );
      }
      for (const id of unmatched) this.write(chalk.yellow(`baseline entry ${id} names no case (renamed or removed?)`));
      if (unfingerprinted.length > 0) {
        this.write(
          chalk.yellow(
            `${unfingerprinted.length} baseline entr${unfingerprinted.length === 1 ? 'y has' : 'ies have'} no fingerprint, so any failure matches (rewrite with --update-baseline): ${unfingerprinted.slice(0, 3).join(', ')}${unfingerprinted.length > 3 ? ', ...' : ''}`,
          ),
        );
      }
      this.write(`baseline ${path}: ${regressions} regression(s), ${changed} changed, ${known} known deviation(s), ${fixed} fixed`);
    }
    const interruption = describeInterruption(run);
    if (interruption) this.write(chalk.red(interruption));
    const serverStop = describeServerStop(run);
    if (serverStop) this.write(chalk.red(serverStop));
    for (const unclaimed of run.unclaimedCapabilities ?? [])
      this.write(chalk.yellow(describeUnclaimedCapability(run.target.name, unclaimed)));
    this.write(`${formatCounts(run.summary)} against ${describeTarget(run)} in ${(run.durationMs / 1000).toFixed(1)} s`);
  }

  /**
   * The failures a reader has to look at, once each, under their area: with a baseline those it
   * does not already know (its known deviations are counted in the summary instead), else all.
   * Flaky cases have their own line in the summary.
   */
  private writeFailuresByArea(run: RunResult): void {
    const needsAttention = run.cases.filter(
      (c) => (c.outcome === 'fail' || c.outcome === 'error') && (!run.baseline || c.baseline !== 'known'),
    );
    if (needsAttention.length === 0) return;
    this.write(run.baseline ? `Failures the baseline does not know, by area:` : `Failures, by area:`);
    for (const [area, cases] of casesByArea(needsAttention)) {
      this.write(chalk.bold(`${area} (${cases.length})`));
      for (const result of cases) {
        this.write(`  ${MARKS[result.outcome]} ${result.id} ${chalk.dim(`(${result.outcome}: ${result.reason ?? 'no reason given'})`)}`);
        for (const line of detailLines(result)) this.write(`  ${line}`);
      }
    }
  }
}

/** What a case's line is followed by: each mismatch, what could not be removed, each retry. */
function detailLines(result: CaseResult): string[] {
  return [
    ...(result.mismatches ?? []).map(
      (mismatch) => `    ${mismatch.what}: ${chalk.green(`expected ${mismatch.expected}`)}  ${chalk.red(`observed ${mismatch.observed}`)}`,
    ),
    ...(result.leftovers ?? []).map((leftover) => chalk.yellow(`    could not remove ${leftover}`)),
    ...(result.retries ?? []).map((retry) => chalk.yellow(`    retried after ${retry}`)),
  ];
}

/** A status line redrawn in place, when `stream` is a terminal; undefined otherwise. */
export function terminalProgressBar(stream: NodeJS.WriteStream): ((status: string) => void) | undefined {
  if (!stream.isTTY) return undefined;
  // Carriage return, then erase the line: the next status, or nothing, takes its place.
  return (status) => void stream.write(`\r\x1b[2K${status}`);
}

const BAR_WIDTH = 30;

/** The status line on a terminal: a bar, the count of finished cases and their outcomes so far. */
function progressStatus(finished: number, total: number, counts: ReturnType<typeof countOutcomes>): string {
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((finished / total) * BAR_WIDTH)) : BAR_WIDTH;
  const bar = `${chalk.green('█'.repeat(filled))}${chalk.dim('░'.repeat(BAR_WIDTH - filled))}`;
  return `${bar} ${String(finished).padStart(String(total).length)}/${total}  ${formatCounts(counts)}`;
}

function formatCounts(counts: ReturnType<typeof countOutcomes>): string {
  // The closing line reads "N passed, N failed, N skipped", the plain form CI tools recognise.
  const parts = [`${counts.pass} passed`, `${counts.fail} failed`, `${counts.skip} skipped`];
  if (counts.error > 0) parts.push(`${counts.error} errored`);
  if (counts.flaky > 0) parts.push(`${counts.flaky} flaky`);
  return parts.join(', ');
}
