// A shrunk counterexample → a ready-to-commit case file in the suite's own format, whose
// expectation is the MODEL's (never what the server answered). Pure: no I/O.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { CaseDefinition } from '../case/schema.ts';
import { patternBytes } from '../engine/bodies.ts';
import type { HttpDateFormat } from './arbitraries.ts';
import type { KnownCopyRangeOutcome } from './copy-range-model.ts';
import type { ConditionalDateOutcome } from './conditional-date-model.ts';
import type { CaseFileText, CopyRangeInput, DateInput, RangeInput } from './fuzz-report.ts';
import type { KnownRangeOutcome } from './range-model.ts';

export interface Provenance {
  property: string;
  seed: number;
  path: string;
  targetName: string;
}

const GET_OBJECT_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html';
const UPLOAD_PART_COPY_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html';

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function fileText(
  area: string,
  comment: string,
  definition: Omit<CaseDefinition, 'requires' | 'buckets' | 'tags' | 'given' | 'areas'> & Partial<CaseDefinition>,
): CaseFileText {
  const body = stringify({ area, cases: [definition] }, { lineWidth: 0 });
  const yaml = `# yaml-language-server: $schema=../../schema/case-file.schema.json\n${comment
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n')}\n${body}`;
  return { id: definition.id, fileName: `${definition.id}.yaml`, yaml };
}

function foundBy(provenance: Provenance, model: string): string {
  return (
    `Found by \`s3-conformance fuzz --area ${provenance.property} --seed ${provenance.seed} --path ${provenance.path}\` ` +
    `against ${provenance.targetName}.\nThe expectation is the reference model's (${model}), not the server's answer.`
  );
}

/** GetObject with a Range header on a pattern object of `objectSize` bytes. */
export function rangeCaseFile(input: RangeInput, outcome: KnownRangeOutcome, provenance: Provenance): CaseFileText {
  const id = `range.fuzz.${input.objectSize}.${shortHash(input.rangeHeader)}`;
  const then: CaseDefinition['then'] =
    outcome.status === 416
      ? { status: 416, error: outcome.errorCode }
      : outcome.status === 206
        ? {
            status: 206,
            headers: { 'Content-Range': outcome.contentRange, 'Content-Length': String(outcome.contentLength) },
            body: { pattern: { from: outcome.start, length: outcome.contentLength } },
          }
        : {
            status: 200,
            headers: { 'Content-Length': String(outcome.contentLength) },
            body: outcome.contentLength === 0 ? { empty: true } : { pattern: { from: 0, length: outcome.contentLength } },
          };
  return fileText('range', foundBy(provenance, 'src/fuzz/range-model.ts expectedGetRange'), {
    id,
    title: `GET with Range ${JSON.stringify(input.rangeHeader)} on a ${input.objectSize}-byte object returns ${outcome.status}`,
    tags: ['get', 'fuzz'],
    refs: [`src/fuzz/range-model.ts: ${outcome.reason}`, `${GET_OBJECT_DOC} (Range)`, 'RFC 9110 section 14'],
    given: [{ op: 'PutObject', key: 'fuzz-object', body: { pattern: { from: 0, length: input.objectSize } } }],
    when: { op: 'GetObject', key: 'fuzz-object', headers: { Range: input.rangeHeader } },
    then,
  });
}

/** UploadPartCopy of part 1 with x-amz-copy-source-range from a pattern source of `sourceSize` bytes. */
export function copyRangeCaseFile(input: CopyRangeInput, outcome: KnownCopyRangeOutcome, provenance: Provenance): CaseFileText {
  const id = `upload-part-copy.fuzz.${input.sourceSize}.${shortHash(input.copySourceRange)}`;
  const then: CaseDefinition['then'] =
    outcome.status === 200
      ? { status: 200, xml: { 'CopyPartResult.ETag': { matches: partMd5(outcome.start, outcome.partSize) } } }
      : { status: 400, error: outcome.errorCode };
  return fileText('upload-part-copy', foundBy(provenance, 'src/fuzz/copy-range-model.ts expectedCopySourceRange'), {
    id,
    title: `UploadPartCopy with x-amz-copy-source-range ${JSON.stringify(input.copySourceRange)} from a ${input.sourceSize}-byte source returns ${outcome.status}`,
    tags: ['upload-part-copy', 'copy-source-range', 'fuzz'],
    refs: [`src/fuzz/copy-range-model.ts: ${outcome.reason}`, `${UPLOAD_PART_COPY_DOC} (x-amz-copy-source-range)`],
    requires: ['multipart'],
    given: [
      { op: 'PutObject', key: 'fuzz-source', body: { pattern: { from: 0, length: input.sourceSize } } },
      { op: 'CreateMultipartUpload', key: 'fuzz-target', capture: { uploadId: 'xml:InitiateMultipartUploadResult.UploadId' } },
    ],
    when: {
      op: 'UploadPartCopy',
      key: 'fuzz-target',
      uploadId: '${uploadId}',
      partNumber: 1,
      copySource: { key: 'fuzz-source' },
      headers: { 'x-amz-copy-source-range': input.copySourceRange },
    },
    then,
    ...(outcome.status === 200
      ? { note: "A part's ETag is the MD5 of its bytes (unencrypted object); the pattern to match is that MD5." }
      : {}),
  });
}

/** The MD5 (hex) of pattern bytes [start, start + length), as a part ETag would carry it. */
export function partMd5(start: number, length: number, bytes?: Buffer): string {
  return createHash('md5')
    .update(bytes ?? patternBytes(start, length))
    .digest('hex');
}

const TEMPLATE_FORMAT: Record<HttpDateFormat, string> = { 'imf-fixdate': 'imf', rfc850: 'rfc850', asctime: 'asctime' };

/**
 * GetObject with If-Modified-Since / If-Unmodified-Since. A valid date anchored on Last-Modified is
 * written as a template (`${lastModified - 30s | rfc850}`) so the case holds whenever it runs; an
 * invalid or absolute date is written as sent.
 */
export function dateCaseFile(
  input: DateInput,
  sentValue: string,
  outcome: Exclude<ConditionalDateOutcome, { status: 'unknown' }>,
  provenance: Provenance,
): CaseFileText {
  const anchored = input.anchor === 'last-modified' && input.mutation === 'none';
  const value = anchored
    ? `\${lastModified ${input.offsetSeconds < 0 ? '-' : '+'} ${Math.abs(input.offsetSeconds)}s | ${TEMPLATE_FORMAT[input.format]}}`
    : sentValue;
  const id = `conditional.fuzz.${input.header.toLowerCase()}.${shortHash(value)}`;
  const then: CaseDefinition['then'] =
    outcome.status === 412
      ? { status: 412, error: outcome.errorCode }
      : outcome.status === 304
        ? { status: 304, body: { empty: true } }
        : { status: 200, body: { pattern: { from: 0, length: DATED_OBJECT_SIZE } } };
  return fileText('conditional', foundBy(provenance, 'src/fuzz/conditional-date-model.ts expectedConditionalDate'), {
    id,
    // The title says what the template stands for: `{...}` in a title names an axis of an `each`.
    title: `GET with ${input.header} ${anchored ? `${Math.abs(input.offsetSeconds)} s ${input.offsetSeconds < 0 ? 'before' : 'after'} Last-Modified (${input.format})` : JSON.stringify(value)} returns ${outcome.status}`,
    tags: ['get', input.header.toLowerCase(), 'http-date', 'fuzz'],
    refs: [
      `src/fuzz/conditional-date-model.ts: ${outcome.reason}`,
      `${GET_OBJECT_DOC} (${input.header})`,
      'RFC 9110 sections 5.6.7, 13.1.3, 13.1.4',
    ],
    given: [
      { op: 'PutObject', key: 'fuzz-dated', body: { pattern: { from: 0, length: DATED_OBJECT_SIZE } } },
      { op: 'HeadObject', key: 'fuzz-dated', capture: { lastModified: 'header:Last-Modified' } },
    ],
    when: { op: 'GetObject', key: 'fuzz-dated', headers: { [input.header]: value } },
    then,
  });
}

/** Size of the object the dates property reads. */
export const DATED_OBJECT_SIZE = 16;
