// Known answers: the wire encoders reproduce AWS's published worked examples byte for byte (S3 API
// Reference, "sigv4-streaming" and "sigv4-streaming-trailers": the seed signature, each chunk's
// signature and the trailer's, for the documented key, date and 66 560-byte body), and the
// checksums give their algorithms' check values.
import { describe, expect, test } from 'vitest';
import type { PlannedRequest, TransportOptions } from '../../src/engine/http.ts';
import { awsChunkedLength } from '../../src/engine/wire/aws-chunked.ts';
import { checksumValue, type ChecksumAlgorithm } from '../../src/engine/wire/checksums.ts';
import { streamingEncoding } from '../../src/engine/wire/streaming.ts';

const documented: TransportOptions = {
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  timeoutMs: 1000,
  signingDate: new Date('2013-05-24T00:00:00Z'),
};

const body = Buffer.alloc(66_560, 'a');
const exampleRequest = (): PlannedRequest => ({
  method: 'PUT',
  url: new URL('https://s3.amazonaws.com/examplebucket/chunkObject.txt'),
  headers: [['x-amz-storage-class', 'REDUCED_REDUNDANCY']],
  body,
});

const header = (headers: [string, string][], name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

/** The documented body: 64 KiB and 1 KiB of "a", the empty final chunk, then what follows it. */
function documentedBody(signatures: [string, string, string], tail: string): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    body.subarray(0, 65_536),
    Buffer.from(`\r\n400;chunk-signature=${signatures[1]}\r\n`),
    body.subarray(65_536),
    Buffer.from(`\r\n0;chunk-signature=${signatures[2]}\r\n${tail}\r\n`),
  ]);
}

describe('streaming SigV4 (S3 API Reference, sigv4-streaming)', () => {
  test('the example PUT: seed signature, three chunk signatures and Content-Length 66824', async () => {
    const encode = streamingEncoding({ payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', length: 'content-length' });
    const wire = await encode(exampleRequest(), documented);
    expect(header(wire.headers, 'authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class, ' +
        'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    );
    expect(header(wire.headers, 'content-length')).toBe('66824');
    expect(header(wire.headers, 'x-amz-decoded-content-length')).toBe('66560');
    const expected = documentedBody(
      [
        'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
        '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
        'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
      ],
      '',
    );
    expect(wire.body.length).toBe(66_824);
    expect(wire.body.equals(expected)).toBe(true);
  });

  test('the trailer example: seed, chunk signatures, the crc32c trailer and its signature', async () => {
    const encode = streamingEncoding({
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      trailer: 'crc32c',
      length: 'chunked-transfer',
    });
    const wire = await encode(exampleRequest(), documented);
    expect(header(wire.headers, 'authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer, ' +
        'Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
    );
    expect(header(wire.headers, 'transfer-encoding')).toBe('chunked');
    expect(header(wire.headers, 'content-length')).toBeUndefined();
    const expected = documentedBody(
      [
        'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
        '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
        '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
      ],
      'x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n',
    );
    expect(wire.body.toString('latin1')).toBe(expected.toString('latin1'));
  });

  test('an unsigned trailer upload: sizes only, the checksum after the final chunk, the length announced matches', async () => {
    const encode = streamingEncoding({ payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', trailer: 'crc32c', length: 'content-length' });
    const wire = await encode(exampleRequest(), documented);
    const expected = Buffer.concat([
      Buffer.from('10000\r\n'),
      body.subarray(0, 65_536),
      Buffer.from('\r\n400\r\n'),
      body.subarray(65_536),
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32c:sOO8/Q==\r\n\r\n'),
    ]);
    expect(wire.body.equals(expected)).toBe(true);
    expect(header(wire.headers, 'content-length')).toBe(String(expected.length));
    expect(header(wire.headers, 'x-amz-content-sha256')).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  });

  test('the encoded length of an empty body is the final chunk and the empty line', () => {
    expect(awsChunkedLength(0, { chunkSize: 65_536, signed: false })).toBe('0\r\n\r\n'.length);
    expect(awsChunkedLength(0, { chunkSize: 65_536, signed: true })).toBe(`0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`.length);
  });
});

describe('checksums: the check values of "123456789"', () => {
  // CRC catalogue check values (CRC-32/ISO-HDLC cbf43926, CRC-32/ISCSI e3069283,
  // CRC-64/NVME ae8b14860a799888) and the FIPS 180 digests of the same string.
  const checks: [ChecksumAlgorithm, string][] = [
    ['crc32', 'cbf43926'],
    ['crc32c', 'e3069283'],
    ['crc64nvme', 'ae8b14860a799888'],
    ['sha1', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['sha256', '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225'],
  ];
  for (const [algorithm, hex] of checks) {
    test(algorithm, async () => {
      expect(Buffer.from(await checksumValue(algorithm, Buffer.from('123456789')), 'base64').toString('hex')).toBe(hex);
    });
  }
});
