// Renders the compatibility matrix as Markdown and as one self-contained HTML page.
import { formatScore, type Matrix, type MatrixRef } from '../src/report/matrix.ts';
import { embeddable, escapeHtml } from './html.ts';
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

const options = (values: string[]) => values.map((v) => `<option>${escapeHtml(v)}</option>`).join('');

const refsHtml = (refs: MatrixRef[]) =>
  refs
    .map((r) => (r.href ? `<a href="${escapeHtml(r.href)}">${escapeHtml(r.href)}</a>${escapeHtml(r.text)}` : escapeHtml(r.text)))
    .join(' · ');

/** Numbers each distinct value in order of first use, so a value repeated over thousands of rows is written once. */
function interned() {
  const index = new Map<string, number>();
  return { index: (value: string) => index.get(value) ?? index.set(value, index.size).get(value)!, values: () => [...index.keys()] };
}

/** A cell: its outcome, and for anything but a pass the number of its expected/observed line; focusable for the panel. */
const cellHtml = (outcome: CaseOutcome | undefined, detail: number | undefined) => {
  if (!outcome) return '<td class="none"></td>';
  // A pass says only "as expected", so the 50,000 passing cells of a full matrix carry no number.
  if (outcome === 'pass') return `<td class="pass">${SYMBOL.pass}</td>`;
  return `<td class="${outcome}" tabindex="0" data-detail="${detail}">${SYMBOL[outcome]}</td>`;
};

// Filters set `hidden` on rows and a `hide-N` class on the body for server columns; a click or Enter on a
// cell shows its target, case and expected/observed line in the panel at the bottom. Refs and detail lines
// are written once each (a case's dialects share its refs, many cells one reason) and put into place here.
const SCRIPT = `
const rows = [...document.querySelectorAll('#cases tr.case')];
const details = JSON.parse(document.getElementById('details').textContent);
const refs = document.getElementById('refs').content.children;
for (const row of rows) if (row.dataset.refs) row.cells[0].append(refs[row.dataset.refs].cloneNode(true));
const area = document.getElementById('area'), dialect = document.getElementById('dialect');
const shown = document.getElementById('shown'), panel = document.getElementById('detail');
const columns = [...document.querySelectorAll('#cases thead th')].slice(1).map((th) => th.textContent);
function filterRows() {
  let count = 0;
  for (const row of rows) {
    row.hidden = (area.value !== '' && row.dataset.area !== area.value) || (dialect.value !== '' && row.dataset.dialect !== dialect.value);
    if (!row.hidden) count++;
  }
  shown.textContent = count + ' of ' + rows.length + ' cases shown';
}
area.addEventListener('change', filterRows);
dialect.addEventListener('change', filterRows);
for (const box of document.querySelectorAll('input.server')) {
  box.addEventListener('change', () => document.body.classList.toggle('hide-' + box.dataset.column, !box.checked));
}
const detailOf = (cell) => (cell.classList.contains('pass') ? 'as expected' : details[cell.dataset.detail]);
const isCell = (cell) => cell && cell.cellIndex > 0 && !cell.classList.contains('none') && cell.closest('#cases tr.case');
document.getElementById('cases').addEventListener('mouseover', (event) => {
  const cell = event.target.closest('td');
  if (isCell(cell) && !cell.title) cell.title = detailOf(cell);
});
function showDetail(cell) {
  const id = cell.parentElement.querySelector('code').textContent;
  panel.textContent = columns[cell.cellIndex - 1] + ' · ' + id + ': ' + detailOf(cell);
  panel.hidden = false;
}
document.getElementById('cases').addEventListener('click', (event) => {
  const cell = event.target.closest('td');
  if (isCell(cell)) showDetail(cell);
});
document.getElementById('cases').addEventListener('keydown', (event) => {
  const cell = event.target.closest('td');
  if ((event.key === 'Enter' || event.key === ' ') && isCell(cell)) { event.preventDefault(); showDetail(cell); }
});
filterRows();
`;

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
  const refs = interned();
  const details = interned();
  const caseRows = matrix.rows
    .map((r) => {
      const refsAttribute = r.refs.length ? ` data-refs="${refs.index(refsHtml(r.refs))}"` : '';
      const attributes = `class="case${r.disagreement ? ' disagree' : ''}" data-area="${escapeHtml(r.area)}" data-dialect="${escapeHtml(r.dialect)}"${refsAttribute}`;
      const cells = r.outcomes
        .map((o, column) => cellHtml(o, o && o !== 'pass' ? details.index(r.details[column] ?? '') : undefined))
        .join('');
      return `<tr ${attributes}><td><code>${escapeHtml(r.id)}</code><div class="muted">${escapeHtml(r.title)}</div></td>${cells}</tr>`;
    })
    .join('\n');
  const hideRules = matrix.columns.map((_, i) => `body.hide-${i} tr > :nth-child(${i + 2}) { display: none; }`).join('\n  ');
  const serverBoxes = matrix.columns
    .map((c, i) => `<label><input type="checkbox" class="server" data-column="${i}" checked> ${escapeHtml(c.name)}</label>`)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem 1.5rem 4rem; }
  table { border-collapse: collapse; margin-bottom: 2rem; }
  th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
  td.pass { background: #dafbe1; } td.fail { background: #ffebe9; } td.error { background: #fbefff; } td.skip { background: #f6f8fa; } td.flaky { background: #fff8c5; }
  #cases td:not(:first-child):not(.none) { cursor: pointer; }
  tr.disagree td:first-child { border-left: 3px solid #cf222e; }
  .muted, .refs { color: #666; font-size: 12px; }
  .filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #ddd; }
  .filters label { margin-right: .8rem; }
  #detail { position: fixed; left: 0; right: 0; bottom: 0; margin: 0; padding: .5rem 1.5rem; background: #fffbdd; border-top: 1px solid #d4a72c; white-space: pre-wrap; }
  ${hideRules}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<h2>By area</h2><p class="muted">Passes over judged cases; skips (capabilities a target lacks) do not count.</p>
<table>${head}\n${areaRows}</table>
${dialectSection}<h2>Every case</h2><p class="muted">Rows where targets disagree come first (red edge). ✓ pass · ✗ fail · ! error · ~ flaky (failed, then passed a rerun) · – skip. Hover a cell for what the case expected and what the target answered; click it (or Enter) to show that below.</p>
<div class="filters"><label>Area <select id="area"><option value="">all</option>${options(matrix.areas.map((a) => a.area))}</select></label>
<label>Dialect <select id="dialect"><option value="">all</option>${options(matrix.dialects.map((d) => d.dialect))}</select></label>
Servers: ${serverBoxes} <span id="shown" class="muted"></span></div>
<table id="cases"><thead>${head}</thead><tbody>\n${caseRows}</tbody></table>
<p id="detail" role="status" hidden></p>
<template id="refs">${refs
    .values()
    .map((html) => `<div class="refs">${html}</div>`)
    .join('')}</template>
<script type="application/json" id="details">${embeddable(details.values())}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
