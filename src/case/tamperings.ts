// The ways a case may break a request's wire form on purpose, to see the server refuse it: the
// errors real servers get wrong are in how they read streaming bodies, trailers and presigned
// URLs. Each is carried out by the dialects that can (src/engine/wire/dialects.ts); a case that
// tampers is skipped in the others, the default signed run included.
export const TAMPERINGS = [
  'chunk-signature', // the first chunk's signature altered (signed streaming)
  'small-chunk', // 4 KiB chunks: non-final chunks under S3's 8 KiB minimum (signed streaming)
  'final-chunk-missing', // the body ends after the last data chunk: no final chunk, no trailer
  'decoded-length-long', // x-amz-decoded-content-length one byte more than the chunks carry
  'trailer-checksum', // the trailing checksum is that of other bytes
  'trailer-missing', // x-amz-trailer announces a checksum the body never sends
  'trailer-not-base64', // the trailing checksum's value is not base64
  'presign-expired', // a URL presigned two hours ago for one minute
  'presign-expires-too-long', // X-Amz-Expires 609901, over S3's week of 604800 seconds
  'presign-other-method', // presigned for GET, sent with the request's own method
  'presign-header-changed', // x-amz-meta-presigned signed as one value, sent as another
] as const;

export type Tampering = (typeof TAMPERINGS)[number];
