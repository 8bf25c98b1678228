// The case-file format, written once. The loader validates with it, the JSON Schema for editors
// (schema/case-file.schema.json) is generated from it, and the engine's types are inferred from it.
import { z } from 'zod';
import { OPERATION_NAMES } from './operations.ts';

/** What a target must offer for a case to be judged; a target without it reports a skip. */
export const CAPABILITIES = [
  'versioning', // PutBucketVersioning, version ids, delete markers
  'tls', // an https endpoint (SSE-C needs one)
  'plain-http', // an http endpoint (to see SSE-C refused over plain HTTP)
  'sse-c', // server-side encryption with customer-provided keys
  'account-id', // the target profile knows the account id that owns the suite's buckets
  'second-account', // credentials of a second account, for cross-account checks
  'large-objects', // objects and parts of 5 MiB and more (multipart with more than one part)
  'multipart', // CreateMultipartUpload and friends
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const templated = z.string().describe('A literal; `${name}` inserts a capture or a built-in value (see docs/case-format.md).');

const patternBody = z
  .strictObject({
    pattern: z.strictObject({
      from: z.number().int().min(0).default(0).describe('Offset in the endless deterministic byte pattern.'),
      length: z.number().int().min(0).describe('Number of bytes.'),
    }),
  })
  .describe('Bytes of the deterministic pattern (byte i is (i * 7 + 3) mod 251), so bodies of any size need no file.');

export const bodySchema = z.union([
  z.string().describe('UTF-8 text.'),
  patternBody,
  z.strictObject({ base64: z.string() }).describe('Arbitrary bytes.'),
]);

const bucketAlias = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a bucket alias is lower-case letters, digits and dashes');

export const requestSchema = z.strictObject({
  op: z.enum(OPERATION_NAMES).describe('The S3 operation.'),
  bucket: bucketAlias.optional().describe("Alias of one of the case's buckets; the first one when omitted."),
  key: templated.optional(),
  versionId: templated.optional().describe('Sent as the versionId query parameter.'),
  uploadId: templated.optional(),
  partNumber: z.union([z.number().int(), templated]).optional(),
  query: z.record(z.string(), templated).optional().describe('Further query parameters, sent as written.'),
  headers: z.record(z.string(), templated).optional().describe('Raw request headers, sent exactly as written.'),
  body: bodySchema.optional(),
  copySource: z
    .strictObject({ bucket: bucketAlias.optional(), key: templated, versionId: templated.optional() })
    .optional()
    .describe('Builds the x-amz-copy-source header from a bucket alias and key.'),
  parts: z
    .array(z.strictObject({ partNumber: z.number().int(), etag: templated }))
    .optional()
    .describe('CompleteMultipartUpload: the parts list sent as XML.'),
  objects: z
    .array(z.strictObject({ key: templated, versionId: templated.optional() }))
    .optional()
    .describe('DeleteObjects: the objects to delete.'),
  quiet: z.boolean().optional().describe('DeleteObjects: quiet mode.'),
  versioning: z.enum(['Enabled', 'Suspended']).optional().describe('PutBucketVersioning: the status to set.'),
  scheme: z.enum(['http', 'https']).optional().describe("Send over the target's plain or TLS endpoint."),
  credentials: z.enum(['main', 'second']).optional().describe('Sign as the main or the second account.'),
});

export const captureSource = z
  .string()
  .regex(/^(header|xml):\S+$/, 'a capture source is `header:NAME` or `xml:Path.To.Field`')
  .describe('Where a captured value comes from: `header:ETag` or `xml:InitiateMultipartUploadResult.UploadId`.');

export const givenStepSchema = requestSchema.extend({
  capture: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), captureSource).optional(),
  expectStatus: z
    .union([z.number().int(), z.array(z.number().int()).min(1)])
    .optional()
    .describe('The status (or accepted statuses) this set-up step must get; any 2xx when omitted.'),
});

const headerExpectation = z.union([
  templated.describe('Equal to this value.'),
  z.strictObject({ equals: templated }),
  z.strictObject({ oneOf: z.array(templated).min(1) }),
  z.strictObject({ matches: z.string().describe('A JavaScript regular expression.') }),
  z.strictObject({ present: z.boolean().describe('true: the header is there; false: it is absent.') }),
]);

const xmlExpectation = z.union([
  templated.describe('The element text equals this value.'),
  z.strictObject({ equals: templated }),
  z.strictObject({ oneOf: z.array(templated).min(1) }),
  z.strictObject({ matches: z.string() }),
  z.strictObject({ present: z.boolean() }),
  z.strictObject({ count: z.number().int().min(0).describe('How many elements the path names.') }),
]);

export const expectationSchema = z.strictObject({
  status: z.union([z.number().int(), z.array(z.number().int()).min(1)], { error: 'status is a number or a list of numbers' }).describe('The status, or the accepted statuses.'),
  error: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('The error Code in the XML body.'),
  message: z.string().optional().describe('A case-insensitive regular expression the error Message must match.'),
  headers: z.record(z.string(), headerExpectation).optional(),
  body: z
    .union([bodySchema, z.strictObject({ empty: z.literal(true) })])
    .optional()
    .describe('The exact body bytes.'),
  bodyLength: z.number().int().min(0).optional(),
  xml: z.record(z.string(), xmlExpectation).optional().describe('Fields of the XML body, by dotted path from the root element.'),
});

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'an id is lower-case, dot-separated words'),
  title: z.string().min(1),
  tags: z.array(z.string()).default([]),
  refs: z.array(z.string().min(1)).min(1, 'every case names the source of its expectation'),
  requires: z.array(z.enum(CAPABILITIES)).default([]),
  buckets: z.array(bucketAlias).min(1).default(['main']).describe('Aliases of the buckets the case gets, created empty.'),
  given: z.array(givenStepSchema).default([]),
  when: requestSchema,
  then: expectationSchema,
  note: z.string().optional().describe('Why the expectation is what it is, where refs alone do not say.'),
});

export const caseFileSchema = z.strictObject({
  area: z.string().regex(/^[a-z][a-z0-9-]*$/),
  cases: z.array(caseSchema).min(1),
});

export type CaseDefinition = z.infer<typeof caseSchema>;
export type RequestSpec = z.infer<typeof requestSchema>;
export type GivenStep = z.infer<typeof givenStepSchema>;
export type Expectation = z.infer<typeof expectationSchema>;
export type BodySpec = z.infer<typeof bodySchema>;
export type HeaderExpectation = z.infer<typeof headerExpectation>;
export type XmlExpectation = z.infer<typeof xmlExpectation>;

/** A case as the engine receives it: validated, with its origin for messages and reports. */
export interface ValidatedCase extends CaseDefinition {
  area: string;
  source: { file: string; line: number };
}
