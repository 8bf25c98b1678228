// The HTML reporter: one self-contained page (no network needed to open it) with the result
// model embedded, filters by area, outcome and tag, and each failure's request and response.
import {
  countOutcomes,
  describeInterruption,
  describeServerStop,
  describeTarget,
  describeUnclaimedCapability,
  type RunResult,
} from '../src/report/model.ts';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that can sit inside <script> without ending it. */
export const embeddable = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function renderHtml(run: RunResult): string {
  const counts = countOutcomes(run.cases);
  const title = `s3-conformance ${run.suiteVersion}: ${run.target.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
  h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
  .summary span { margin-right: 1rem; }
  .filters { margin: 1rem 0; display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  tr.case { cursor: pointer; }
  .pass { color: #1a7f37; } .fail { color: #cf222e; } .error { color: #8250df; } .skip { color: #9a6700; } .flaky { color: #bf8700; }
  .outcome { font-weight: 600; }
  pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; margin: .3rem 0; }
  tr.details td { background: #fbfbfb; }
  .muted { color: #666; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="muted">${escapeHtml(describeTarget(run))} · ${escapeHtml(run.startedAt)} · ${(run.durationMs / 1000).toFixed(1)} s</div>
${run.interrupted ? `<p class="fail">${escapeHtml(describeInterruption(run)!)}</p>` : ''}
${run.serverStoppedAnswering ? `<p class="fail">${escapeHtml(describeServerStop(run)!)}</p>` : ''}
${(run.unclaimedCapabilities ?? []).map((u) => `<p class="skip">${escapeHtml(describeUnclaimedCapability(run.target.name, u))}</p>`).join('\n')}
<p class="summary">
  <span class="pass">${counts.pass} passed</span><span class="fail">${counts.fail} failed</span>
  <span class="error">${counts.error} errored</span><span class="flaky">${counts.flaky} flaky</span><span class="skip">${counts.skip} skipped</span>
  ${run.baseline ? `<span>baseline: ${run.baseline.regressions} regression(s), ${run.baseline.changed} changed, ${run.baseline.known} known, ${run.baseline.fixed} fixed, ${run.baseline.unfingerprinted.length} without fingerprint</span>` : ''}
</p>
${(run.fuzz?.properties ?? []).map((p) => `<div class="fuzz ${p.outcome === 'passed' ? 'pass' : p.outcome === 'not run' ? 'skip' : 'fail'}">fuzz ${escapeHtml(p.property)}: ${escapeHtml(p.outcome)}, ${p.checked} of ${p.runs} input(s) checked${p.notRun || p.error ? ` (${escapeHtml(p.notRun ?? p.error ?? '')})` : ''}</div>`).join('\n')}
<div class="filters">
  <label>Area <select id="area"><option value="">all</option></select></label>
  <label>Outcome <select id="outcome"><option value="">all</option><option>pass</option><option>fail</option><option>error</option><option>flaky</option><option>skip</option></select></label>
  <label>Tag <select id="tag"><option value="">all</option></select></label>
  <label>Search <input id="search" type="search" placeholder="id or title"></label>
  <span id="shown" class="muted"></span>
</div>
<table>
  <thead><tr><th>case</th><th>area</th><th>outcome</th><th>reason</th></tr></thead>
  <tbody id="cases"></tbody>
</table>
<script type="application/json" id="run">${embeddable(run)}</script>
<script>
(() => {
  const run = JSON.parse(document.getElementById('run').textContent);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };
  const fill = (select, values) => values.forEach((v) => select.append(el('option', {}, v)));
  fill(document.getElementById('area'), [...new Set(run.cases.map((c) => c.area))].sort());
  fill(document.getElementById('tag'), [...new Set(run.cases.flatMap((c) => c.tags))].sort());
  const showExchange = (c) => {
    const parts = [];
    for (const m of c.mismatches || []) parts.push(m.what + ': expected ' + m.expected + ', observed ' + m.observed);
    if (c.attempts) parts.push('attempts: ' + c.attempts.map((a) => a.outcome + (a.reason ? ' (' + a.reason + ')' : '')).join(', '));
    if (c.baselineReason) parts.push('baseline: ' + c.baselineReason);
    if (c.fingerprintChange) parts.push('baseline fingerprint: ' + c.fingerprintChange.baseline, 'observed fingerprint: ' + c.fingerprintChange.observed);
    const x = c.exchange;
    if (x) {
      parts.push('', x.request.method + ' ' + x.request.url, ...x.request.headers.map(([n, v]) => n + ': ' + v));
      if (x.response) {
        parts.push('', 'HTTP ' + x.response.status, ...Object.entries(x.response.headers).map(([n, v]) => n + ': ' + v), '', x.response.bodyPreview);
      }
    }
    parts.push('', 'source: ' + c.source, ...c.refs.map((r) => 'ref: ' + r));
    return el('pre', {}, parts.join('\\n'));
  };
  const render = () => {
    const area = document.getElementById('area').value;
    const outcome = document.getElementById('outcome').value;
    const tag = document.getElementById('tag').value;
    const search = document.getElementById('search').value.toLowerCase();
    const body = document.getElementById('cases');
    body.replaceChildren();
    let shown = 0;
    for (const c of run.cases) {
      if ((area && c.area !== area) || (outcome && c.outcome !== outcome) || (tag && !c.tags.includes(tag))) continue;
      if (search && !(c.id + ' ' + c.title).toLowerCase().includes(search)) continue;
      shown++;
      const label = c.outcome + (c.baseline ? ' (' + c.baseline + ')' : '');
      const row = el('tr', { class: 'case', 'data-outcome': c.outcome, 'data-area': c.area },
        el('td', {}, el('code', {}, c.id), el('div', { class: 'muted' }, c.title)),
        el('td', {}, c.area),
        el('td', { class: 'outcome ' + c.outcome }, label),
        el('td', {}, c.reason || ''));
      const details = el('tr', { class: 'details', hidden: '' }, el('td', { colspan: '4' }, showExchange(c)));
      row.addEventListener('click', () => details.toggleAttribute('hidden'));
      body.append(row, details);
    }
    document.getElementById('shown').textContent = shown + ' of ' + run.cases.length + ' cases';
  };
  for (const id of ['area', 'outcome', 'tag', 'search']) document.getElementById(id).addEventListener('input', render);
  render();
})();
</script>
</body>
</html>
`;
}
