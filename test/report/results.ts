// Result models built by hand for the report modules' unit tests: the shapes a run writes, with
// only the fields a test is about filled in.
import type { ValidatedCase } from '../../src/case/schema.ts';
import type { Mismatch } from '../../src/engine/verdict.ts';
import { countOutcomes, RESULT_SCHEMA_VERSION, type CaseResult, type RunResult } from '../../src/report/model.ts';
import { describeSelection } from '../../src/report/selection.ts';

export function caseResult(id: string, fields: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    area: id.split('.')[0]!,
    title: `the case ${id}`,
    tags: [],
    refs: [],
    source: 'cases.yaml:1',
    outcome: 'pass',
    durationMs: 1,
    ...fields,
  };
}

export const statusMismatch = (expected: string, observed: string): Mismatch => ({ what: 'status', expected, observed });
export const errorMismatch = (expected: string, observed: string): Mismatch => ({ what: 'error', expected, observed });

/** A failure as the engine reports one: the first mismatch is the reason. */
export function failure(id: string, mismatches: Mismatch[]): CaseResult {
  const [first] = mismatches;
  return caseResult(id, {
    outcome: 'fail',
    reason: first && `${first.what}: expected ${first.expected}, observed ${first.observed}`,
    mismatches,
  });
}

/** A definition with nothing but what selection and hashing look at. */
export function definition(id: string, body = ''): ValidatedCase {
  return {
    id,
    area: id.split('.')[0]!,
    title: `the case ${id}${body}`,
    tags: [],
    refs: [],
    source: { file: 'cases.yaml', line: 1 },
  } as unknown as ValidatedCase;
}

export function runResult(cases: CaseResult[], fields: Partial<RunResult> = {}): RunResult {
  const all = cases.map((c) => definition(c.id));
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    suiteVersion: '0.0.0+test',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    target: { name: 'minio', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', capabilities: [] },
    summary: countOutcomes(cases),
    selection: describeSelection({ all, chosen: all, taken: all, suiteVersion: '0.0.0+test' }),
    cases,
    ...fields,
  };
}
