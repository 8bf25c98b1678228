// What a run took, recorded in its result: the case ids, the dialects, the shard and a hash of the
// suites, so that `merge` can tell whether shards add up to one selection of one suite.
import { createHash } from 'node:crypto';
import type { ValidatedCase } from '../case/schema.ts';
import type { RunSelection } from './model.ts';

export const DEFAULT_DIALECTS = ['signed'];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A hash of ids in id order: two selections of the same cases hash alike. */
export function hashIds(ids: readonly string[]): string {
  return sha256([...ids].sort().join('\n')).slice(0, 16);
}

/**
 * A hash of the case definitions, in id order. Where a case was read from (its `source`) is left
 * out: CI jobs check the suite out in different places.
 */
export function hashCases(cases: readonly ValidatedCase[]): string {
  const definitions = [...cases]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ source: _source, ...definition }) => JSON.stringify(definition));
  return sha256(definitions.join('\n')).slice(0, 16);
}

export interface SelectionInput {
  /** Every case the suites hold. */
  all: readonly ValidatedCase[];
  /** The cases the filters chose, before --shard split them. */
  chosen: readonly ValidatedCase[];
  /** This run's cases: `chosen`, or this shard's part of it. */
  taken: readonly ValidatedCase[];
  shard?: { index: number; count: number };
  suiteVersion: string;
  dialects?: string[];
}

export function describeSelection(input: SelectionInput): RunSelection {
  const chosenIds = input.chosen.map((c) => c.id);
  return {
    caseIds: input.taken.map((c) => c.id).sort(),
    dialects: input.dialects ?? DEFAULT_DIALECTS,
    ...(input.shard ? { shard: { ...input.shard, ofCases: chosenIds.length, ofHash: hashIds(chosenIds) } } : {}),
    suiteVersion: input.suiteVersion,
    casesHash: hashCases(input.all),
  };
}
