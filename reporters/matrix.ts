// Renders the compatibility matrix as Markdown and as one self-contained HTML page.
import { formatScore, type Matrix } from '../src/report/matrix.ts';
import { escapeHtml } from './html.ts';
import type { CaseOutcome } from '../src/report/model.ts';

const SYMBOL: Record<CaseOutcome, string> = { pass: '✓', fail: '✗', error: '!', skip: '–', flaky: '~' };
const columnTitle = (c: Matrix['columns'][number]) => `${c.name}${c.version ? ` (${c.version})` : ''}`;

export function renderMatrixMarkdown(matrix: Matrix, title = 'Compatibility matrix'): string {
  const header = (first: string) => [
    `| ${first} | ${matrix.columns.map((c) => c.name).join(' | ')} |`,
    `|---|${matrix.columns.map(() => '---|').join('')}`,
  ];
  const lines = [
    `# ${title}`,
    '',
    'Targets:',
    '',
    ...matrix.columns.map((c) => `- **${c.name}**: ${c.version ?? 'version not reported'}, run ${c.startedAt}`),
    '',
  ];
  lines.push('## By area', '', 'Passes over judged cases (skips, for capabilities a target lacks, do not count).', '', ...header('area'));
  for (const area of matrix.areas) lines.push(`| ${area.area} | ${area.scores.map(formatScore).join(' | ')} |`);
  if (matrix.dialects.length > 1) {
    lines.push(
      '',
      '## By wire dialect',
      '',
      'The same cases put on the wire as real clients put them (`run --dialect`); passes over judged cases.',
      '',
      ...header('dialect'),
    );
    for (const dialect of matrix.dialects) lines.push(`| ${dialect.dialect} | ${dialect.scores.map(formatScore).join(' | ')} |`);
  }
  const disagreements = matrix.rows.filter((r) => r.disagreement).length;
  lines.push(
    '',
    `## Every case (${matrix.rows.length}; the ${disagreements} where targets disagree first)`,
    '',
    '✓ pass · ✗ fail · ! error · ~ flaky (failed, then passed a rerun) · – skip',
    '',
    ...header('case'),
  );
  for (const row of matrix.rows) lines.push(`| \`${row.id}\` | ${row.outcomes.map((o) => (o ? SYMBOL[o] : ' ')).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export function renderMatrixHtml(matrix: Matrix, title = 'Compatibility matrix'): string {
  const head = `<tr><th></th>${matrix.columns.map((c) => `<th>${escapeHtml(columnTitle(c))}</th>`).join('')}</tr>`;
  const areaRows = matrix.areas
    .map((a) => `<tr><td>${escapeHtml(a.area)}</td>${a.scores.map((s) => `<td>${escapeHtml(formatScore(s))}</td>`).join('')}</tr>`)
    .join('\n');
  const dialectRows = matrix.dialects
    .map((d) => `<tr><td>${escapeHtml(d.dialect)}</td>${d.scores.map((s) => `<td>${escapeHtml(formatScore(s))}</td>`).join('')}</tr>`)
    .join('\n');
  const dialectSection =
    matrix.dialects.length > 1
      ? `<h2>By wire dialect</h2><p class="muted">The same cases put on the wire as real clients put them (<code>run --dialect</code>); passes over judged cases.</p>\n<table>${head}\n${dialectRows}</table>\n`
      : '';
  const caseRows = matrix.rows
    .map(
      (r) =>
        `<tr${r.disagreement ? ' class="disagree"' : ''}><td><code>${escapeHtml(r.id)}</code><div class="muted">${escapeHtml(r.title)}</div></td>${r.outcomes
          .map((o) => `<td class="${o ?? 'none'}">${o ? SYMBOL[o] : ''}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
  table { border-collapse: collapse; margin-bottom: 2rem; }
  th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
  td.pass { background: #dafbe1; } td.fail { background: #ffebe9; } td.error { background: #fbefff; } td.skip { background: #f6f8fa; } td.flaky { background: #fff8c5; }
  tr.disagree td:first-child { border-left: 3px solid #cf222e; }
  .muted { color: #666; font-size: 12px; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<h2>By area</h2><p class="muted">Passes over judged cases; skips (capabilities a target lacks) do not count.</p>
<table>${head}\n${areaRows}</table>
${dialectSection}<h2>Every case</h2><p class="muted">Rows where targets disagree come first (red edge). ✓ pass · ✗ fail · ! error · ~ flaky (failed, then passed a rerun) · – skip</p>
<table>${head}\n${caseRows}</table>
</body></html>
`;
}
