// Streaming uploads as the SDKs and minio-go send them: the body aws-chunked, its decoded length
// in `x-amz-decoded-content-length`, the payload type in `x-amz-content-sha256`, and optionally a
// trailing checksum announced in `x-amz-trailer`. Signed forms chain a signature through every
// chunk from the request's own signature (the seed).
import { signerFor, signRequest, type WireEncoder } from '../http.ts';
import { awsChunkedLength, DEFAULT_CHUNK_SIZE, encodeAwsChunked, type ChunkedFraming } from './aws-chunked.ts';
import { ChunkSignatureChain, seedSignatureOf } from './chunk-signatures.ts';
import { checksumHeader, checksumValue, type ChecksumAlgorithm } from './checksums.ts';

export type StreamingPayload = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';

export interface StreamingForm {
  payload: StreamingPayload;
  /** The checksum sent in the trailer (the `-TRAILER` payloads). */
  trailer?: ChecksumAlgorithm;
  /** A Content-Length of the encoded body, or `Transfer-Encoding: chunked` and none (as botocore sends it). */
  length: 'content-length' | 'chunked-transfer';
  chunkSize?: number;
  /** Also name the algorithm in `x-amz-sdk-checksum-algorithm`, as the SDKs do. */
  announceAlgorithm?: boolean;
}

const headerValue = (headers: [string, string][], name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

export function streamingEncoding(form: StreamingForm): WireEncoder {
  const signed = form.payload !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  return async (request, options) => {
    const trailer = form.trailer && { name: checksumHeader(form.trailer), value: await checksumValue(form.trailer, request.body) };
    const framing: ChunkedFraming = { chunkSize: form.chunkSize ?? DEFAULT_CHUNK_SIZE, signed, trailer };
    const headers: [string, string][] = [
      ...request.headers,
      ['Content-Encoding', 'aws-chunked'],
      ['x-amz-content-sha256', form.payload],
      ['x-amz-decoded-content-length', String(request.body.length)],
      ...(trailer ? ([['x-amz-trailer', trailer.name]] as [string, string][]) : []),
      ...(form.trailer && form.announceAlgorithm ? ([['x-amz-sdk-checksum-algorithm', form.trailer.toUpperCase()]] as [string, string][]) : []),
      form.length === 'content-length' ? ['Content-Length', String(awsChunkedLength(request.body.length, framing))] : ['Transfer-Encoding', 'chunked'],
    ];
    const sent = await signRequest({ ...request, headers }, options);
    const chain = signed
      ? new ChunkSignatureChain({ signer: signerFor(options), region: options.region, amzDate: headerValue(sent, 'x-amz-date')!, seedSignature: seedSignatureOf(headerValue(sent, 'authorization')!) })
      : undefined;
    return { ...request, headers: sent, body: await encodeAwsChunked(request.body, framing, chain) };
  };
}
