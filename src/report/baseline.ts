// Baselines: a target's known deviations, so that CI fails only on regressions. An entry names a
// case, says in one line why it deviates, and holds the deviation's fingerprint: the outcome and
// the mismatch that made it. A failure in no entry is a `regression`; one that matches its entry's
// fingerprint is `known`; one that fails another way is `changed` (a regression of its own kind);
// a baselined case that now passes is `fixed`, so baselines never rot. An entry may mark a case
// `flaky`: it fails in some attempts and passes in others.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { readYamlFile, type FileKind } from '../case/input-file.ts';
import { isDeviation, type BaselineStatus, type CaseResult, type RunResult } from './model.ts';
import { fingerprintOf, maskRunBuckets } from './fingerprint.ts';

export const baselineSchema = z.strictObject({
  target: z.string().optional().describe('The target this baseline is for.'),
  deviations: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        reason: z
          .string()
          .min(1)
          .describe('One line: how the server deviates from Amazon S3, with a link to its tracker where there is one.'),
        fingerprint: z
          .string()
          .min(1)
          .optional()
          .describe(
            "How the case fails, as `--update-baseline` writes it: the outcome and the mismatch (status, error code) or the error's kind. Without it any failure matches.",
          ),
        flaky: z
          .literal(true)
          .optional()
          .describe('The case fails in some attempts and passes in others (see `run --rerun-failures`); the reason gives the evidence.'),
      }),
    )
    .default([]),
});
export type Baseline = z.infer<typeof baselineSchema>;

export const UNEXPLAINED = 'TODO: explain this deviation';

export class BaselineError extends Error {}

/** A baseline lists at most every case once; anything larger is refused before it is parsed. */
const BASELINE_FILE: FileKind = { name: 'a baseline', maxBytes: 8 * 1024 * 1024 };

export function readBaseline(path: string): Baseline {
  // An empty file is a baseline without deviations.
  const baseline = readYamlFile(path, baselineSchema, BASELINE_FILE, (message) => new BaselineError(`baseline ${message}`), {});
  const seen = new Set<string>();
  for (const deviation of baseline.deviations) {
    if (seen.has(deviation.id)) throw new BaselineError(`${path}: case ${deviation.id} is listed twice`);
    seen.add(deviation.id);
  }
  return baseline;
}

export type Deviation = Baseline['deviations'][number];

/** How a baseline reads one case; undefined when it changes nothing (a pass not listed, a skip, a flaky case passing). */
export function baselineStatus(result: CaseResult, entry: Deviation | undefined): BaselineStatus | undefined {
  if (!entry) return isDeviation(result) ? 'regression' : undefined;
  if (result.outcome === 'skip') return undefined;
  if (result.outcome === 'pass') return entry.flaky ? undefined : 'fixed';
  if (entry.fingerprint === undefined) return 'known';
  return entry.fingerprint === fingerprintOf(result) && (entry.flaky || result.outcome !== 'flaky') ? 'known' : 'changed';
}

/** The entry as a line, for showing old against new: its fingerprint, `(flaky)` if it is. */
export function describeEntry(entry: Pick<Deviation, 'fingerprint' | 'flaky'>): string {
  return `${entry.fingerprint ?? '(no fingerprint)'}${entry.flaky ? ' (flaky)' : ''}`;
}

/** One case judged by its baseline entry: its status, the entry's reason, and for a changed deviation the old and new fingerprint. */
export function withBaselineStatus(result: CaseResult, baseline: Baseline): CaseResult {
  const entry = baseline.deviations.find((d) => d.id === result.id);
  const status = baselineStatus(result, entry);
  if (!status) return result;
  const observed = describeEntry({ fingerprint: fingerprintOf(result), flaky: result.outcome === 'flaky' || undefined });
  return {
    ...result,
    baseline: status,
    ...(entry ? { baselineReason: entry.reason } : {}),
    ...(status === 'changed' && entry ? { fingerprintChange: { baseline: describeEntry(entry), observed } } : {}),
  };
}

/** The run judged by the baseline at `path`: each case's status, and the counts. */
export function judgeRun(run: RunResult, { path, baseline }: { path: string; baseline: Baseline }): RunResult {
  const cases = run.cases.map((c) => withBaselineStatus(c, baseline));
  const ran = new Set(run.cases.map((c) => c.id));
  const count = (status: BaselineStatus) => cases.filter((c) => c.baseline === status).length;
  return {
    ...run,
    cases,
    baseline: {
      path,
      known: count('known'),
      regressions: count('regression'),
      changed: count('changed'),
      fixed: count('fixed'),
      unmatched: baseline.deviations.map((d) => d.id).filter((id) => !ran.has(id)),
      unfingerprinted: baseline.deviations.filter((d) => d.fingerprint === undefined).map((d) => d.id),
    },
  };
}

/**
 * The run's deviations as a baseline, with their fingerprints, keeping the reasons already written
 * and the flaky marks. A flaky entry whose case passed this time stays: one pass proves no fix.
 * Entries of cases the run did not take stay while their case exists (`knownIds`: every case id
 * of the suites); those naming no case go.
 */
export function updatedBaseline(run: RunResult, previous: Baseline | undefined, knownIds: ReadonlySet<string>): Baseline {
  const entries = new Map(previous?.deviations.map((d) => [d.id, d]));
  const current = run.cases.filter(isDeviation).map((c) => {
    const flaky = c.outcome === 'flaky' || entries.get(c.id)?.flaky;
    return {
      id: c.id,
      reason:
        entries.get(c.id)?.reason ?? `${UNEXPLAINED} (${c.outcome === 'flaky' ? 'flaky: ' : ''}${maskRunBuckets(c.reason ?? c.outcome)})`,
      fingerprint: fingerprintOf(c),
      ...(flaky ? { flaky: true as const } : {}),
    };
  });
  const passingFlaky = new Set(run.cases.filter((c) => c.outcome === 'pass' && entries.get(c.id)?.flaky).map((c) => c.id));
  const ran = new Set(run.cases.map((c) => c.id));
  const untouched = (previous?.deviations ?? []).filter((d) => (!ran.has(d.id) && knownIds.has(d.id)) || passingFlaky.has(d.id));
  return { target: previous?.target ?? run.target.name, deviations: [...current, ...untouched].sort((a, b) => a.id.localeCompare(b.id)) };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  const header =
    '# Known deviations from Amazon S3 of this target: case id, a one-line reason, and how the case fails\n# (its fingerprint). `s3-conformance run --update-baseline FILE` rewrites it, keeping the reasons written here.\n';
  writeFileSync(path, header + stringify(baseline, { lineWidth: 0 }));
}
