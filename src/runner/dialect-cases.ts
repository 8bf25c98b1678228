// Cases × dialects: each case once per wire dialect the run asked for. In the default dialect a
// case keeps its id (and its results and baselines); in another it is `<id>@<dialect>`, its own
// result with its own buckets.
import type { ValidatedCase } from '../case/schema.ts';
import { DEFAULT_DIALECT } from '../engine/wire/dialects.ts';

export type CaseInDialect = ValidatedCase & { dialect?: string };

export function casesInDialects(cases: readonly ValidatedCase[], dialects: readonly string[]): CaseInDialect[] {
  return dialects.flatMap((dialect) =>
    dialect === DEFAULT_DIALECT ? cases : cases.map((c) => ({ ...c, id: `${c.id}@${dialect}`, dialect })),
  );
}
