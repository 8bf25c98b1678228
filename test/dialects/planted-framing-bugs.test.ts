// Self-tests that can fail: a proxy in front of MinIO plays a server that misreads aws-chunked
// bodies, and every body-encoding dialect's case must fail on it, on the object's bytes alone
// (the case's own expectation, a 200 to the PUT, is met), or one that ignores the trailer, and a
// wrong trailing checksum is no longer refused. The honest proxy passes the same cases.
import { describe, expect, inject, test } from 'vitest';
import { DIALECTS } from '../../src/engine/wire/dialects.ts';
import { decodeAwsChunked, isAwsChunked, type DecodedBody } from '../support/aws-chunked.ts';
import { caseFromYaml } from '../support/cases.ts';
import { behindFaultProxy } from '../support/dialects.ts';

const minio = inject('minioTarget');

const putOnly = caseFromYaml(`
- id: selftest.dialect.put-only
  title: PutObject of two chunks succeeds
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html]
  when: { op: PutObject, key: doc, body: { pattern: { from: 0, length: 100000 } } }
  then: { status: 200 }
`);

const multipartOnly = caseFromYaml(`
- id: selftest.dialect.multipart-only
  title: A multipart upload of two streamed parts completes
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html]
  requires: [multipart, large-objects]
  given:
    - { op: CreateMultipartUpload, key: doc, capture: { uploadId: "xml:InitiateMultipartUploadResult.UploadId" } }
    - { op: UploadPart, key: doc, uploadId: "\${uploadId}", partNumber: 1, body: { pattern: { from: 0, length: 5242880 } }, capture: { etag1: "header:ETag" } }
    - { op: UploadPart, key: doc, uploadId: "\${uploadId}", partNumber: 2, body: { pattern: { from: 9, length: 100000 } }, capture: { etag2: "header:ETag" } }
  when: { op: CompleteMultipartUpload, key: doc, uploadId: "\${uploadId}", parts: [{ partNumber: 1, etag: "\${etag1}" }, { partNumber: 2, etag: "\${etag2}" }] }
  then: { status: 200 }
`);

const wrongTrailer = caseFromYaml(`
- id: selftest.dialect.wrong-trailer
  title: PutObject with a trailing checksum of other bytes is refused with 400
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html]
  when: { op: PutObject, key: doc, body: { pattern: { from: 0, length: 100000 } }, tamper: trailer-checksum }
  then: { status: 400 }
`);

/** What a server with the bug stores of a decoded aws-chunked body. */
const PLANTED_BUGS: { bug: string; stores: (decoded: DecodedBody) => Buffer }[] = [
  { bug: 'drops the last data chunk', stores: ({ chunks }) => Buffer.concat(chunks.slice(0, -1).map((c) => c.data)) },
  {
    bug: 'stores the first chunk line (with its chunk-signature) in the object',
    stores: ({ chunks }) => Buffer.concat([Buffer.from(`${chunks[0]!.line}\r\n`), ...chunks.map((c) => c.data)]),
  },
  {
    bug: 'stores the trailer lines after the data',
    stores: ({ chunks, trailerLines }) =>
      Buffer.concat([...chunks.map((c) => c.data), Buffer.from(trailerLines.map((l) => `${l}\r\n`).join(''))]),
  },
];

const bodyEncoding = DIALECTS.filter((d) => d.encodesBody).map((d) => d.name);

describe.skipIf(minio === null)('planted framing bugs behind a proxy in front of MinIO', () => {
  const server = behindFaultProxy(() => minio!, 's3c-framing');
  const run = (dialect: string, testCase = putOnly) => server.runInDialect(testCase, dialect);

  test('the body-encoding dialects are the streaming ones', () => {
    expect(bodyEncoding).toEqual(DIALECTS.filter((d) => d.name.startsWith('streaming-')).map((d) => d.name));
  });

  for (const dialect of bodyEncoding) {
    test(`${dialect}: the honest proxy passes; each planted bug fails on the stored bytes`, async () => {
      server.proxy.setStoringFault(undefined);
      const honest = await run(dialect);
      expect(honest.outcome, honest.reason).toBe('pass');
      for (const { bug, stores } of PLANTED_BUGS) {
        let planted = false;
        server.proxy.setStoringFault((request, body) => {
          if (!isAwsChunked(request.headers)) return undefined;
          const decoded = decodeAwsChunked(body);
          if (bug.includes('trailer') && decoded.trailerLines.length === 0) return undefined;
          planted = true;
          return stores(decoded);
        });
        const verdict = await run(dialect);
        if (!planted) continue; // a trailer bug in a dialect without a trailer
        expect(verdict.outcome, `${bug}: ${verdict.reason}`).toBe('fail');
        expect(verdict.mismatches?.[0]?.what).toBe(`stored object (GET after the ${dialect} PutObject)`);
      }
      server.proxy.setStoringFault(undefined);
    });
  }

  test('streaming-signed: a server that drops the last chunk of an UploadPart fails the completed object; the honest proxy passes it', async () => {
    server.proxy.setStoringFault(undefined);
    const honest = await run('streaming-signed', multipartOnly);
    expect(honest.outcome, honest.reason).toBe('pass');
    server.proxy.setStoringFault((request, body) =>
      isAwsChunked(request.headers) && request.url.includes('partNumber=2')
        ? Buffer.concat(
            decodeAwsChunked(body)
              .chunks.slice(0, -1)
              .map((c) => c.data),
          )
        : undefined,
    );
    const dropped = await run('streaming-signed', multipartOnly);
    server.proxy.setStoringFault(undefined);
    expect(dropped.outcome, dropped.reason).toBe('fail');
    expect(dropped.mismatches?.[0]?.what).toBe('stored object (GET after the streaming-signed UploadParts, completed)');
  });

  const trailerDialects = DIALECTS.filter((d) => d.tamperings.includes('trailer-checksum')).map((d) => d.name);
  test('the trailer dialects are the eleven -TRAILER forms', () => {
    expect(trailerDialects).toHaveLength(11);
  });
  for (const dialect of trailerDialects) {
    test(`${dialect}: a wrong trailing checksum is refused behind the honest proxy, stored by one that ignores the trailer`, async () => {
      server.proxy.setStoringFault(undefined);
      const honest = await run(dialect, wrongTrailer);
      expect(honest.outcome, honest.reason).toBe('pass');
      server.proxy.setStoringFault((request, body) =>
        isAwsChunked(request.headers) ? Buffer.concat(decodeAwsChunked(body).chunks.map((c) => c.data)) : undefined,
      );
      const ignoring = await run(dialect, wrongTrailer);
      server.proxy.setStoringFault(undefined);
      expect(ignoring).toMatchObject({ outcome: 'fail', reason: 'status: expected 400, observed 200' });
      // The failure shows the request as it went on the wire, its signature redacted.
      expect(ignoring.exchange?.request.headers).toEqual(
        expect.arrayContaining([
          ['x-amz-trailer', expect.stringMatching(/^x-amz-checksum-/)],
          ['authorization', '[redacted]'],
        ]),
      );
    });
  }
});
