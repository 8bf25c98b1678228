// The Markdown reporter: a summary a CI job can post — counts by area, then what a reader must act
// on (regressions, failures, fixed deviations), each with its first mismatch.
import {
  casesByArea,
  countOutcomes,
  describeInterruption,
  describeServerStop,
  describeTarget,
  describeUnclaimedCapability,
  isDeviation,
  type CaseResult,
  type RunResult,
} from '../src/report/model.ts';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(run: RunResult): string {
  const lines = [
    `# s3-conformance ${run.suiteVersion}: ${run.target.name}`,
    '',
    `${describeTarget(run)}, ${run.startedAt}, ${(run.durationMs / 1000).toFixed(1)} s.`,
    '',
    ...(run.interrupted ? [`**${describeInterruption(run)}.**`, ''] : []),
    ...(run.serverStoppedAnswering ? [`**${describeServerStop(run)}.**`, ''] : []),
    ...(run.unclaimedCapabilities ?? []).flatMap((u) => [`${describeUnclaimedCapability(run.target.name, u)}.`, '']),
    '| area | pass | fail | error | flaky | skip | pass rate |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [area, cases] of [...casesByArea(run.cases), ['**all**', run.cases] as [string, CaseResult[]]]) {
    const counts = countOutcomes(cases);
    const judged = counts.pass + counts.fail + counts.error + counts.flaky;
    const rate = judged === 0 ? '–' : `${Math.round((100 * counts.pass) / judged)}%`;
    lines.push(`| ${area} | ${counts.pass} | ${counts.fail} | ${counts.error} | ${counts.flaky} | ${counts.skip} | ${rate} |`);
  }
  if (run.fuzz) {
    lines.push(
      '',
      `## Fuzzing (seed ${run.fuzz.seed})`,
      '',
      '| property | outcome | runs | checked | failures | counterexample |',
      '|---|---|---:|---:|---:|---|',
    );
    for (const p of run.fuzz.properties) {
      const example = p.counterexample
        ? `\`${escapeCell(p.counterexample.sentValue)}\`: ${escapeCell(p.counterexample.mismatches.join('; '))}`
        : (p.notRun ?? p.error ?? '');
      lines.push(`| ${p.property} | ${p.outcome} | ${p.runs} | ${p.checked} | ${p.failures} | ${example} |`);
    }
  }
  if (run.baseline) {
    lines.push(
      '',
      `Baseline \`${run.baseline.path}\`: **${run.baseline.regressions} regression(s)**, **${run.baseline.changed} changed**, ${run.baseline.known} known deviation(s), ${run.baseline.fixed} fixed.`,
    );
    if (run.baseline.unfingerprinted.length > 0)
      lines.push(
        '',
        `${run.baseline.unfingerprinted.length} baseline entries have no fingerprint, so any failure matches them (rewrite with \`--update-baseline\`).`,
      );
  }
  const section = (title: string, cases: CaseResult[]) => {
    if (cases.length === 0) return;
    lines.push('', `## ${title} (${cases.length})`, '', '| case | outcome | first mismatch | baseline reason |', '|---|---|---|---|');
    for (const c of cases)
      lines.push(`| \`${c.id}\` | ${describeOutcome(c)} | ${escapeCell(c.reason ?? '')} | ${escapeCell(c.baselineReason ?? '')} |`);
  };
  const failing = run.cases.filter(isDeviation);
  if (run.baseline) {
    section(
      'Regressions',
      failing.filter((c) => c.baseline === 'regression'),
    );
    section(
      'Known deviations that fail another way',
      failing.filter((c) => c.baseline === 'changed'),
    );
    section(
      'Fixed since the baseline',
      run.cases.filter((c) => c.baseline === 'fixed'),
    );
    section(
      'Known deviations',
      failing.filter((c) => c.baseline === 'known'),
    );
  } else {
    section('Failures and errors', failing);
  }
  return `${lines.join('\n')}\n`;
}

/** `fail`, or for a flaky case its attempts (`flaky: fail, pass`), or for a changed one its old and new fingerprint. */
function describeOutcome(c: CaseResult): string {
  const outcome = c.outcome === 'flaky' ? `flaky: ${(c.attempts ?? []).map((a) => a.outcome).join(', ')}` : c.outcome;
  return escapeCell(
    c.fingerprintChange ? `${outcome} (was \`${c.fingerprintChange.baseline}\`, now \`${c.fingerprintChange.observed}\`)` : outcome,
  );
}
