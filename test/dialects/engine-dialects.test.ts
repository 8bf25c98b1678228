// Every wire dialect against MinIO: the engine puts a case's requests on the wire in the dialect
// (seen by a proxy in front of the server), leaves alone the requests the dialect does not
// change, skips a case it changes nothing of, and the cases pass as they do signed.
import { describe, expect, inject, test } from 'vitest';
import { DIALECTS, expandDialectNames } from '../../src/engine/wire/dialects.ts';
import { caseFromYaml } from '../support/cases.ts';
import { behindFaultProxy } from '../support/dialects.ts';
import { passThrough, type ProxiedRequest } from '../support/fault-proxy.ts';

const minio = inject('minioTarget');

const cases = {
  roundTrip: caseFromYaml(`
- id: selftest.dialect.round-trip
  title: An object of four 64 KiB chunks reads back across a chunk boundary
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  given:
    - { op: PutObject, key: doc, body: { pattern: { from: 0, length: 200000 } } }
  when: { op: GetObject, key: doc, headers: { Range: "bytes=65530-65545" } }
  then: { status: 206, body: { pattern: { from: 65530, length: 16 } } }
`),
  bigPut: caseFromYaml(`
- id: selftest.dialect.big-put
  title: PutObject of four 64 KiB chunks succeeds
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  when: { op: PutObject, key: doc, body: { pattern: { from: 0, length: 200000 } } }
  then: { status: 200 }
`),
  multipart: caseFromYaml(`
- id: selftest.dialect.multipart
  title: A one-part multipart upload reads back as its part
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html]
  requires: [multipart]
  given:
    - { op: CreateMultipartUpload, key: doc, capture: { uploadId: "xml:InitiateMultipartUploadResult.UploadId" } }
    - { op: UploadPart, key: doc, uploadId: "\${uploadId}", partNumber: 1, body: { pattern: { from: 5, length: 70000 } }, capture: { etag: "header:ETag" } }
    - { op: CompleteMultipartUpload, key: doc, uploadId: "\${uploadId}", parts: [{ partNumber: 1, etag: "\${etag}" }] }
  when: { op: GetObject, key: doc }
  then: { status: 200, body: { pattern: { from: 5, length: 70000 } } }
`),
  emptyPut: caseFromYaml(`
- id: selftest.dialect.empty-put
  title: PutObject of an empty body
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  when: { op: PutObject, key: empty }
  then: { status: 200 }
`),
  conditionalPut: caseFromYaml(`
- id: selftest.dialect.conditional-put
  title: PutObject with If-None-Match "*" on an existing key is 412
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  given:
    - { op: PutObject, key: doc, body: first }
  when: { op: PutObject, key: doc, body: second, headers: { If-None-Match: "*" } }
  then: { status: 412, error: PreconditionFailed }
`),
  tamperedChunk: caseFromYaml(`
- id: selftest.dialect.tampered-chunk
  title: A streaming PutObject whose first chunk signature is wrong is refused with 403
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html]
  when: { op: PutObject, key: doc, body: { pattern: { from: 0, length: 100000 } }, tamper: chunk-signature }
  then: { status: 403, error: SignatureDoesNotMatch }
`),
  listOnly: caseFromYaml(`
- id: selftest.dialect.list-only
  title: ListObjectsV2 of an empty bucket
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html]
  when: { op: ListObjectsV2 }
  then: { status: 200, xml: { ListBucketResult.KeyCount: "0" } }
`),
};

/** What each dialect must show on the wire of a PutObject with a body. */
function expectPutOnTheWire(dialect: string, put: ProxiedRequest, bucketHost: boolean): void {
  const header = (name: string) => put.headers[name];
  if (dialect === 'presigned') {
    expect(put.url).toMatch(/[?&]X-Amz-Signature=[0-9a-f]{64}/);
    expect(header('authorization')).toBeUndefined();
  } else {
    expect(header('authorization')).toMatch(/^AWS4-HMAC-SHA256 /);
  }
  expect(bucketHost, 'bucket in the Host name').toBe(dialect === 'virtual-hosted');
  if (dialect === 'expect-continue') expect(header('expect')).toBe('100-continue');
  else expect(header('expect')).toBeUndefined();
  const streaming = dialect.startsWith('streaming-');
  expect(header('content-encoding') === 'aws-chunked', 'Content-Encoding: aws-chunked').toBe(streaming);
  if (dialect === 'unsigned-payload') expect(header('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');
  if (dialect === 'streaming-signed') expect(header('x-amz-content-sha256')).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
  if (dialect === 'streaming-signed-trailer') expect(header('x-amz-content-sha256')).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER');
  const trailer = /^streaming-unsigned-trailer-(\w+?)(-length)?$/.exec(dialect);
  if (trailer) {
    expect(header('x-amz-content-sha256')).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(header('x-amz-trailer')).toBe(`x-amz-checksum-${trailer[1]}`);
    if (trailer[2]) expect(header('content-length')).toMatch(/^\d+$/);
    else expect([header('transfer-encoding'), header('content-length')]).toEqual(['chunked', undefined]);
  }
  if (streaming) expect(header('x-amz-decoded-content-length')).toBe('200000');
}

describe.skipIf(minio === null)('wire dialects against MinIO', () => {
  const server = behindFaultProxy(() => minio!, 's3c-dialects');
  const run = (testCase: (typeof cases)[keyof typeof cases], dialect: string) => server.runInDialect(testCase, dialect);

  test('`all` names every dialect, the trailer family its ten forms', () => {
    expect(expandDialectNames(['all'])).toEqual(DIALECTS.map((d) => d.name));
    expect(expandDialectNames(['streaming-unsigned-trailer'])).toHaveLength(10);
  });

  for (const { name: dialect, variantOf } of DIALECTS) {
    test(`${dialect}: the PUT goes on the wire in the dialect, the GET signed, and every case passes`, async () => {
      const seen: ProxiedRequest[] = [];
      server.proxy.setFault((request, response) => {
        seen.push(request);
        return passThrough(request, response);
      });
      const bigPut = await run(cases.bigPut, dialect);
      expect(bigPut.outcome, bigPut.reason).toBe('pass');
      const put = seen.find((r) => r.method === 'PUT' && /\/doc(\?|$)/.test(r.url) && r.headers['content-length'] !== '0');
      expect(put, 'the PutObject of 200 000 bytes').toBeDefined();
      expectPutOnTheWire(dialect, put!, /^s3c-dialects[^.]*\.s3\.localhost/.test(String(put!.headers.host)));
      const roundTrip = await run(cases.roundTrip, dialect);
      if (variantOf) {
        // A variant runs where its judged request changes; a GET after a streamed PUT is its original's.
        expect(roundTrip).toEqual({
          outcome: 'skip',
          reason: `dialect ${dialect} varies ${variantOf}: it runs only where the judged request itself changes`,
        });
      } else {
        expect(roundTrip.outcome, roundTrip.reason).toBe('pass');
        const ranged = seen.find((r) => r.method === 'GET' && 'range' in r.headers)!;
        // Only presigned and virtual-hosted change a GET; the others send it as they always do.
        expect('authorization' in ranged.headers).toBe(dialect !== 'presigned');
      }
      for (const testCase of variantOf ? [cases.emptyPut, cases.conditionalPut] : [cases.multipart, cases.emptyPut, cases.conditionalPut]) {
        const verdict = await run(testCase, dialect);
        expect(verdict.outcome, `${testCase.id}: ${verdict.reason}`).toBe('pass');
      }
    });
  }

  test('a case that tampers runs only in the dialects that can tamper so; the signed run skips it', async () => {
    const signed = await run(cases.tamperedChunk, 'signed');
    expect(signed).toEqual({
      outcome: 'skip',
      reason: 'the case tampers (chunk-signature), which dialect signed cannot do; it runs in streaming-signed, streaming-signed-trailer',
    });
    expect((await run(cases.tamperedChunk, 'presigned')).outcome).toBe('skip');
    const streamed = await run(cases.tamperedChunk, 'streaming-signed');
    expect(streamed.outcome, streamed.reason).toBe('pass');
  });

  test('a case the dialect changes nothing of is skipped with the reason; presigned and virtual-hosted still run it', async () => {
    const streamed = await run(cases.listOnly, 'streaming-signed');
    expect(streamed).toMatchObject({
      outcome: 'skip',
      reason: expect.stringMatching(/streaming-signed changes none of this case's requests \(ListObjectsV2 is not streamed/),
    });
    expect((await run(cases.listOnly, 'expect-continue')).outcome).toBe('skip');
    expect((await run(cases.listOnly, 'presigned')).outcome).toBe('pass');
    expect((await run(cases.listOnly, 'virtual-hosted')).outcome).toBe('pass');
  });
});
