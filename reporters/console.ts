// The console reporter: one line per case as it finishes, the mismatches of each failure, and a
// summary by area. chalk drops colour for NO_COLOR and for output that is not a terminal.
import chalk from 'chalk';
import type { CaseResult, RunResult } from '../src/report/model.ts';
import { casesByArea, countOutcomes, describeTarget } from '../src/report/model.ts';
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
  private finished = 0;

  /** `total`: how many cases the run has, for the progress count at the start of each line. */
  constructor(total: number, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.total = total;
    this.write = write;
  }

  onCaseResult(result: CaseResult): void {
    this.finished++;
    const progress = chalk.dim(`[${String(this.finished).padStart(String(this.total).length)}/${this.total}]`);
    const time = chalk.dim(`${result.durationMs}ms`);
    const reason = result.outcome === 'pass' ? '' : chalk.dim(` (${result.outcome}: ${result.reason ?? 'no reason given'})`);
    const baseline = result.baseline ? ` [${result.baseline === 'known' ? 'known deviation' : result.baseline}]` : '';
    this.write(`${MARKS[result.outcome]} ${progress} ${result.id} ${time}${reason}${baseline}`);
    for (const mismatch of result.mismatches ?? []) {
      this.write(`    ${mismatch.what}: ${chalk.green(`expected ${mismatch.expected}`)}  ${chalk.red(`observed ${mismatch.observed}`)}`);
    }
    for (const leftover of result.leftovers ?? []) this.write(chalk.yellow(`    could not remove ${leftover}`));
    for (const retry of result.retries ?? []) this.write(chalk.yellow(`    retried after ${retry}`));
  }

  onRerun(rerun: number, count: number): void {
    this.write(chalk.dim(`rerunning ${count} failing case(s) in fresh buckets (rerun ${rerun})`));
  }

  onRunEnd(run: RunResult): void {
    this.write('');
    for (const [area, cases] of casesByArea(run.cases)) this.write(`  ${area.padEnd(18)} ${formatCounts(countOutcomes(cases))}`);
    for (const property of run.fuzz?.properties ?? []) {
      const outcome = property.notRun ? `not run (${property.notRun})` : property.error ? `error: ${property.error}` : `${property.outcome}, ${property.failures} failure(s)`;
      this.write(`  fuzz ${property.property.padEnd(13)} ${property.runs} runs, ${property.checked} checked, ${outcome}`);
      if (property.counterexample) this.write(chalk.red(`    counterexample: ${property.counterexample.sentValue} (${property.counterexample.mismatches.join('; ')}); replay: ${property.counterexample.replay}`));
    }
    for (const c of run.cases.filter((c) => c.outcome === 'flaky')) {
      this.write(chalk.yellow(`flaky: ${c.id} (${(c.attempts ?? []).map((a) => a.outcome).join(', ')}; failed with ${c.reason ?? 'no reason given'})`));
    }
    if (run.baseline) {
      const { known, regressions, changed, fixed, unmatched, unfingerprinted, path } = run.baseline;
      for (const c of run.cases.filter((c) => c.baseline === 'fixed')) this.write(chalk.yellow(`fixed: ${c.id} passes now; remove it from ${path}`));
      for (const c of run.cases.filter((c) => c.baseline === 'regression')) this.write(chalk.red(`regression: ${c.id} (${c.reason ?? c.outcome})`));
      for (const c of run.cases.filter((c) => c.baseline === 'changed')) {
        this.write(chalk.red(`changed: ${c.id} fails another way: baseline "${c.fingerprintChange?.baseline}", now "${c.fingerprintChange?.observed}"`));
      }
      for (const id of unmatched) this.write(chalk.yellow(`baseline entry ${id} names no case (renamed or removed?)`));
      if (unfingerprinted.length > 0) {
        this.write(chalk.yellow(`${unfingerprinted.length} baseline entr${unfingerprinted.length === 1 ? 'y has' : 'ies have'} no fingerprint, so any failure matches (rewrite with --update-baseline): ${unfingerprinted.slice(0, 3).join(', ')}${unfingerprinted.length > 3 ? ', ...' : ''}`));
      }
      this.write(`baseline ${path}: ${regressions} regression(s), ${changed} changed, ${known} known deviation(s), ${fixed} fixed`);
    }
    this.write(`${formatCounts(run.summary)} against ${describeTarget(run)} in ${(run.durationMs / 1000).toFixed(1)} s`);
  }
}

function formatCounts(counts: ReturnType<typeof countOutcomes>): string {
  // The closing line reads "N passed, N failed, N skipped", the plain form CI tools recognise.
  const parts = [`${counts.pass} passed`, `${counts.fail} failed`, `${counts.skip} skipped`];
  if (counts.error > 0) parts.push(`${counts.error} errored`);
  if (counts.flaky > 0) parts.push(`${counts.flaky} flaky`);
  return parts.join(', ');
}
