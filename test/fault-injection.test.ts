// Fault injection: a proxy in front of a real MinIO breaks the judged response in more than
// twenty ways. Each affected case must come out `fail` or `error` (never `pass`), the engine
// must not hang, and clean-up must still leave nothing behind.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadCases } from '../src/case/loader.ts';
import type { ValidatedCase } from '../src/case/schema.ts';
import { createBucketClient } from '../src/engine/buckets.ts';
import { sdkClient } from './support/sdk.ts';
import { runCase } from '../src/engine/run-case.ts';
import type { Outcome } from '../src/engine/verdict.ts';
import { caseFromYaml } from './support/cases.ts';
import { startFaultProxy, type FaultAction, type FaultProxy, type ProxiedRequest, type ProxiedResponse } from './support/fault-proxy.ts';

const minio = inject('minioTarget');
const bundled = new Map(loadCases([`${import.meta.dirname}/../suites`]).map((c) => [c.id, c]));
const bundledCase = (id: string) => {
  const found = bundled.get(id);
  if (!found) throw new Error(`no bundled case ${id}`);
  return found;
};

const deleteMarkerCase = caseFromYaml(`
- id: selftest.delete-marker.get
  title: GET of a key whose latest version is a delete marker
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html]
  requires: [versioning]
  given:
    - { op: PutBucketVersioning, versioning: Enabled }
    - { op: PutObject, key: doc, body: hello }
    - { op: DeleteObject, key: doc, capture: { markerId: "header:x-amz-version-id" } }
  when: { op: GetObject, key: doc }
  then:
    status: 404
    error: NoSuchKey
    headers: { x-amz-delete-marker: "true", x-amz-version-id: "\${markerId}" }
`);

const versionedPutCase = caseFromYaml(`
- id: selftest.versioned-put
  title: PutObject in a versioned bucket returns a version id
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  requires: [versioning]
  given:
    - { op: PutBucketVersioning, versioning: Enabled }
  when: { op: PutObject, key: doc, body: hello }
  then:
    status: 200
    headers: { x-amz-version-id: { matches: "^[A-Za-z0-9._-]{1,}$" } }
`);

type Alter = (response: ProxiedResponse) => FaultAction;
const respond = (response: ProxiedResponse): FaultAction => ({ kind: 'respond', response });
const withHeaders = (response: ProxiedResponse, change: (headers: Record<string, string>) => void): FaultAction => {
  const headers = { ...response.headers };
  change(headers);
  return respond({ ...response, headers });
};
const xmlError = (code: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected</Message></Error>`);

/** Which request a fault hits: the case's judged one, told apart by method, path and headers. */
type Match = (request: ProxiedRequest) => boolean;
const rangedGet: Match = (r) => r.method === 'GET' && 'range' in r.headers;
const conditionalGet: Match = (r) => r.method === 'GET' && ('if-match' in r.headers || 'if-none-match' in r.headers);
const plainGetOfDoc: Match = (r) => r.method === 'GET' && /\/doc$/.test(r.url);
const putOfDoc: Match = (r) => r.method === 'PUT' && /\/doc$/.test(r.url);
const putOfLetters: Match = (r) => r.method === 'PUT' && /\/letters$/.test(r.url);

interface FaultCase {
  fault: string;
  testCase: () => ValidatedCase;
  match: Match;
  alter: Alter;
  /** The outcomes this fault may produce; never pass. */
  outcomes: Outcome[];
}

const FAIL: Outcome[] = ['fail'];
const ERROR: Outcome[] = ['error'];

const faults: FaultCase[] = [
  {
    fault: 'connection dropped before the response',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: () => ({ kind: 'reset' }),
    outcomes: ERROR,
  },
  {
    fault: 'response delayed past the request timeout',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => ({ kind: 'delay', ms: 2500, response: r }),
    outcomes: ERROR,
  },
  {
    fault: 'body truncated below its Content-Length',
    testCase: () => bundledCase('range.get.large-object-middle'),
    match: rangedGet,
    alter: (r) => ({ kind: 'truncate', response: r, keepBytes: 1000 }),
    outcomes: ERROR,
  },
  {
    fault: 'status 500 instead of 206',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => respond({ ...r, status: 500, body: xmlError('InternalError') }),
    outcomes: FAIL,
  },
  {
    fault: 'status 503 SlowDown instead of 412',
    testCase: () => bundledCase('conditional.get.if-match.mismatch'),
    match: conditionalGet,
    alter: (r) => respond({ ...r, status: 503, body: xmlError('SlowDown') }),
    outcomes: FAIL,
  },
  {
    fault: 'status 200 instead of 206',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => respond({ ...r, status: 200 }),
    outcomes: FAIL,
  },
  {
    fault: 'status 404 instead of 412',
    testCase: () => bundledCase('conditional.get.if-match.mismatch'),
    match: conditionalGet,
    alter: (r) => respond({ ...r, status: 404 }),
    outcomes: FAIL,
  },
  {
    fault: 'status 304 instead of 200',
    testCase: () => bundledCase('conditional.get.if-none-match.mismatch'),
    match: conditionalGet,
    alter: (r) => respond({ ...r, status: 304, body: Buffer.alloc(0) }),
    outcomes: FAIL,
  },
  {
    fault: 'wrong error code',
    testCase: () => bundledCase('conditional.get.if-match.mismatch'),
    match: conditionalGet,
    alter: (r) => respond({ ...r, body: xmlError('InvalidRequest') }),
    outcomes: FAIL,
  },
  {
    fault: 'error body that is not XML',
    testCase: () => bundledCase('conditional.get.if-match.mismatch'),
    match: conditionalGet,
    alter: (r) => respond({ ...r, body: Buffer.from('<Error><Code>Precondition') }),
    outcomes: FAIL,
  },
  {
    fault: 'error body missing',
    testCase: () => bundledCase('range.get.start-at-size'),
    match: rangedGet,
    alter: (r) => respond({ ...r, body: Buffer.alloc(0) }),
    outcomes: FAIL,
  },
  {
    fault: 'Content-Range missing',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => withHeaders(r, (h) => delete h['content-range']),
    outcomes: FAIL,
  },
  {
    fault: 'Content-Range off by one',
    testCase: () => bundledCase('range.get.suffix'),
    match: rangedGet,
    alter: (r) => withHeaders(r, (h) => (h['content-range'] = 'bytes 22-25/26')),
    outcomes: FAIL,
  },
  {
    fault: 'Accept-Ranges missing',
    testCase: () => bundledCase('range.get.accept-ranges'),
    match: rangedGet,
    alter: (r) => withHeaders(r, (h) => delete h['accept-ranges']),
    outcomes: FAIL,
  },
  {
    fault: 'ETag missing',
    testCase: () => bundledCase('conditional.get.if-match.match'),
    match: conditionalGet,
    alter: (r) => withHeaders(r, (h) => delete h.etag),
    outcomes: FAIL,
  },
  {
    fault: 'ETag altered',
    testCase: () => bundledCase('conditional.get.if-match.match'),
    match: conditionalGet,
    alter: (r) => withHeaders(r, (h) => (h.etag = '"00000000000000000000000000000000"')),
    outcomes: FAIL,
  },
  {
    fault: 'x-amz-delete-marker missing',
    testCase: () => deleteMarkerCase,
    match: plainGetOfDoc,
    alter: (r) => withHeaders(r, (h) => delete h['x-amz-delete-marker']),
    outcomes: FAIL,
  },
  {
    fault: 'x-amz-delete-marker false',
    testCase: () => deleteMarkerCase,
    match: plainGetOfDoc,
    alter: (r) => withHeaders(r, (h) => (h['x-amz-delete-marker'] = 'false')),
    outcomes: FAIL,
  },
  {
    fault: 'x-amz-version-id altered',
    testCase: () => deleteMarkerCase,
    match: plainGetOfDoc,
    alter: (r) => withHeaders(r, (h) => (h['x-amz-version-id'] = 'not-the-marker')),
    outcomes: FAIL,
  },
  {
    fault: 'x-amz-version-id missing',
    testCase: () => versionedPutCase,
    match: putOfDoc,
    alter: (r) => withHeaders(r, (h) => delete h['x-amz-version-id']),
    outcomes: FAIL,
  },
  {
    fault: 'body byte altered',
    testCase: () => bundledCase('range.get.large-object-middle'),
    match: rangedGet,
    alter: (r) => respond({ ...r, body: Buffer.from(r.body.map((b, i) => (i === 4096 ? b ^ 1 : b))) }),
    outcomes: FAIL,
  },
  {
    fault: 'body one byte short, length consistent',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => respond({ ...r, body: r.body.subarray(0, r.body.length - 1) }),
    outcomes: FAIL,
  },
  {
    fault: 'extra bytes after the body',
    testCase: () => bundledCase('range.get.first-last'),
    match: rangedGet,
    alter: (r) => respond({ ...r, body: Buffer.concat([r.body, Buffer.from('xyz')]) }),
    outcomes: FAIL,
  },
  {
    fault: 'set-up step answered 500',
    testCase: () => bundledCase('range.get.first-last'),
    match: putOfLetters,
    alter: (r) => respond({ ...r, status: 500, body: xmlError('InternalError') }),
    outcomes: ERROR,
  },
  {
    fault: 'set-up step connection dropped',
    testCase: () => bundledCase('range.get.first-last'),
    match: putOfLetters,
    alter: () => ({ kind: 'reset' }),
    outcomes: ERROR,
  },
];

describe.skipIf(minio === null)('fault injection against MinIO', () => {
  let proxy: FaultProxy;
  const runPrefix = `s3c-faults${Date.now().toString(36)}`;
  const client = minio ? sdkClient(minio) : undefined;
  const proxiedClient = () => createBucketClient(proxy.target, 10_000);

  beforeAll(async () => {
    proxy = await startFaultProxy(minio!);
  });
  afterAll(async () => {
    await proxy.close();
    client?.destroy();
  });

  test('at least twenty kinds of fault are injected', () => {
    expect(new Set(faults.map((f) => f.fault)).size).toBeGreaterThanOrEqual(20);
  });

  test('every case used here passes through the proxy when it injects nothing', async () => {
    const setupClient = proxiedClient();
    for (const testCase of new Set(faults.map((f) => f.testCase()))) {
      const verdict = await runCase(testCase, {
        target: proxy.target,
        client: setupClient,
        runPrefix,
        requestTimeoutMs: 5000,
        checksums: 'when-required',
      });
      expect(verdict.outcome, `${testCase.id}: ${verdict.reason}`).toBe('pass');
    }
  });

  for (const { fault, testCase, match, alter, outcomes } of faults) {
    test(`${fault}: ${outcomes.join(' or ')}, never pass`, async () => {
      proxy.setFault((request, response) => (match(request) ? alter(response) : respond(response)));
      const setupClient = proxiedClient();
      // A hang is caught by the test's timeout, not by a wall-clock bound a loaded machine breaks.
      try {
        const verdict = await runCase(testCase(), {
          target: proxy.target,
          client: setupClient,
          runPrefix,
          requestTimeoutMs: 1500,
          checksums: 'when-required',
        });
        expect(outcomes, `${verdict.outcome}: ${verdict.reason}`).toContain(verdict.outcome);
      } finally {
        proxy.setFault((_request, response) => respond(response));
      }
    });
  }

  test('clean-up left nothing behind on the server', async () => {
    const { Buckets = [] } = await client!.send(new ListBucketsCommand({}));
    expect(Buckets.map((b) => b.Name).filter((name) => name?.startsWith(runPrefix))).toEqual([]);
  });
});
