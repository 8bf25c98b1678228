// The bundled wire cases (suites/wire) against MinIO in every dialect that can run them: the
// refusals MinIO gets right pass (a tampered chunk signature, an expired or altered presigned
// URL, nothing stored after a refused write), and MinIO's known deviations stay what they are.
import { describe, expect, inject, test } from 'vitest';
import { loadCases } from '../../src/case/loader.ts';
import { createBucketClient } from '../../src/engine/buckets.ts';
import { runCase } from '../../src/engine/run-case.ts';
import { DIALECT_NAMES } from '../../src/engine/wire/dialects.ts';
import { casesInDialects } from '../../src/runner/dialect-cases.ts';

const minio = inject('minioTarget');
const wireCases = loadCases([`${import.meta.dirname}/../../suites/wire`]);

/** MinIO's answers where S3's differ, by case (the same in every dialect that runs the case). */
const MINIO_DEVIATIONS: Record<string, RegExp> = {
  'wire.streaming.small-chunk': /^status: expected one of 400, 403, observed 200$/,
  'wire.streaming.final-chunk-missing': /^status: expected 400, observed 200$/,
  'wire.trailer.checksum-wrong': /^error: expected BadDigest, observed XAmzContentChecksumMismatch$/,
  'wire.trailer.missing': /^(error: expected MalformedTrailerError, observed BadRequest|status: expected 400, observed 200)$/,
  'wire.trailer.not-base64': /^error: expected InvalidRequest, observed XAmzContentChecksumMismatch$/,
};

describe.skipIf(minio === null)('wire cases against MinIO', () => {
  test('every wire case runs in some dialect, and each result is a pass or a known MinIO deviation', { timeout: 120_000 }, async () => {
    const client = createBucketClient(minio!, 10_000);
    const runPrefix = `s3c-wire${Date.now().toString(36)}`;
    const unexpected: string[] = [];
    const ran = new Set<string>();
    for (const testCase of casesInDialects(wireCases, DIALECT_NAMES)) {
      const verdict = await runCase(testCase, { target: minio!, client, runPrefix, requestTimeoutMs: 10_000, checksums: 'when-required' });
      const id = testCase.id.replace(/@.*/, '');
      if (verdict.outcome !== 'skip') ran.add(id);
      const known = MINIO_DEVIATIONS[id];
      const expected =
        verdict.outcome === 'pass'
          ? !known
          : verdict.outcome === 'skip' || (verdict.outcome === 'fail' && known?.test(verdict.reason ?? ''));
      if (!expected) unexpected.push(`${testCase.id}: ${verdict.outcome} ${verdict.reason ?? ''}`);
    }
    expect(unexpected).toEqual([]);
    expect([...ran].sort()).toEqual(wireCases.map((c) => c.id).sort());
  });
});
