// The aws-chunked content encoding: the body as a series of chunks, each `hex-size[;chunk-signature=
// sig]\r\n data \r\n`, then an empty final chunk, then the trailer lines (a checksum and, when
// signed, the trailer's signature) and an empty line. Its length must be known before the first
// byte is signed: the Content-Length of a signed streaming request is part of the seed signature.
import type { ChunkSignatureChain } from './chunk-signatures.ts';

/** What the SDKs and minio-go use, and the S3 API Reference's example: 64 KiB. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

export interface Trailer {
  name: string;
  value: string;
}

export interface ChunkedFraming {
  chunkSize: number;
  /** Signed chunks carry `;chunk-signature=`; unsigned ones only their size. */
  signed: boolean;
  trailer?: Trailer;
}

const SIGNATURE_EXTENSION = ';chunk-signature='.length + 64;
const TRAILER_SIGNATURE_LINE = 'x-amz-trailer-signature:'.length + 64 + 2;

function chunkSizes(bodyLength: number, chunkSize: number): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < bodyLength; offset += chunkSize) sizes.push(Math.min(chunkSize, bodyLength - offset));
  return [...sizes, 0];
}

/** The encoded length of a body of `bodyLength` bytes. */
export function awsChunkedLength(bodyLength: number, framing: ChunkedFraming): number {
  const extension = framing.signed ? SIGNATURE_EXTENSION : 0;
  const chunks = chunkSizes(bodyLength, framing.chunkSize).reduce(
    (sum, size) => sum + size.toString(16).length + extension + 2 + (size > 0 ? size + 2 : 0),
    0,
  );
  const trailer = framing.trailer ? trailerLines(framing.trailer).length + 1 + (framing.signed ? TRAILER_SIGNATURE_LINE : 0) : 0;
  return chunks + trailer + 2;
}

/** `name:value\n`, the form the trailer signature signs; on the wire each line ends in "\r\n". */
export const trailerLines = (trailer: Trailer) => `${trailer.name}:${trailer.value}\n`;

/** The encoded body; `chain` signs each chunk and the trailer when the framing is signed. */
export async function encodeAwsChunked(body: Buffer, framing: ChunkedFraming, chain?: ChunkSignatureChain): Promise<Buffer> {
  if (framing.signed && !chain) throw new Error('signed aws-chunked framing needs a signature chain');
  const pieces: Buffer[] = [];
  let offset = 0;
  for (const size of chunkSizes(body.length, framing.chunkSize)) {
    const data = body.subarray(offset, offset + size);
    offset += size;
    const extension = chain ? `;chunk-signature=${await chain.chunk(data)}` : '';
    pieces.push(Buffer.from(`${size.toString(16)}${extension}\r\n`));
    if (size > 0) pieces.push(data, Buffer.from('\r\n'));
  }
  if (framing.trailer) {
    const lines = trailerLines(framing.trailer);
    pieces.push(Buffer.from(lines.replace(/\n/g, '\r\n')));
    if (chain) pieces.push(Buffer.from(`x-amz-trailer-signature:${await chain.trailer(lines)}\r\n`));
  }
  pieces.push(Buffer.from('\r\n'));
  return Buffer.concat(pieces);
}
