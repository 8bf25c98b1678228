// Bundled cases can fail: for each area, a real case that MinIO passes runs again through a proxy
// that breaks exactly the behaviour the case checks, and the verdict must be `fail`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCases } from '../src/case/loader.ts';
import { DIALECT_NAMES } from '../src/engine/wire/dialects.ts';
import { casesInDialects } from '../src/runner/dialect-cases.ts';
import { readProfile } from '../src/targets/resolve.ts';
import { startTarget, type RunningTarget } from '../src/targets/start.ts';
import { startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest, type ProxiedResponse } from './support/fault-proxy.ts';
import { verdictOn } from './support/cases.ts';

// Every bundled case in every wire dialect: a wire case is judged in the dialect it tampers with.
const bundled = new Map(casesInDialects(loadCases([`${import.meta.dirname}/../suites`]), DIALECT_NAMES).map((c) => [c.id, c]));

/** Alters only the judged request's response. */
const onRequests =
  (match: (request: ProxiedRequest) => boolean, alter: (response: ProxiedResponse) => ProxiedResponse): Fault =>
  (request, response) => ({
    kind: 'respond',
    response: match(request) ? alter(response) : response,
  });
const withoutHeader = (name: string) => (response: ProxiedResponse) => ({
  ...response,
  headers: Object.fromEntries(Object.entries(response.headers).filter(([n]) => n !== name)),
});
const errorBody = (status: number, code: string) => (response: ProxiedResponse) => ({
  ...response,
  status,
  body: Buffer.from(`<Error><Code>${code}</Code><Message>injected</Message></Error>`),
});

const breakers: Record<string, { caseId: string; fault: Fault }> = {
  // A server that ignores If-Match would answer 200.
  conditional: {
    caseId: 'conditional.get.if-match.mismatch',
    fault: onRequests(
      (r) => 'if-match' in r.headers,
      (r) => ({ ...r, status: 200, body: Buffer.from('hello world') }),
    ),
  },
  // An off-by-one range end.
  range: {
    caseId: 'range.get.first-last',
    fault: onRequests(
      (r) => 'range' in r.headers,
      (r) => ({ ...r, headers: { ...r.headers, 'content-range': 'bytes 0-5/26' }, body: Buffer.from('abcdef') }),
    ),
  },
  // A delete that makes no marker.
  'delete-markers': {
    caseId: 'delete-markers.delete.versioned.creates-marker',
    fault: onRequests((r) => r.method === 'DELETE' && r.url.endsWith('/doc'), withoutHeader('x-amz-delete-marker')),
  },
  // An SSE-C read that does not say how it decrypted.
  'sse-c': {
    caseId: 'sse-c.get.right-key',
    fault: onRequests(
      (r) => r.method === 'GET' && 'x-amz-server-side-encryption-customer-key' in r.headers,
      withoutHeader('x-amz-server-side-encryption-customer-algorithm'),
    ),
  },
  // A server that refuses the right owner.
  'expected-owner': {
    caseId: 'expected-owner.list-objects-v2.match',
    fault: onRequests((r) => 'x-amz-expected-bucket-owner' in r.headers, errorBody(403, 'AccessDenied')),
  },
  // A part accepted with an upload id of another bucket.
  'no-such-upload': {
    caseId: 'no-such-upload.upload-part.other-bucket',
    fault: onRequests(
      (r) => r.method === 'PUT' && r.url.includes('partNumber='),
      (r) => ({ ...r, status: 200, headers: { ...r.headers, etag: '"x"' }, body: Buffer.alloc(0) }),
    ),
  },
  // The wrong 400.
  'invalid-request': {
    caseId: 'invalid-request.get-object.range-with-part-number',
    fault: onRequests((r) => r.method === 'GET' && r.url.includes('partNumber='), errorBody(400, 'InvalidArgument')),
  },
  // A PUT that does not say which checksum it stored.
  checksums: {
    caseId: 'checksums.put-object.crc32.right-value',
    fault: onRequests((r) => r.method === 'PUT' && 'x-amz-checksum-crc32' in r.headers, withoutHeader('x-amz-checksum-crc32')),
  },
  // A listing that decodes a "+" in a key as a space.
  keys: {
    caseId: 'keys.list-objects-v2.plus',
    fault: onRequests(
      (r) => r.method === 'GET' && r.url.includes('list-type=2'),
      (r) => ({ ...r, body: Buffer.from(r.body.toString().replace('<Key>a+b</Key>', '<Key>a b</Key>')) }),
    ),
  },
  // A server that takes a chunk whose signature is wrong.
  wire: {
    caseId: 'wire.streaming.chunk-signature-tampered@streaming-signed',
    fault: onRequests(
      (r) => r.method === 'PUT' && r.headers['x-amz-content-sha256'] === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      (r) => ({ ...r, status: 200, body: Buffer.alloc(0) }),
    ),
  },
  // A CopyPartResult without its ETag.
  'upload-part-copy': {
    caseId: 'upload-part-copy.whole-source.etag',
    fault: onRequests(
      (r) => 'x-amz-copy-source' in r.headers,
      (r) => ({ ...r, body: Buffer.from(r.body.toString().replace(/<ETag>[^<]*<\/ETag>/, '')) }),
    ),
  },
};

describe('a bundled case of every area fails against a server that breaks it', () => {
  let minio: RunningTarget;
  let proxy: FaultProxy;
  beforeAll(async () => {
    // MinIO as a user runs it (TLS, versioning, SSE-C, a second user), behind the proxy.
    minio = await startTarget(readProfile(`${import.meta.dirname}/../fixtures/targets/minio.yaml`));
    proxy = await startFaultProxy(minio.target);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await minio?.stop();
  });

  test('every area has a breaker', () => {
    expect(Object.keys(breakers).sort()).toEqual([...new Set([...bundled.values()].map((c) => c.area))].sort());
  });

  for (const [area, { caseId, fault }] of Object.entries(breakers)) {
    test(`${area}: ${caseId}`, async () => {
      const testCase = bundled.get(caseId);
      expect(testCase, `no bundled case ${caseId}`).toBeDefined();
      // Through an honest proxy it passes: the failure below is the fault's doing.
      proxy.setFault((_request, response) => ({ kind: 'respond', response }));
      const honest = await verdictOn(proxy.target, testCase!);
      expect(honest.outcome, honest.reason).toBe('pass');
      proxy.setFault(fault);
      const broken = await verdictOn(proxy.target, testCase!);
      expect(broken.outcome, broken.reason).toBe('fail');
    });
  }
});
