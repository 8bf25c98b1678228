// Bundled cases can fail: for each area, a real case runs against MinIO through a proxy that
// breaks exactly the behaviour the case checks, and the verdict must be `fail`.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadCases } from '../src/case/loader.ts';
import { startFaultProxy, type Fault, type FaultProxy } from './support/fault-proxy.ts';
import { verdictOn } from './support/cases.ts';

const bundled = new Map(loadCases([`${import.meta.dirname}/../suites`]).map((c) => [c.id, c]));
const minio = inject('minioTarget');

/** Alters only the judged request's response, recognised by a header or query the case sends. */
const onRequestsWith = (match: (method: string, url: string, headers: Record<string, unknown>) => boolean, alter: Fault): Fault => (request, response) =>
  match(request.method, request.url, request.headers) ? alter(request, response) : { kind: 'respond', response };

const breakers: { caseId: string; fault: Fault }[] = [
  {
    // A server that ignores If-Match would answer 200.
    caseId: 'conditional.get.if-match.mismatch',
    fault: onRequestsWith((_m, _u, headers) => 'if-match' in headers, (_r, response) => ({ kind: 'respond', response: { ...response, status: 200, body: Buffer.from('hello world') } })),
  },
  {
    // An off-by-one range end.
    caseId: 'range.get.first-last',
    fault: onRequestsWith((_m, _u, headers) => 'range' in headers, (_r, response) => ({
      kind: 'respond',
      response: { ...response, headers: { ...response.headers, 'content-range': 'bytes 0-5/26' }, body: Buffer.from('abcdef') },
    })),
  },
];

describe.skipIf(minio === null)('bundled cases fail against a server that breaks them', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(minio!);
  });
  afterAll(() => proxy.close());

  for (const { caseId, fault } of breakers) {
    test(caseId, async () => {
      const testCase = bundled.get(caseId);
      expect(testCase, `no bundled case ${caseId}`).toBeDefined();
      proxy.setFault(fault);
      const broken = await verdictOn(proxy.target, testCase!);
      expect(broken.outcome, broken.reason).toBe('fail');
      // The same case through an honest proxy passes: the failure is the fault's doing.
      proxy.setFault((_request, response) => ({ kind: 'respond', response }));
      const honest = await verdictOn(proxy.target, testCase!);
      expect(honest.outcome, honest.reason).toBe('pass');
    });
  }
});
