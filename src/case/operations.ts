// The S3 operations a case may send, as HTTP shapes. This table is the single place that knows
// how an operation name becomes a method, a path and a query string; the loader uses it to check
// that a step names the parameters its operation needs, the engine uses it to build the request.

export type OperationParam = 'key' | 'uploadId' | 'partNumber' | 'body' | 'copySource' | 'parts' | 'objects' | 'versioning';

export interface OperationShape {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Whether the path names an object (/bucket/key), only the bucket (/bucket), or neither (/). */
  target: 'object' | 'bucket' | 'service';
  /** Sub-resource query parameters that identify the operation, e.g. `?uploads`. */
  subresource?: string;
  required: OperationParam[];
  /** Amazon S3 refuses these without an integrity header (Content-MD5 or a checksum). */
  checksumRequired?: boolean;
}

export const OPERATIONS = {
  PutObject: { method: 'PUT', target: 'object', required: ['key'] },
  GetObject: { method: 'GET', target: 'object', required: ['key'] },
  HeadObject: { method: 'HEAD', target: 'object', required: ['key'] },
  GetObjectAttributes: { method: 'GET', target: 'object', subresource: 'attributes', required: ['key'] },
  DeleteObject: { method: 'DELETE', target: 'object', required: ['key'] },
  CopyObject: { method: 'PUT', target: 'object', required: ['key', 'copySource'] },
  CreateMultipartUpload: { method: 'POST', target: 'object', subresource: 'uploads', required: ['key'] },
  UploadPart: { method: 'PUT', target: 'object', required: ['key', 'uploadId', 'partNumber'] },
  UploadPartCopy: { method: 'PUT', target: 'object', required: ['key', 'uploadId', 'partNumber', 'copySource'] },
  CompleteMultipartUpload: { method: 'POST', target: 'object', required: ['key', 'uploadId'] },
  AbortMultipartUpload: { method: 'DELETE', target: 'object', required: ['key', 'uploadId'] },
  ListParts: { method: 'GET', target: 'object', required: ['key', 'uploadId'] },
  ListMultipartUploads: { method: 'GET', target: 'bucket', subresource: 'uploads', required: [] },
  ListObjects: { method: 'GET', target: 'bucket', required: [] },
  ListObjectsV2: { method: 'GET', target: 'bucket', required: [] },
  ListObjectVersions: { method: 'GET', target: 'bucket', subresource: 'versions', required: [] },
  DeleteObjects: { method: 'POST', target: 'bucket', subresource: 'delete', required: ['objects'], checksumRequired: true },
  PutBucketVersioning: { method: 'PUT', target: 'bucket', subresource: 'versioning', required: ['versioning'] },
  GetBucketVersioning: { method: 'GET', target: 'bucket', subresource: 'versioning', required: [] },
  HeadBucket: { method: 'HEAD', target: 'bucket', required: [] },
  DeleteBucket: { method: 'DELETE', target: 'bucket', required: [] },
  CreateBucket: { method: 'PUT', target: 'bucket', required: [] },
  PutBucketTagging: { method: 'PUT', target: 'bucket', subresource: 'tagging', required: ['body'], checksumRequired: true },
  GetBucketTagging: { method: 'GET', target: 'bucket', subresource: 'tagging', required: [] },
  ListBuckets: { method: 'GET', target: 'service', required: [] },
  GetBucketPolicy: { method: 'GET', target: 'bucket', subresource: 'policy', required: [] },
} as const satisfies Record<string, OperationShape>;

export type OperationName = keyof typeof OPERATIONS;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as [OperationName, ...OperationName[]];

export function operationShape(name: OperationName): OperationShape {
  return OPERATIONS[name];
}
