// Which cases a run or a listing takes: by area, tag and a regular expression on id or title.
import type { ValidatedCase } from '../case/schema.ts';
import { UsageError } from '../targets/resolve.ts';

export interface CaseFilter {
  area?: string[];
  tag?: string[];
  grep?: string;
  /** This job's part of the cases, `{ index: 2, count: 4 }` for `--shard 2/4`. */
  shard?: { index: number; count: number };
}

/**
 * `--shard i/n`. vitest shards by test file, and the suite is one test file by design (one worker,
 * started once), so the cases are split here instead: by id order, every n-th case from the i-th.
 */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard: "${value}" is not i/n with 1 <= i <= n`);
  return { index, count };
}

export function selectCases(cases: ValidatedCase[], filter: CaseFilter): ValidatedCase[] {
  let pattern: RegExp | undefined;
  try {
    pattern = filter.grep === undefined ? undefined : new RegExp(filter.grep);
  } catch {
    throw new UsageError(`--grep: "${filter.grep}" is not a regular expression`);
  }
  const knownAreas = new Set(cases.flatMap((c) => c.areas));
  for (const area of filter.area ?? []) {
    if (!knownAreas.has(area)) throw new UsageError(`--area ${area}: no such area (known: ${[...knownAreas].sort().join(', ')})`);
  }
  const selected = cases.filter(
    (c) =>
      (!filter.area?.length || filter.area.some((area) => c.areas.includes(area))) &&
      (!filter.tag?.length || filter.tag.some((tag) => c.tags.includes(tag))) &&
      (!pattern || pattern.test(c.id) || pattern.test(c.title)),
  );
  const { shard } = filter;
  if (!shard) return selected;
  const inShard = new Set([...selected].sort((a, b) => a.id.localeCompare(b.id)).filter((_, i) => i % shard.count === shard.index - 1));
  return selected.filter((c) => inShard.has(c));
}
