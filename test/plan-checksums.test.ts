// The checksum parameters of a planned request: a CompleteMultipartUpload part's checksums go into
// its XML, and a checksum header stands in for the Content-MD5 the engine adds where S3 wants an
// integrity header (DeleteObjects), as current SDKs send a CRC32 there instead.
import { describe, expect, test } from 'vitest';
import type { RequestSpec } from '../src/case/schema.ts';
import { planRequest, type PlanContext } from '../src/engine/plan.ts';
import type { Target } from '../src/engine/target.ts';

const context: PlanContext = {
  target: { name: 'plan-test', endpoint: 'http://127.0.0.1:9', pathStyle: true } as Target,
  buckets: new Map([['main', 'bucket']]),
  values: {} as PlanContext['values'],
  checksums: 'when-required',
};
const header = (spec: RequestSpec, name: string) => planRequest(spec, context).headers.find(([n]) => n.toLowerCase() === name)?.[1];

describe('CompleteMultipartUpload parts', () => {
  test("a part's checksums are elements of its Part, after PartNumber and ETag", () => {
    const spec: RequestSpec = {
      op: 'CompleteMultipartUpload',
      key: 'doc',
      uploadId: 'u',
      parts: [{ partNumber: 1, etag: '"e"', checksums: { CRC32C: 'Pf4upw==', SHA256: 'x=' } }],
    };
    expect(planRequest(spec, context).body.toString()).toContain(
      '<Part><PartNumber>1</PartNumber><ETag>&quot;e&quot;</ETag><ChecksumCRC32C>Pf4upw==</ChecksumCRC32C><ChecksumSHA256>x=</ChecksumSHA256></Part>',
    );
  });

  test('a part without checksums has no checksum element', () => {
    const spec: RequestSpec = { op: 'CompleteMultipartUpload', key: 'doc', uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] };
    expect(planRequest(spec, context).body.toString()).not.toContain('Checksum');
  });
});

describe('the integrity header of DeleteObjects', () => {
  const deleteDoc = (headers?: Record<string, string>): RequestSpec => ({
    op: 'DeleteObjects',
    objects: [{ key: 'doc' }],
    ...(headers ? { headers } : {}),
  });

  test('without one written, the engine adds Content-MD5', () => {
    expect(header(deleteDoc(), 'content-md5')).toBe('Vtl6A7PpUOSzqmb4NcyRQQ==');
  });

  test('a checksum value header replaces it', () => {
    expect(header(deleteDoc({ 'x-amz-checksum-crc32': 'EMYLiQ==' }), 'content-md5')).toBeUndefined();
  });

  test('a header that names no checksum value does not', () => {
    expect(header(deleteDoc({ 'x-amz-checksum-type': 'FULL_OBJECT' }), 'content-md5')).toBe('Vtl6A7PpUOSzqmb4NcyRQQ==');
  });
});
