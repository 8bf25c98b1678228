// Baselines: a target's known deviations (case id + a one-line reason), so that CI fails only on
// regressions. A baselined failure is `known`; a failure not in the baseline is a `regression`;
// a baselined case that now passes is `fixed`, so baselines never rot.
import { readFileSync, writeFileSync } from 'node:fs';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { nearestNode } from '../case/yaml-nodes.ts';
import { isDeviation, type CaseResult, type RunResult } from './model.ts';

export const baselineSchema = z.strictObject({
  target: z.string().optional().describe('The target this baseline is for.'),
  deviations: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        reason: z.string().min(1).describe('One line: how the server deviates from Amazon S3, with a link to its tracker where there is one.'),
      }),
    )
    .default([]),
});
export type Baseline = z.infer<typeof baselineSchema>;

export const UNEXPLAINED = 'TODO: explain this deviation';

export class BaselineError extends Error {}

export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${path}: ${(error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const { line, col } = lineCounter.linePos(document.errors[0]!.pos[0]);
    throw new BaselineError(`${path}:${line}:${col}: ${document.errors[0]!.message.split('\n')[0]}`);
  }
  const parsed = baselineSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = nearestNode(document, issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
    throw new BaselineError(`${path}:${line}:${col}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const deviation of parsed.data.deviations) {
    if (seen.has(deviation.id)) throw new BaselineError(`${path}: case ${deviation.id} is listed twice`);
    seen.add(deviation.id);
  }
  return parsed.data;
}

export type BaselineStatus = 'known' | 'regression' | 'fixed';

export interface BaselineJudgement {
  regressions: CaseResult[];
  known: CaseResult[];
  fixed: CaseResult[];
  /** Baseline entries naming no case of this run: stale ones (renamed or removed), or another shard's. */
  unmatched: string[];
}


/** How a baseline reads one case's outcome; undefined when it changes nothing (a pass not listed, a skip). */
export function baselineStatus(result: Pick<CaseResult, 'id' | 'outcome'>, baseline: Baseline): BaselineStatus | undefined {
  const listed = baseline.deviations.some((d) => d.id === result.id);
  if (isDeviation(result)) return listed ? 'known' : 'regression';
  return listed && result.outcome === 'pass' ? 'fixed' : undefined;
}

export function judgeAgainstBaseline(run: RunResult, baseline: Baseline): BaselineJudgement {
  const ran = new Set(run.cases.map((c) => c.id));
  const withStatus = (status: BaselineStatus) => run.cases.filter((c) => baselineStatus(c, baseline) === status);
  return {
    regressions: withStatus('regression'),
    known: withStatus('known'),
    fixed: withStatus('fixed'),
    unmatched: baseline.deviations.map((d) => d.id).filter((id) => !ran.has(id)),
  };
}

/** The run's deviations as a baseline, keeping the reasons already written for cases still failing. */
export function updatedBaseline(run: RunResult, previous: Baseline | undefined): Baseline {
  const reasons = new Map(previous?.deviations.map((d) => [d.id, d.reason]));
  const ran = new Set(run.cases.map((c) => c.id));
  const current = run.cases.filter(isDeviation).map((c) => ({ id: c.id, reason: reasons.get(c.id) ?? `${UNEXPLAINED} (${c.reason ?? c.outcome})` }));
  // Entries for cases this run did not take (filtered out) stay as they were.
  const untouched = (previous?.deviations ?? []).filter((d) => !ran.has(d.id));
  return { target: previous?.target ?? run.target.name, deviations: [...current, ...untouched].sort((a, b) => a.id.localeCompare(b.id)) };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  const header = '# Known deviations from Amazon S3 of this target: case id and a one-line reason.\n# `s3-conformance run --update-baseline FILE` rewrites it, keeping the reasons written here.\n';
  writeFileSync(path, header + stringify(baseline, { lineWidth: 0 }));
}

