// Streaming uploads as the SDKs and minio-go send them: the body aws-chunked, its decoded length
// in `x-amz-decoded-content-length`, the payload type in `x-amz-content-sha256`, and optionally a
// trailing checksum announced in `x-amz-trailer`. Signed forms chain a signature through every
// chunk from the request's own signature (the seed). A tampering breaks one part of the form
// on purpose, every other part still consistent (lengths add up, signatures sign what is sent).
import type { Tampering } from '../../case/tamperings.ts';
import { signerFor, signRequest, type WireEncoder } from '../http.ts';
import { awsChunkedLength, DEFAULT_CHUNK_SIZE, encodeAwsChunked, type ChunkedFraming, type Trailer } from './aws-chunked.ts';
import { ChunkSignatureChain, seedSignatureOf } from './chunk-signatures.ts';
import { checksumHeader, checksumValue, type ChecksumAlgorithm } from './checksums.ts';

export type StreamingPayload =
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
  | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';

export interface StreamingForm {
  payload: StreamingPayload;
  /** The checksum sent in the trailer (the `-TRAILER` payloads). */
  trailer?: ChecksumAlgorithm;
  /** A Content-Length of the encoded body, or `Transfer-Encoding: chunked` and none (as botocore sends it). */
  length: 'content-length' | 'chunked-transfer';
  chunkSize?: number;
  /** Also name the algorithm in `x-amz-sdk-checksum-algorithm`, as the SDKs do. */
  announceAlgorithm?: boolean;
  tamper?: Tampering;
}

/** Under S3's minimum of 8 KiB for every chunk but the last. */
const SMALL_CHUNK_SIZE = 4 * 1024;

const headerValue = (headers: [string, string][], name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

/** The trailer as sent: the body's checksum, or a tampered one. */
async function trailerFor(algorithm: ChecksumAlgorithm, body: Buffer, tamper: Tampering | undefined): Promise<Trailer> {
  const name = checksumHeader(algorithm);
  if (tamper === 'trailer-not-base64') return { name, value: 'not*base64!' };
  const checksummed = tamper === 'trailer-checksum' ? Buffer.concat([body, Buffer.from('x')]) : body;
  return { name, value: await checksumValue(algorithm, checksummed) };
}

export function streamingEncoding(form: StreamingForm): WireEncoder {
  const signed = form.payload !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const { tamper } = form;
  return async (request, options) => {
    const trailer = form.trailer && (await trailerFor(form.trailer, request.body, tamper));
    const framing: ChunkedFraming = {
      chunkSize: tamper === 'small-chunk' ? SMALL_CHUNK_SIZE : (form.chunkSize ?? DEFAULT_CHUNK_SIZE),
      signed,
      trailer: tamper === 'trailer-missing' ? undefined : trailer,
    };
    // Without its final chunk the body is short by what an empty body's encoding takes.
    const encodedLength =
      awsChunkedLength(request.body.length, framing) - (tamper === 'final-chunk-missing' ? awsChunkedLength(0, framing) : 0);
    const headers: [string, string][] = [
      ...request.headers,
      ['Content-Encoding', 'aws-chunked'],
      ['x-amz-content-sha256', form.payload],
      ['x-amz-decoded-content-length', String(request.body.length + (tamper === 'decoded-length-long' ? 1 : 0))],
      ...(trailer ? ([['x-amz-trailer', trailer.name]] as [string, string][]) : []),
      ...(form.trailer && form.announceAlgorithm
        ? ([['x-amz-sdk-checksum-algorithm', form.trailer.toUpperCase()]] as [string, string][])
        : []),
      form.length === 'content-length' ? ['Content-Length', String(encodedLength)] : ['Transfer-Encoding', 'chunked'],
    ];
    const sent = await signRequest({ ...request, headers }, options);
    const chain = signed
      ? new ChunkSignatureChain({
          signer: signerFor(options),
          region: options.region,
          amzDate: headerValue(sent, 'x-amz-date')!,
          seedSignature: seedSignatureOf(headerValue(sent, 'authorization')!),
        })
      : undefined;
    const body = await encodeAwsChunked(request.body, framing, chain);
    return { ...request, headers: sent, body: tampered(body, encodedLength, tamper) };
  };
}

function tampered(body: Buffer, encodedLength: number, tamper: Tampering | undefined): Buffer {
  if (tamper === 'final-chunk-missing') return body.subarray(0, encodedLength);
  if (tamper !== 'chunk-signature') return body;
  // The first signature's first hex digit, changed: the chain after it stays the true one.
  const at = body.indexOf(';chunk-signature=') + ';chunk-signature='.length;
  const altered = Buffer.from(body);
  altered[at] = altered[at] === 0x30 ? 0x31 : 0x30;
  return altered;
}
