// Helpers for the engine's tests: cases written inline as YAML go through the real loader, and
// run through the real engine against a real server.
import { expect, inject } from 'vitest';
import { loadCaseFile } from '../../src/case/loader.ts';
import type { ValidatedCase } from '../../src/case/schema.ts';
import { createBucketClient } from '../../src/engine/buckets.ts';
import { type DialectCase, runCase } from '../../src/engine/run-case.ts';
import type { Verdict } from '../../src/engine/verdict.ts';
import type { Target } from '../../src/engine/target.ts';

export function caseFromYaml(yaml: string): ValidatedCase {
  const { cases, problems } = loadCaseFile('inline.yaml', `area: selftest\ncases:\n${yaml.replace(/^/gm, '  ')}`);
  expect(problems).toEqual([]);
  return cases[0]!;
}

/** The case's verdict against the target, in the wire dialect it names (signed unless it names one). */
export async function verdictOn(target: Target, testCase: ValidatedCase | DialectCase, runPrefix = 's3c-selftest'): Promise<Verdict> {
  return runCase(testCase, {
    target,
    client: createBucketClient(target, 10_000),
    runPrefix,
    requestTimeoutMs: 10_000,
    checksums: 'when-required',
  });
}

/** The targets the tests run against; MinIO is missing only outside CI, and then says why. */
export function realTargets(): { name: string; target: Target | null; unavailable: string | null }[] {
  return [
    { name: 'embedded', target: inject('embeddedTarget'), unavailable: null },
    { name: 'minio', target: inject('minioTarget'), unavailable: inject('minioUnavailable') },
  ];
}
