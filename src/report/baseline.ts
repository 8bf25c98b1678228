// Baselines: a target's known deviations, so that CI fails only on regressions. An entry names a
// case, says in one line why it deviates, and holds the deviation's fingerprint: the outcome and
// the mismatch that made it. A failure in no entry is a `regression`; one that matches its entry's
// fingerprint is `known`; one that fails another way is `changed` (a regression of its own kind);
// a baselined case that now passes is `fixed`, so baselines never rot. An entry may mark a case
// `flaky`: it fails in some attempts and passes in others.
//
// Wire dialects (`run --dialect`): a case sent in dialect d is `<id>@<d>`. Failing as its signed
// case's entry says, it is that known deviation in another wire form and needs no entry of its
// own; failing otherwise, it is judged by its own entry `<id>@<d>` if there is one, else by a
// dialect entry: the server does not speak d, and answers every request in it the one way the
// entry records (its `observed` answer), so that it cannot hide a failure of another kind.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { readYamlFile, type FileKind } from '../case/input-file.ts';
import { DEFAULT_DIALECT, DIALECT_NAMES } from '../engine/wire/dialects.ts';
import { isDeviation, type BaselineStatus, type CaseResult, type RunResult } from './model.ts';
import { fingerprintOf, maskRunBuckets, observedAnswer } from './fingerprint.ts';

const reason = z
  .string()
  .min(1)
  .describe('One line: how the server deviates from Amazon S3, with a link to its tracker where there is one.');

export const baselineSchema = z.strictObject({
  target: z.string().optional().describe('The target this baseline is for.'),
  dialects: z
    .array(
      z.strictObject({
        dialect: z.string().min(1).describe('A wire dialect (`run --dialect`) the server does not speak.'),
        reason,
        observed: z
          .string()
          .min(1)
          .describe(
            'How the server answers in it, as `--update-baseline` words it for a case (see `observedAnswer`): status and error code (`411 MissingContentLength`), or what was stored (`stored object: aws-chunked framing inside`). The entry matches every failing case of the dialect that got this answer.',
          ),
      }),
    )
    .optional()
    .describe('Dialects the server does not speak: each failure in one that got its observed answer is known.'),
  deviations: z
    .array(
      z.strictObject({
        id: z.string().min(1).describe('A case id; `<id>@<dialect>` for a deviation only that wire dialect has.'),
        reason,
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
export type Deviation = Baseline['deviations'][number];
export type DialectDeviation = NonNullable<Baseline['dialects']>[number];

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
  for (const entry of baseline.dialects ?? []) {
    if (entry.dialect === DEFAULT_DIALECT || !DIALECT_NAMES.includes(entry.dialect)) {
      const others = DIALECT_NAMES.filter((name) => name !== DEFAULT_DIALECT).join(', ');
      throw new BaselineError(`${path}: dialect entry "${entry.dialect}" names no wire dialect other than ${DEFAULT_DIALECT} (${others})`);
    }
    if (seen.has(dialectEntryName(entry))) throw new BaselineError(`${path}: ${dialectEntryName(entry)} is listed twice`);
    seen.add(dialectEntryName(entry));
  }
  return baseline;
}

/** How reports name a dialect entry: every case of the dialect, and the answer it records. */
export function dialectEntryName(entry: Pick<DialectDeviation, 'dialect' | 'observed'>): string {
  return `*@${entry.dialect} (${entry.observed})`;
}

/** The case a dialect variant sends in another wire form: `range.get@presigned` → `range.get`. */
function signedIdOf(result: Pick<CaseResult, 'id' | 'dialect'>): string {
  return result.dialect ? result.id.slice(0, result.id.length - result.dialect.length - 1) : result.id;
}

/** How a baseline reads one case; undefined when it changes nothing (a pass not listed, a skip, a flaky case passing). */
export function baselineStatus(result: CaseResult, entry: Deviation | undefined): BaselineStatus | undefined {
  if (!entry) return isDeviation(result) ? 'regression' : undefined;
  if (result.outcome === 'skip') return undefined;
  if (result.outcome === 'pass') return entry.flaky ? undefined : 'fixed';
  if (entry.fingerprint === undefined) return 'known';
  return entry.fingerprint === fingerprintOf(result) && (entry.flaky || result.outcome !== 'flaky') ? 'known' : 'changed';
}

/** A steady failure in the entry's dialect that got the answer the entry records. */
function dialectEntryMatches(entry: DialectDeviation, result: CaseResult): boolean {
  return result.dialect === entry.dialect && result.outcome !== 'flaky' && observedAnswer(result) === entry.observed;
}

/** One case's reading, and the entry that made it (none for a regression or a case nothing judges). */
export interface Judgement {
  status: BaselineStatus | undefined;
  entry?: Deviation | DialectDeviation;
}

/**
 * A case judged by the baseline: by its own entry; a dialect variant without one that fails, by
 * its signed case's entry if it fails the same way, else by a dialect entry that records its
 * answer, else it is changed against its signed case's entry, or a regression. A variant that
 * passes says nothing of its signed case's entry: that case judges it.
 */
export function judgeCase(result: CaseResult, baseline: Baseline): Judgement {
  const { byId } = indexOf(baseline);
  const own = byId.get(result.id);
  if (own || !result.dialect) return { status: baselineStatus(result, own), entry: own };
  if (!isDeviation(result)) return { status: undefined };
  const signed = byId.get(signedIdOf(result));
  if (signed && baselineStatus(result, signed) === 'known') return { status: 'known', entry: signed };
  const dialectEntry = baseline.dialects?.find((entry) => dialectEntryMatches(entry, result));
  if (dialectEntry) return { status: 'known', entry: dialectEntry };
  return signed ? { status: 'changed', entry: signed } : { status: 'regression' };
}

const indexes = new WeakMap<Baseline, { byId: Map<string, Deviation> }>();

/** Entries by id, built once per baseline: every case of a run looks its entries up. */
function indexOf(baseline: Baseline): { byId: Map<string, Deviation> } {
  let index = indexes.get(baseline);
  if (!index) {
    index = { byId: new Map(baseline.deviations.map((d) => [d.id, d])) };
    indexes.set(baseline, index);
  }
  return index;
}

/** The entry as a line, for showing old against new: its fingerprint, `(flaky)` if it is. */
export function describeEntry(entry: Pick<Deviation, 'fingerprint' | 'flaky'>): string {
  return `${entry.fingerprint ?? '(no fingerprint)'}${entry.flaky ? ' (flaky)' : ''}`;
}

/** One case judged by its baseline: its status, the entry's reason, and for a changed deviation the old and new fingerprint. */
export function withBaselineStatus(result: CaseResult, baseline: Baseline): CaseResult {
  return withJudgement(result, judgeCase(result, baseline));
}

function withJudgement(result: CaseResult, { status, entry }: Judgement): CaseResult {
  if (!status) return result;
  const observed = describeEntry({ fingerprint: fingerprintOf(result), flaky: result.outcome === 'flaky' || undefined });
  return {
    ...result,
    baseline: status,
    ...(entry ? { baselineReason: entry.reason } : {}),
    ...(status === 'changed' && entry && 'id' in entry ? { fingerprintChange: { baseline: describeEntry(entry), observed } } : {}),
  };
}

/**
 * The entries a run is judged by: those of its cases (a signed case's entry judges its variants
 * too) and of its dialects, and those naming no case at all, which it reports as stale; the
 * entries of cases the filters or --shard left out are not its business.
 */
export function baselineForRun(
  baseline: Baseline,
  run: { caseIds: ReadonlySet<string>; dialects: readonly string[] },
  knownIds: ReadonlySet<string>,
): Baseline {
  const judged = new Set([...run.caseIds].flatMap((id) => [id, id.slice(0, id.includes('@') ? id.indexOf('@') : id.length)]));
  return {
    ...baseline,
    ...(baseline.dialects ? { dialects: baseline.dialects.filter((entry) => run.dialects.includes(entry.dialect)) } : {}),
    deviations: baseline.deviations.filter((d) => judged.has(d.id) || !knownIds.has(d.id)),
  };
}

/**
 * The run judged by the baseline at `path`: each case's status, and the counts. An entry is stale
 * (`unmatched`) when nothing it could judge ran: a case entry when neither its case nor a variant
 * of it did, a dialect entry when its dialect ran and no failure matched it. A signed case's entry
 * is never made stale or fixed by its variants: only the signed case says whether it still fails.
 */
export function judgeRun(run: RunResult, { path, baseline }: { path: string; baseline: Baseline }): RunResult {
  const judgements = run.cases.map((c) => judgeCase(c, baseline));
  const cases = run.cases.map((c, i) => withJudgement(c, judgements[i]!));
  const ranIds = new Set(run.cases.flatMap((c) => [c.id, signedIdOf(c)]));
  const matched = new Set(judgements.map((j) => j.entry));
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
      unmatched: [
        ...(baseline.dialects ?? [])
          .filter((entry) => run.selection.dialects.includes(entry.dialect) && !matched.has(entry))
          .map(dialectEntryName),
        ...baseline.deviations.map((d) => d.id).filter((id) => !ranIds.has(id)),
      ],
      unfingerprinted: baseline.deviations.filter((d) => d.fingerprint === undefined).map((d) => d.id),
    },
  };
}

/**
 * The run's deviations as a baseline, with their fingerprints, keeping the reasons already written
 * and the flaky marks. A flaky entry whose case passed this time stays: one pass proves no fix.
 * Entries of cases the run did not take stay while their case exists (`knownIds`: every case id
 * of the suites, in every dialect); those naming no case go. A dialect variant failing as its
 * signed case's entry says, or as a dialect entry records, gets no entry of its own; a dialect
 * entry stays while something matches it or some case of its dialect was not run (dialect entries
 * are written by hand: which answer means "does not speak it" is a judgement).
 */
export function updatedBaseline(run: RunResult, previous: Baseline | undefined, knownIds: ReadonlySet<string>): Baseline {
  const entries = new Map(previous?.deviations.map((d) => [d.id, d]));
  const toEntry = (c: CaseResult): Deviation => {
    const flaky = c.outcome === 'flaky' || entries.get(c.id)?.flaky;
    return {
      id: c.id,
      reason:
        entries.get(c.id)?.reason ?? `${UNEXPLAINED} (${c.outcome === 'flaky' ? 'flaky: ' : ''}${maskRunBuckets(c.reason ?? c.outcome)})`,
      fingerprint: fingerprintOf(c),
      ...(flaky ? { flaky: true as const } : {}),
    };
  };
  const deviating = run.cases.filter(isDeviation);
  const signed = deviating.filter((c) => !c.dialect).map(toEntry);
  const ran = new Set(run.cases.map((c) => c.id));
  const passingFlaky = new Set(run.cases.filter((c) => c.outcome === 'pass' && entries.get(c.id)?.flaky).map((c) => c.id));
  const untouched = (previous?.deviations ?? []).filter((d) => (!ran.has(d.id) && knownIds.has(d.id)) || passingFlaky.has(d.id));
  // Variants are judged against the signed entries as this run writes them (and those it keeps),
  // and against the dialect entries.
  const signedBaseline: Baseline = {
    dialects: previous?.dialects,
    deviations: [...signed, ...untouched.filter((d) => !d.id.includes('@'))],
  };
  const variants = deviating.filter((c) => c.dialect).map((c) => ({ c, judgement: judgeCase(c, signedBaseline) }));
  const matched = new Set(variants.map(({ judgement }) => judgement.entry));
  // A hand-written entry goes only when its whole dialect ran without needing it.
  const ranWhole = (dialect: string) =>
    run.selection.dialects.includes(dialect) && [...knownIds].every((id) => !id.endsWith(`@${dialect}`) || ran.has(id));
  const dialects = previous?.dialects?.filter((entry) => matched.has(entry) || !ranWhole(entry.dialect));
  return {
    target: previous?.target ?? run.target.name,
    ...(dialects && dialects.length > 0 ? { dialects } : {}),
    deviations: [
      ...signed,
      ...variants.filter(({ judgement }) => judgement.status !== 'known').map(({ c }) => toEntry(c)),
      ...untouched,
    ].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  const header =
    '# Known deviations from Amazon S3 of this target: case id, a one-line reason, and how the case fails\n# (its fingerprint); `dialects` lists the wire dialects the server does not speak, with the answer it gives in them.\n# `s3-conformance run --update-baseline FILE` rewrites it, keeping the reasons written here.\n';
  writeFileSync(path, header + stringify(baseline, { lineWidth: 0 }));
}
