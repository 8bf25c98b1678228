// Which cases a run or a listing takes: by area, tag and a regular expression on id or title.
import type { ValidatedCase } from '../case/schema.ts';
import { UsageError } from '../targets/resolve.ts';

export interface CaseFilter {
  area?: string[];
  tag?: string[];
  grep?: string;
}

export function selectCases(cases: ValidatedCase[], filter: CaseFilter): ValidatedCase[] {
  let pattern: RegExp | undefined;
  try {
    pattern = filter.grep === undefined ? undefined : new RegExp(filter.grep);
  } catch {
    throw new UsageError(`--grep: "${filter.grep}" is not a regular expression`);
  }
  const knownAreas = new Set(cases.map((c) => c.area));
  for (const area of filter.area ?? []) {
    if (!knownAreas.has(area)) throw new UsageError(`--area ${area}: no such area (known: ${[...knownAreas].sort().join(', ')})`);
  }
  return cases.filter(
    (c) =>
      (!filter.area?.length || filter.area.includes(c.area)) &&
      (!filter.tag?.length || filter.tag.some((tag) => c.tags.includes(tag))) &&
      (!pattern || pattern.test(c.id) || pattern.test(c.title)),
  );
}
