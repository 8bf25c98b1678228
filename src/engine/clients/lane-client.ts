// What the real-clients lane asks of a client: the operations its scenarios use, each done the
// way that client does it with its default configuration (checksums, chunked uploads, signing).
// A client that cannot express an operation leaves it out, and the scenario reports a skip.
import type { Readable } from 'node:stream';

export interface LaneClient {
  readonly name: string;
  put(key: string, body: Buffer, options?: { sseCKey?: Buffer }): Promise<{ etag: string }>;
  /** PutObject of a stream of known length: where the SDKs send aws-chunked bodies with a trailing checksum. */
  putStream(key: string, body: Readable, length: number): Promise<void>;
  /** PutObject with If-None-Match "*"; resolves to the HTTP status of a refusal, or 200. */
  putIfAbsent?(key: string, body: Buffer): Promise<number>;
  get(key: string, options?: { range?: { start: number; end: number }; sseCKey?: Buffer }): Promise<Buffer>;
  head(key: string): Promise<{ size: number; etag: string }>;
  /** A multipart upload of `uploaded` then a copy of `copiedFrom` (UploadPartCopy), completed as `key`. */
  multipartWithCopy(key: string, uploaded: Buffer, copiedFrom: string): Promise<void>;
  enableVersioning(): Promise<void>;
  delete(key: string): Promise<void>;
  /** The key's versions, delete markers included, newest first. */
  versions(key: string): Promise<{ versionId: string; deleteMarker: boolean; latest: boolean }[]>;
  close(): void;
}

export interface LaneEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  ca?: string;
  insecure?: boolean;
}
