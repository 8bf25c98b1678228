// The case-file format, written once. The loader validates with it, the JSON Schema for editors
// (schema/case-file.schema.json) is generated from it, and the engine's types are inferred from it.
import { z } from 'zod';
import { OPERATION_NAMES } from './operations.ts';
import { TAMPERINGS } from './tamperings.ts';

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

const templated = z.string().describe('A literal; `${name}` inserts a capture or a built-in value (see the README, Case files).');

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

/** The SSE-C keys every target is given: two AES-256 keys and one too short for AES-256. */
export const SSE_C_KEYS = {
  A: ['ssecKeyA', 'ssecKeyMd5A'],
  B: ['ssecKeyB', 'ssecKeyMd5B'],
  short: ['ssecShortKey', 'ssecShortKeyMd5'],
} as const;
const sseCKeyName = z.enum(Object.keys(SSE_C_KEYS) as [keyof typeof SSE_C_KEYS, ...(keyof typeof SSE_C_KEYS)[]]);

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
    .array(
      z.strictObject({
        partNumber: z.number().int(),
        etag: templated,
        checksums: z
          .partialRecord(z.enum(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']), templated)
          .optional()
          .describe("The part's checksums, sent as ChecksumCRC32 (etc.) elements of the Part."),
      }),
    )
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
  tamper: z
    .enum(TAMPERINGS)
    .optional()
    .describe(
      "Break the request's wire form on purpose, in the wire dialects that can (a tampered chunk signature, a wrong trailing checksum, an expired presigned URL...); the case is skipped in the others.",
    ),
  sseC: sseCKeyName
    .optional()
    .describe('Shorthand for the three SSE-C headers of a key: algorithm AES256, the key and its MD5 (`A`: ${ssecKeyA}, ${ssecKeyMd5A}).'),
  copySourceSseC: sseCKeyName
    .optional()
    .describe('The same for the copy source: the three x-amz-copy-source-server-side-encryption-customer-* headers.'),
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
  status: z
    .union([z.number().int(), z.array(z.number().int()).min(1)], { error: 'status is a number or a list of numbers' })
    .describe('The status, or the accepted statuses.'),
  error: z
    .union([z.string(), z.array(z.string()).min(1)])
    .optional()
    .describe('The error Code in the XML body.'),
  message: z.string().optional().describe('A case-insensitive regular expression the error Message must match.'),
  headers: z.record(z.string(), headerExpectation).optional(),
  body: z
    .union([bodySchema, z.strictObject({ empty: z.literal(true) })])
    .optional()
    .describe('The exact body bytes.'),
  bodyLength: z.number().int().min(0).optional(),
  xml: z.record(z.string(), xmlExpectation).optional().describe('Fields of the XML body, by dotted path from the root element.'),
  sseC: sseCKeyName
    .optional()
    .describe(
      'Shorthand: the response echoes algorithm AES256 and the MD5 of this key (the key itself is checked absent only where a case says so).',
    ),
});

const areaName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'an area is lower-case letters, digits and dashes');
const presetName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a preset name is lower-case letters, digits and dashes');

/** A `given` list: set-up steps, and `{ use: NAME }` for the steps of one of the file's presets. */
const givenListSchema = z.array(
  z.union([givenStepSchema, z.strictObject({ use: presetName.describe("One of the file's `presets`, its steps inserted here.") })]),
);

const caseFields = {
  id: z
    .string()
    .regex(/^[a-z0-9{][a-z0-9.{}-]*$/, 'an id is lower-case, dot-separated words')
    .describe("Unique and stable. In a case with `each`, `{axis}` is replaced by the name of the combination's value."),
  title: z
    .string()
    .min(1)
    .describe(
      'What the case asserts; it may not name a status or error code `then` does not assert, nor leave out one it accepts. `{axis}` as in `id`.',
    ),
  tags: z.array(z.string()).default([]),
  areas: z
    .array(areaName)
    .default([])
    .describe("Further areas the case belongs to, beside its file's: one request is one case, listed in each area."),
  refs: z.array(z.string().min(1)).min(1, 'every case names the source of its expectation'),
  requires: z.array(z.enum(CAPABILITIES)).default([]),
  buckets: z.array(bucketAlias).min(1).default(['main']).describe('Aliases of the buckets the case gets, created empty.'),
  given: z.union([presetName.describe("A preset's steps."), givenListSchema]).default([]),
  when: requestSchema,
  then: expectationSchema,
  note: z.string().optional().describe('Why the expectation is what it is, where refs alone do not say.'),
};

/** What one value of an `each` axis changes: `tags` and `refs` are added, `when` and `then` merged key by key, the rest replaced. */
const variantSchema = z.strictObject({
  title: caseFields.title.optional(),
  tags: z.array(z.string()).optional(),
  refs: z.array(z.string().min(1)).optional(),
  requires: caseFields.requires.unwrap().optional(),
  given: caseFields.given.unwrap().optional(),
  when: requestSchema.partial().optional(),
  then: expectationSchema.partial().optional(),
  note: caseFields.note,
});

export const caseSourceSchema = z.strictObject({
  ...caseFields,
  // Left unset here so that the file's `defaults` can fill them in.
  requires: caseFields.requires.unwrap().optional(),
  buckets: caseFields.buckets.unwrap().optional(),
  // With `each`, the values may supply these; every expanded case is checked for them.
  title: caseFields.title.optional(),
  refs: z.array(z.string().min(1)).default([]),
  when: requestSchema.partial().default({}),
  then: expectationSchema.partial().default({}),
  each: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), variantSchema))
    .optional()
    .describe(
      'Axes, each a map from a value name to what that value changes; the case expands into one case per combination, `{axis}` in the id naming it.',
    ),
});

/** A case after expansion: no presets, no axes, no shorthands left; what the engine runs. */
export const caseSchema = z.strictObject({
  ...caseFields,
  given: z.array(givenStepSchema).default([]),
});

export const caseFileSchema = z.strictObject({
  area: areaName,
  defaults: z
    .strictObject({ requires: caseFields.requires.optional(), buckets: caseFields.buckets.optional() })
    .optional()
    .describe('What every case of the file has unless it says otherwise.'),
  presets: z
    .record(presetName, z.array(givenStepSchema).min(1))
    .optional()
    .describe('Named set-up steps, used as `given: NAME` or `{ use: NAME }` in a given list.'),
  cases: z.array(caseSourceSchema).min(1),
});

export type CaseDefinition = z.infer<typeof caseSchema>;
export type CaseSource = z.infer<typeof caseSourceSchema>;
export type CaseFileSource = z.infer<typeof caseFileSchema>;
export type RequestSpec = z.infer<typeof requestSchema>;
export type GivenStep = z.infer<typeof givenStepSchema>;
export type Expectation = z.infer<typeof expectationSchema>;
export type BodySpec = z.infer<typeof bodySchema>;
export type HeaderExpectation = z.infer<typeof headerExpectation>;
export type XmlExpectation = z.infer<typeof xmlExpectation>;

/** A case as the engine receives it: validated, with its origin for messages and reports. */
export interface ValidatedCase extends CaseDefinition {
  /** The area of the file the case is written in; `areas` lists it first, then the case's further ones. */
  area: string;
  areas: string[];
  source: { file: string; line: number };
}
