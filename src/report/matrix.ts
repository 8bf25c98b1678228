// The compatibility matrix: cases × targets from several runs' result files. Rows where targets
// disagree come first, as on wpt.fyi, so a reader sees at a glance where servers differ.
import { casesByArea, type CaseOutcome, type RunResult } from './model.ts';

export interface MatrixColumn {
  name: string;
  version?: string;
  startedAt: string;
}

export interface MatrixRow {
  id: string;
  area: string;
  title: string;
  /** One per column; undefined where that run did not have the case. */
  outcomes: (CaseOutcome | undefined)[];
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
  const outcomesById = runs.map((run) => new Map(run.cases.map((c) => [c.id, c.outcome])));
  const described = new Map(runs.flatMap((run) => run.cases.map((c) => [c.id, c] as const)));
  const rows = [...described.values()].map((c) => {
    const outcomes = outcomesById.map((byId) => byId.get(c.id));
    const judged = outcomes.filter((o): o is CaseOutcome => o !== undefined && o !== 'skip');
    return { id: c.id, area: c.area, title: c.title, outcomes, disagreement: new Set(judged.map((o) => o === 'pass')).size > 1 };
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
    const dialect = described.get(row.id)?.dialect ?? 'signed';
    byDialect.set(dialect, [...(byDialect.get(dialect) ?? []), row]);
  }
  const dialects = [...byDialect]
    .sort(([a], [b]) => Number(b === 'signed') - Number(a === 'signed') || a.localeCompare(b))
    .map(([dialect, dialectRows]) => ({ dialect, scores: score(dialectRows) }));
  return { columns, areas, dialects, rows };
}

export function formatScore({ pass, judged }: { pass: number; judged: number }): string {
  return judged === 0 ? '–' : `${Math.round((100 * pass) / judged)}% (${pass}/${judged})`;
}
