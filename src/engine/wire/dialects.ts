// The wire dialects: one logical request put on the wire the ways real clients put it. Each
// dialect says which requests it changes (the others go out signed, as a client would send
// them) and whether it re-encodes the body, in which case the engine also reads the stored
// object back: a server that keeps the framing in the object must fail.
import type { Tampering } from '../../case/tamperings.ts';
import { signRequest, type WireEncoder } from '../http.ts';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './checksums.ts';
import { presignedEncoding } from './presign.ts';
import { streamingEncoding, type StreamingForm } from './streaming.ts';
import { virtualHostedEncoding } from './virtual-host.ts';

/** What a dialect needs to know of one request to decide whether it changes it. */
export interface RequestShape {
  op: string;
  method: string;
  /** The request names a bucket (every operation but ListBuckets). */
  hasBucket: boolean;
  /** Lower-case names of the headers the case sets itself. */
  caseHeaders: string[];
  tamper?: Tampering;
}

export interface DialectSettings {
  /** Host-name suffix of virtual hosts (`bucket.suffix`); by default the endpoint's host, or `s3.localhost` for a local one. */
  virtualHostSuffix?: string;
  /** The request's tampering, one of the dialect's `tamperings`. */
  tamper?: Tampering;
}

export interface Dialect {
  name: string;
  /** One line for `--help` and reports. */
  description: string;
  /** Why the dialect leaves this request as it is, or undefined when it changes it. */
  leaves(request: RequestShape): string | undefined;
  /** Whether the body's bytes on the wire differ from the object's. */
  encodesBody: boolean;
  /** The tamperings it can carry out; a request with another is not sent in this dialect. */
  tamperings: Tampering[];
  /**
   * The dialect this one varies (another checksum or framing of the same payload type): a variant
   * runs only the cases whose judged request it changes, the others would repeat its original.
   */
  variantOf?: string;
  /** How it puts a request on the wire; undefined for the default encoding (`signed`). */
  encoding(settings: DialectSettings): WireEncoder | undefined;
}

const carriesBody = (request: RequestShape) => request.method === 'PUT' || request.method === 'POST';
/** Headers a case sets when its point is the wire form itself: a dialect must not change them under it. */
const WIRE_HEADERS = [
  'x-amz-content-sha256',
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'expect',
  'authorization',
  'x-amz-date',
];

function pinnedByCase(request: RequestShape): string | undefined {
  const pinned = request.caseHeaders.find((name) => WIRE_HEADERS.includes(name));
  return pinned && `the case sets ${pinned} itself`;
}

/** Streaming payloads: the SDKs and minio-go stream PutObject and UploadPart bodies only. */
function streamsBody(request: RequestShape): string | undefined {
  if (request.op !== 'PutObject' && request.op !== 'UploadPart') return `${request.op} is not streamed (only PutObject and UploadPart are)`;
  return pinnedByCase(request);
}

const STREAMING_TAMPERINGS: Tampering[] = ['final-chunk-missing', 'decoded-length-long'];
const SIGNED_CHUNK_TAMPERINGS: Tampering[] = ['chunk-signature', 'small-chunk'];
const TRAILER_TAMPERINGS: Tampering[] = ['trailer-checksum', 'trailer-missing', 'trailer-not-base64'];
const PRESIGN_TAMPERINGS: Tampering[] = ['presign-expired', 'presign-expires-too-long', 'presign-other-method', 'presign-header-changed'];

/** A checksum the case sends itself goes in its header, as the SDKs send a checksum they are given: no trailer. */
function streamsWithTrailer(request: RequestShape): string | undefined {
  const checksum = request.caseHeaders.find((name) => name.startsWith('x-amz-checksum-') || name === 'x-amz-sdk-checksum-algorithm');
  return streamsBody(request) ?? (checksum && `the case sends its own checksum (${checksum})`);
}

function streamingDialect(name: string, description: string, form: StreamingForm, variantOf?: string): Dialect {
  const encoding = streamingEncoding(form);
  const tamperings = [
    ...STREAMING_TAMPERINGS,
    ...(form.payload.startsWith('STREAMING-AWS4') ? SIGNED_CHUNK_TAMPERINGS : []),
    ...(form.trailer ? TRAILER_TAMPERINGS : []),
  ];
  return {
    name,
    description,
    leaves: form.trailer ? streamsWithTrailer : streamsBody,
    encodesBody: true,
    tamperings,
    encoding: ({ tamper }) => (tamper ? streamingEncoding({ ...form, tamper }) : encoding),
    ...(variantOf ? { variantOf } : {}),
  };
}

/** The SDKs' default: a CRC32 trailer. The other algorithms and the Content-Length framing are its variants. */
const UNSIGNED_TRAILER = 'streaming-unsigned-trailer-crc32';
const unsignedTrailerDialects = CHECKSUM_ALGORITHMS.flatMap((algorithm: ChecksumAlgorithm) => [
  streamingDialect(
    `streaming-unsigned-trailer-${algorithm}`,
    `STREAMING-UNSIGNED-PAYLOAD-TRAILER with an x-amz-checksum-${algorithm} trailer, Transfer-Encoding: chunked and no Content-Length (botocore's form)`,
    { payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', trailer: algorithm, length: 'chunked-transfer', announceAlgorithm: true },
    algorithm === 'crc32' ? undefined : UNSIGNED_TRAILER,
  ),
  streamingDialect(
    `streaming-unsigned-trailer-${algorithm}-length`,
    `STREAMING-UNSIGNED-PAYLOAD-TRAILER with an x-amz-checksum-${algorithm} trailer and a Content-Length`,
    { payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', trailer: algorithm, length: 'content-length', announceAlgorithm: true },
    UNSIGNED_TRAILER,
  ),
]);

export const DIALECTS: Dialect[] = [
  {
    name: 'signed',
    description: 'SigV4 in the Authorization header, the payload SHA-256 signed, path-style (the default)',
    leaves: () => undefined,
    encodesBody: false,
    tamperings: [],
    encoding: () => undefined,
  },
  {
    name: 'unsigned-payload',
    description: 'x-amz-content-sha256: UNSIGNED-PAYLOAD on every request with a body',
    leaves: (request) => (carriesBody(request) ? pinnedByCase(request) : `${request.method} carries no body`),
    encodesBody: false,
    tamperings: [],
    encoding: () => async (request, options) => ({
      ...request,
      headers: await signRequest({ ...request, headers: [...request.headers, ['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']] }, options),
    }),
  },
  streamingDialect(
    'streaming-signed',
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked with a signature per 64 KiB chunk and a Content-Length (minio-go, older SDKs)',
    {
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      length: 'content-length',
    },
  ),
  ...unsignedTrailerDialects,
  streamingDialect(
    'streaming-signed-trailer',
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks, an x-amz-checksum-crc32 trailer and its signature (Java v2)',
    {
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      trailer: 'crc32',
      length: 'content-length',
      announceAlgorithm: true,
    },
  ),
  {
    name: 'presigned',
    description: 'query-string authentication (a presigned URL), the payload unsigned, the headers signed',
    leaves: (request) => pinnedByCase(request),
    encodesBody: false,
    tamperings: PRESIGN_TAMPERINGS,
    encoding: ({ tamper }) => presignedEncoding(tamper),
  },
  {
    name: 'virtual-hosted',
    description: 'the bucket in the host name (bucket.suffix); a local endpoint is reached by address',
    leaves: (request) => (request.hasBucket ? undefined : `${request.op} names no bucket`),
    encodesBody: false,
    tamperings: [],
    encoding: (settings) => virtualHostedEncoding(settings.virtualHostSuffix),
  },
  {
    name: 'expect-continue',
    description: 'Expect: 100-continue on every request with a body, the body sent after 100 Continue (Java v2)',
    leaves: (request) => (carriesBody(request) ? pinnedByCase(request) : `${request.method} carries no body`),
    encodesBody: false,
    tamperings: [],
    encoding: () => async (request, options) => ({
      ...request,
      headers: await signRequest({ ...request, headers: [...request.headers, ['Expect', '100-continue']] }, options),
      expectContinue: true,
    }),
  },
];

export const DEFAULT_DIALECT = 'signed';
export const DIALECT_NAMES = DIALECTS.map((d) => d.name);
/** Names that stand for several dialects on the command line. */
export const DIALECT_FAMILIES: Record<string, string[]> = {
  all: DIALECT_NAMES,
  'streaming-unsigned-trailer': unsignedTrailerDialects.map((d) => d.name),
};

export function dialectNamed(name: string): Dialect {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) throw new Error(`no wire dialect "${name}"`);
  return dialect;
}

/** The dialects a list of names and family names stands for, each once, in the registry's order. */
export function expandDialectNames(names: readonly string[]): string[] {
  const wanted = new Set(names.flatMap((name) => DIALECT_FAMILIES[name] ?? [name]));
  return DIALECT_NAMES.filter((name) => wanted.has(name));
}
