// The compatibility matrix: cases × targets from several runs' result files. Rows where targets
// disagree come first, as on wpt.fyi, so a reader sees at a glance where servers differ.
import { describeMismatch } from '../engine/verdict.ts';
import { casesByArea, type CaseOutcome, type CaseResult, type RunResult } from './model.ts';

export interface MatrixColumn {
  name: string;
  version?: string;
  startedAt: string;
}

/** A case's reference: plain text (a spec section by name), or a web address and what follows it (a note on what it shows). */
export interface MatrixRef {
  /** The whole reference, or for a link the note after its address. */
  text: string;
  href?: string;
}

const refOf = (ref: string): MatrixRef => {
  const href = /^https?:\/\/\S+/.exec(ref)?.[0];
  return href ? { href, text: ref.slice(href.length) } : { text: ref };
};

export interface MatrixRow {
  id: string;
  area: string;
  title: string;
  /** The wire dialect: the result's, or the one its `<id>@<dialect>` names; `signed` for a plain id. */
  dialect: string;
  refs: MatrixRef[];
  /** One per column; undefined where that run did not have the case. */
  outcomes: (CaseOutcome | undefined)[];
  /** One per column: what the case expected against what that target answered, in a line. */
  details: (string | undefined)[];
  disagreement: boolean;
}

export interface AreaScore {
  area: string;
  /** Per column: passes over judged (pass + fail + error + flaky); skips do not count. */
  scores: { pass: number; judged: number }[];
}

/** Per wire dialect (`signed` where a result names none, first; the others by name), the same score over every area. */
export interface DialectScore {
  dialect: string;
  scores: { pass: number; judged: number }[];
}

export interface Matrix {
  columns: MatrixColumn[];
  areas: AreaScore[];
  /** One entry per dialect the runs used; only `signed` for runs without --dialect. */
  dialects: DialectScore[];
  rows: MatrixRow[];
}

export function buildMatrix(runs: RunResult[]): Matrix {
  const columns = runs.map((run) => ({ name: run.target.name, version: run.target.version, startedAt: run.startedAt }));
  const resultsById = runs.map((run) => new Map(run.cases.map((c) => [c.id, c])));
  const described = new Map(runs.flatMap((run) => run.cases.map((c) => [c.id, c] as const)));
  const rows = [...described.values()].map((c): MatrixRow => {
    const results = resultsById.map((byId) => byId.get(c.id));
    const outcomes = results.map((r) => r?.outcome);
    const judged = outcomes.filter((o): o is CaseOutcome => o !== undefined && o !== 'skip');
    return {
      id: c.id,
      area: c.area,
      title: c.title,
      dialect: c.dialect ?? c.id.split('@')[1] ?? 'signed',
      refs: c.refs.map(refOf),
      outcomes,
      details: results.map((r) => r && detailOf(r)),
      disagreement: new Set(judged.map((o) => o === 'pass')).size > 1,
    };
  });
  rows.sort((a, b) => Number(b.disagreement) - Number(a.disagreement) || a.area.localeCompare(b.area) || a.id.localeCompare(b.id));
  const score = (groupRows: MatrixRow[]) =>
    columns.map((_, column) => {
      const judged = groupRows.map((r) => r.outcomes[column]).filter((o) => o !== undefined && o !== 'skip');
      return { pass: judged.filter((o) => o === 'pass').length, judged: judged.length };
    });
  const areas = casesByArea(rows).map(([area, areaRows]) => ({ area, scores: score(areaRows) }));
  const byDialect = new Map<string, MatrixRow[]>();
  for (const row of rows) {
    byDialect.set(row.dialect, [...(byDialect.get(row.dialect) ?? []), row]);
  }
  const dialects = [...byDialect]
    .sort(([a], [b]) => Number(b === 'signed') - Number(a === 'signed') || a.localeCompare(b))
    .map(([dialect, dialectRows]) => ({ dialect, scores: score(dialectRows) }));
  return { columns, areas, dialects, rows };
}

/** Long observed bodies would make a 12,000-row page heavy; the run's own report keeps them whole. */
const DETAIL_LIMIT = 300;

/** Expected against observed for one case on one target: its mismatches, or why it errored or was skipped. */
function detailOf(result: CaseResult): string {
  if (result.outcome === 'pass') return 'as expected';
  const text = result.mismatches?.length ? result.mismatches.map(describeMismatch).join('; ') : (result.reason ?? result.outcome);
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
}

export function formatScore({ pass, judged }: { pass: number; judged: number }): string {
  return judged === 0 ? '–' : `${Math.round((100 * pass) / judged)}% (${pass}/${judged})`;
}
