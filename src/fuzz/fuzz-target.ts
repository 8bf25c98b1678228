// The fuzzer's properties, run against a Target: generated inputs (arbitraries.ts) are sent to
// the server and its answers compared with the pure models (range-model.ts, copy-range-model.ts,
// conditional-date-model.ts). fast-check drives each property (seed, path, shrinking); this
// module owns only the I/O: one bucket per run, objects uploaded once per size, one multipart
// upload reused by every UploadPartCopy check, and clean-up at the end.
import { randomBytes, randomInt } from 'node:crypto';
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { RequestSpec } from '../case/schema.ts';
import { patternBytes } from '../engine/bodies.ts';
import { createBucket, createBucketClient, destroyBucket, type BucketClient } from '../engine/buckets.ts';
import { send, TransportError, type TransportOptions } from '../engine/http.ts';
import { readResponse, resolveXmlPath, xmlText, type ReadResponse } from '../engine/observe.ts';
import { planRequest } from '../engine/plan.ts';
import { forgetRun, recordRun } from '../engine/run-journal.ts';
import { describeEndpoint, type Target } from '../engine/target.ts';
import { fuzzCopyRangeInputArb, fuzzRangeInputArb, renderAnchoredRange, smallestFailingSize } from './anchored-arbitraries.ts';
import { httpDateShapeArb, renderHttpDate, type HttpDateFormat, type HttpDateMutation } from './arbitraries.ts';
import { expectedConditionalDate, type DateConditionHeader } from './conditional-date-model.ts';
import { expectedCopySourceRange } from './copy-range-model.ts';
import { copyRangeCaseFile, dateCaseFile, DATED_OBJECT_SIZE, partMd5, rangeCaseFile, type Provenance } from './counterexample-case.ts';
import {
  FUZZ_AREAS,
  type CaseFileText,
  type DateInput,
  type FuzzArea,
  type FuzzInput,
  type FuzzReport,
  type ObservedSummary,
  type PropertyReport,
} from './fuzz-report.ts';
import { expectedGetRange } from './range-model.ts';

export { FUZZ_AREAS, type FuzzArea, type FuzzReport } from './fuzz-report.ts';

export interface FuzzOptions {
  /** Which properties; all of them when omitted. */
  areas?: readonly FuzzArea[];
  /** Generated inputs per property. */
  runs: number;
  /** fast-check seed; a random one (printed) when omitted. */
  seed?: number;
  /** fast-check replay path; needs exactly one area. */
  path?: string;
  requestTimeoutMs?: number;
  /** Prefix of the fuzzer's bucket (default `s3c`), plus a random suffix. */
  bucketPrefix?: string;
  /** The command line that reaches this target, for replay hints (default `s3-conformance fuzz`). */
  replayPrefix?: string;
  /**
   * How long the dates property waits after writing its object, so that dates between
   * Last-Modified and now exist (If-Modified-Since → 304 is checked only on past dates).
   */
  dateSettleMs?: number;
  /**
   * Inputs to leave out, like a baseline: a disagreement already known (and reported) is skipped
   * so a run can look for the next one. Returns the reason, or undefined to check the input.
   */
  knownDeviation?: (input: FuzzInput) => string | undefined;
  /** Progress lines (the seed, each property's outcome); nothing when omitted. */
  log?: (line: string) => void;
}

/** A server answer judged against the model, or an input the model cannot judge. */
type CheckResult =
  | { kind: 'unknown'; reason: string }
  | { kind: 'checked'; mismatches: string[]; expected: Record<string, unknown>; observed?: ObservedSummary; sentValue: string };

/** Writes the case file of a shrunk counterexample, from the model's expectation; undefined when the model cannot. */
type CaseFileMaker<T> = (value: T, sentValue: string, provenance: Provenance) => CaseFileText | undefined;

const SHOWN_HEADERS = ['content-range', 'content-length', 'content-type', 'etag', 'last-modified'];

/** Runs the chosen properties against `target` and reports each; never throws for a disagreement. */
export async function runFuzz(target: Target, options: FuzzOptions): Promise<FuzzReport> {
  const areas = options.areas && options.areas.length > 0 ? [...new Set(options.areas)] : [...FUZZ_AREAS];
  if (options.path !== undefined && areas.length !== 1)
    throw new Error('a replay path belongs to one property: give exactly one area with it');
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  const log = options.log ?? (() => undefined);
  log(`fuzz: seed ${seed}, ${options.runs} run(s) per property, target ${target.name} (${describeEndpoint(target.endpoint)})`);

  const session = await FuzzSession.open(target, options);
  const properties: PropertyReport[] = [];
  try {
    for (const area of areas) {
      const report = await PROPERTIES[area](session, { ...options, seed });
      properties.push(report);
      log(describePropertyReport(report));
    }
  } finally {
    const leftovers = await session.close();
    for (const leftover of leftovers) log(`could not remove ${leftover}`);
  }
  return {
    schemaVersion: 1,
    seed,
    runsRequested: options.runs,
    target: { name: target.name, endpoint: describeEndpoint(target.endpoint), version: target.version },
    properties,
    passed: properties.every((p) => p.outcome === 'passed' || p.outcome === 'not run') && properties.some((p) => p.outcome === 'passed'),
  };
}

export function describePropertyReport(report: PropertyReport): string {
  const head =
    `${report.property}: ${report.outcome}, ${report.runs} run(s), ${report.checked} checked, ${report.skippedAsUnknown} skipped as unknown, ${report.skippedAsKnown === undefined ? '' : `${report.skippedAsKnown} skipped as known, `}` +
    `${report.failures} failure(s), ${report.uploads} upload(s), ${report.requests} request(s), ${(report.durationMs / 1000).toFixed(1)} s, ${report.runsPerSecond.toFixed(1)} runs/s`;
  const lines = [head];
  if (report.notRun) lines.push(`  not run: ${report.notRun}`);
  if (report.error) lines.push(`  error: ${report.error}`);
  const c = report.counterexample;
  if (c) {
    lines.push(`  counterexample (after ${c.shrinks} shrink(s)): ${JSON.stringify(c.input)}`);
    if (c.shrunkByFastCheck)
      lines.push(`  (fast-check shrank it to ${JSON.stringify(c.shrunkByFastCheck)}; re-aimed at the smallest object that still fails)`);
    lines.push(`  sent: ${JSON.stringify(c.sentValue)}`);
    lines.push(`  model: ${JSON.stringify(c.expected)}`);
    if (c.observed) lines.push(`  server: ${JSON.stringify(c.observed)}`);
    for (const mismatch of c.mismatches) lines.push(`  - ${mismatch}`);
    lines.push(`  seed ${c.seed}, path ${c.path}`);
    lines.push(`  replay: ${c.replay}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// The session: one bucket, objects cached per size, one multipart upload.

class FuzzSession {
  readonly target: Target;
  readonly client: BucketClient;
  readonly bucket: string;
  readonly runPrefix: string;
  readonly transport: TransportOptions;
  readonly options: FuzzOptions;
  requests = 0;
  private readonly uploads = new Map<number, Promise<string>>();
  private multipart: { key: string; uploadId: string } | undefined;

  private constructor(target: Target, client: BucketClient, runPrefix: string, options: FuzzOptions) {
    this.target = target;
    this.client = client;
    this.runPrefix = runPrefix;
    this.bucket = `${runPrefix}-fuzz`;
    this.options = options;
    this.transport = {
      credentials: target.credentials,
      region: target.region,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      ca: target.ca,
      insecure: target.insecure,
    };
  }

  static async open(target: Target, options: FuzzOptions): Promise<FuzzSession> {
    const runPrefix = `${options.bucketPrefix ?? 's3c'}-${randomBytes(4).toString('hex')}`;
    const client = createBucketClient(target, options.requestTimeoutMs ?? 30_000);
    const session = new FuzzSession(target, client, runPrefix, options);
    recordRun(target.endpoint, runPrefix);
    try {
      await createBucket(client, session.bucket, runPrefix);
    } catch (error) {
      forgetRun(runPrefix);
      throw error;
    }
    return session;
  }

  get uploadCount(): number {
    return this.uploads.size;
  }

  /** Sends a request spec (no templates in extra headers: they are appended as given). */
  async request(spec: RequestSpec, extraHeaders: [string, string][] = []): Promise<ReadResponse> {
    const planned = planRequest(spec, {
      target: this.target,
      buckets: new Map([['main', this.bucket]]),
      values: new Map(),
      checksums: 'when-required',
    });
    planned.headers.push(...extraHeaders);
    this.requests += 1;
    return readResponse(await send(planned, this.transport));
  }

  /** The key of a pattern object of `size` bytes, uploaded on first use. */
  objectOfSize(size: number): Promise<string> {
    let upload = this.uploads.get(size);
    if (upload === undefined) {
      const key = `object-${size}`;
      // node:http sends no Content-Length for an empty PUT body, and S3 wants one (411 otherwise).
      const emptyLength: [string, string][] = size === 0 ? [['Content-Length', '0']] : [];
      upload = this.request({ op: 'PutObject', key, body: { pattern: { from: 0, length: size } } }, emptyLength).then((response) => {
        if (response.status !== 200) throw new Error(`PutObject of ${size} bytes answered ${response.status} ${response.errorCode ?? ''}`);
        return key;
      });
      // A failed upload is retried by the next check rather than cached.
      upload.catch(() => this.uploads.delete(size));
      this.uploads.set(size, upload);
    }
    return upload;
  }

  /** The run's one multipart upload, created on first use. */
  async multipartUpload(): Promise<{ key: string; uploadId: string }> {
    if (this.multipart) return this.multipart;
    const key = 'copy-target';
    const response = await this.request({ op: 'CreateMultipartUpload', key });
    const uploadId = xmlText(resolveXmlPath(response.xml, 'InitiateMultipartUploadResult.UploadId')[0]);
    if (response.status !== 200 || uploadId === '') {
      throw new Error(`CreateMultipartUpload answered ${response.status} ${response.errorCode ?? ''}`.trim());
    }
    this.multipart = { key, uploadId };
    return this.multipart;
  }

  async close(): Promise<string[]> {
    // destroyBucket aborts the run's multipart upload with everything else.
    const leftovers = await destroyBucket(this.client, this.bucket);
    if (leftovers.length === 0) forgetRun(this.runPrefix);
    return leftovers;
  }
}

// ---------------------------------------------------------------------------
// The property driver: fast-check runs, shrinks and reports; we count and keep the details.

interface PropertyOptions extends FuzzOptions {
  seed: number;
}

async function runProperty<T extends object>(
  session: FuzzSession,
  property: FuzzArea,
  arbitrary: Arbitrary<T>,
  check: (value: T) => Promise<CheckResult>,
  toInput: (value: T) => FuzzInput,
  caseFileFor: CaseFileMaker<T>,
  options: PropertyOptions,
  refine?: (value: T, check: (value: T) => Promise<CheckResult>) => Promise<T>,
): Promise<PropertyReport> {
  const started = performance.now();
  const requestsBefore = session.requests;
  const uploadsBefore = session.uploadCount;
  let failing = false;
  let skippedAsUnknown = 0;
  let checked = 0;
  const failures = new Map<string, Extract<CheckResult, { kind: 'checked' }>>();

  let skippedAsKnown = 0;
  const prop = fc.asyncProperty(arbitrary, async (value) => {
    if (options.knownDeviation?.(toInput(value)) !== undefined) {
      if (!failing) skippedAsKnown += 1;
      return true;
    }
    let result: CheckResult;
    try {
      result = await check(value);
    } catch (error) {
      const what = error instanceof TransportError ? `transport error (${error.causeCode})` : 'error';
      result = { kind: 'checked', mismatches: [`${what}: ${(error as Error).message}`], expected: {}, sentValue: '' };
    }
    if (result.kind === 'unknown') {
      // Counted only before the first failure: later calls are fast-check shrinking.
      if (!failing) skippedAsUnknown += 1;
      return true;
    }
    if (!failing) checked += 1;
    if (result.mismatches.length === 0) return true;
    failing = true;
    failures.set(JSON.stringify(value), result);
    return false;
  });

  const details = await fc.check(prop, { seed: options.seed, path: options.path, numRuns: options.runs });
  const durationMs = performance.now() - started;
  const report: PropertyReport = {
    property,
    outcome: details.failed ? 'failed' : 'passed',
    runs: details.numRuns,
    failures: details.failed ? 1 : 0,
    skippedAsUnknown,
    ...(options.knownDeviation ? { skippedAsKnown } : {}),
    checked,
    uploads: session.uploadCount - uploadsBefore,
    requests: session.requests - requestsBefore,
    durationMs: Math.round(durationMs),
    runsPerSecond: details.numRuns / (durationMs / 1000),
  };
  if (details.failed && details.counterexample && details.counterexamplePath !== null) {
    const [shrunk] = details.counterexample;
    // A deterministic last step after fast-check's shrinking (the same on every replay).
    const value = refine
      ? await refine(shrunk, async (candidate) => {
          const result = await check(candidate).catch(
            (error: Error): CheckResult => ({ kind: 'checked', mismatches: [`error: ${error.message}`], expected: {}, sentValue: '' }),
          );
          if (result.kind === 'checked' && result.mismatches.length > 0) failures.set(JSON.stringify(candidate), result);
          return result;
        })
      : shrunk;
    const result = failures.get(JSON.stringify(value));
    const path = details.counterexamplePath;
    const replay = `${options.replayPrefix ?? 's3-conformance fuzz'} --area ${property} --seed ${details.seed} --path ${path}`;
    const provenance: Provenance = { property, seed: details.seed, path, targetName: session.target.name };
    const sentValue = result?.sentValue ?? '';
    report.counterexample = {
      property,
      seed: details.seed,
      path,
      shrinks: details.numShrinks,
      input: toInput(value),
      ...(value !== shrunk ? { shrunkByFastCheck: toInput(shrunk) } : {}),
      sentValue,
      expected: result?.expected ?? {},
      observed: result?.observed,
      mismatches: result?.mismatches ?? [details.errorInstance instanceof Error ? details.errorInstance.message : 'the property failed'],
      replay,
      caseFile: caseFileFor(value, sentValue, provenance),
    };
  } else if (details.failed || details.interrupted) {
    report.outcome = 'error';
    report.error = `the property stopped without a counterexample${details.interrupted ? ' (interrupted)' : ''}`;
  } else if (checked === 0) {
    report.outcome = 'not run';
    const known = options.knownDeviation ? `, ${skippedAsKnown} as known deviations` : '';
    report.notRun = `no input was checked: ${skippedAsUnknown + skippedAsKnown} of ${details.numRuns} skipped (${skippedAsUnknown} unknown to the model${known})`;
  }
  return report;
}

function summarize(response: ReadResponse): ObservedSummary {
  const headers: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) if (response.headers[name] !== undefined) headers[name] = response.headers[name]!;
  return { status: response.status, headers, errorCode: response.errorCode, bodyLength: response.body.length };
}

function compareBody(expected: Buffer, observed: Buffer): string | undefined {
  if (expected.equals(observed)) return undefined;
  if (expected.length !== observed.length) return `body: expected ${expected.length} byte(s), got ${observed.length}`;
  const at = expected.findIndex((byte, index) => observed[index] !== byte);
  return `body: bytes differ from offset ${at}`;
}

// ---------------------------------------------------------------------------
// Property 1: GetObject with Range vs expectedGetRange.

async function rangeProperty(session: FuzzSession, options: PropertyOptions): Promise<PropertyReport> {
  return runProperty(
    session,
    'range',
    fuzzRangeInputArb,
    async ({ objectSize, rangeHeader }): Promise<CheckResult> => {
      const outcome = expectedGetRange(objectSize, rangeHeader);
      if (outcome.status === 'unknown') return { kind: 'unknown', reason: outcome.reason };
      const key = await session.objectOfSize(objectSize);
      const response = await session.request({ op: 'GetObject', key }, [['Range', rangeHeader]]);
      const mismatches: string[] = [];
      if (response.status !== outcome.status) mismatches.push(`status: expected ${outcome.status}, got ${response.status}`);
      const contentRange = response.headers['content-range'];
      const contentLength = response.headers['content-length'];
      if (outcome.status === 206) {
        if (contentRange !== outcome.contentRange)
          mismatches.push(`Content-Range: expected ${JSON.stringify(outcome.contentRange)}, got ${JSON.stringify(contentRange ?? null)}`);
      }
      if (outcome.status === 416) {
        // Content-Range on a 416 is advisory in the model (contentRangeIsAdvisory): not checked.
        if (response.errorCode !== outcome.errorCode)
          mismatches.push(`error code: expected ${outcome.errorCode}, got ${response.errorCode ?? 'none'}`);
      } else {
        if (contentLength !== String(outcome.contentLength))
          mismatches.push(`Content-Length: expected ${outcome.contentLength}, got ${contentLength ?? 'none'}`);
        const bodyMismatch = compareBody(patternBytes(outcome.start, outcome.endExclusive - outcome.start), response.body);
        if (bodyMismatch) mismatches.push(bodyMismatch);
      }
      return {
        kind: 'checked',
        mismatches,
        expected: { ...outcome },
        observed: summarize(response),
        sentValue: rangeHeader,
      };
    },
    ({ objectSize, rangeHeader }) => ({ property: 'range', objectSize, rangeHeader }),
    (value, _sent, provenance) => {
      const outcome = expectedGetRange(value.objectSize, value.rangeHeader);
      return outcome.status === 'unknown' ? undefined : rangeCaseFile(value, outcome, provenance);
    },
    options,
    async (value, check) => {
      // An anchored range is re-aimed at smaller objects: the smallest one that still fails.
      const shape = value.shape;
      if (shape === undefined) return value;
      const at = (objectSize: number) => ({ objectSize, rangeHeader: renderAnchoredRange(shape, objectSize), shape });
      const fails = async (objectSize: number) => {
        const result = await check(at(objectSize));
        return result.kind === 'checked' && result.mismatches.length > 0;
      };
      const size = await smallestFailingSize(value.objectSize, fails);
      return size === value.objectSize ? value : at(size);
    },
  );
}

// ---------------------------------------------------------------------------
// Property 2: UploadPartCopy with x-amz-copy-source-range vs expectedCopySourceRange.

async function copyRangeProperty(session: FuzzSession, options: PropertyOptions): Promise<PropertyReport> {
  // A server without UploadPartCopy cannot be judged: say so once instead of shrinking a 501.
  let upload: { key: string; uploadId: string };
  try {
    upload = await session.multipartUpload();
    const probeSource = await session.objectOfSize(1);
    const probe = await session.request(
      { op: 'UploadPartCopy', key: upload.key, uploadId: upload.uploadId, partNumber: 1, copySource: { key: probeSource } },
      [['x-amz-copy-source-range', 'bytes=0-0']],
    );
    if (probe.status === 501 || probe.errorCode === 'NotImplemented') {
      return {
        ...emptyReport('copy-range'),
        outcome: 'not run',
        notRun: 'the target does not implement UploadPartCopy (501 NotImplemented)',
      };
    }
  } catch (error) {
    return { ...emptyReport('copy-range'), outcome: 'error', error: `cannot run: ${(error as Error).message}` };
  }
  return runProperty(
    session,
    'copy-range',
    fuzzCopyRangeInputArb,
    async ({ sourceSize, copySourceRange }): Promise<CheckResult> => {
      const outcome = expectedCopySourceRange(sourceSize, copySourceRange);
      if (outcome.status === 'unknown') return { kind: 'unknown', reason: outcome.reason };
      const source = await session.objectOfSize(sourceSize);
      const response = await session.request(
        { op: 'UploadPartCopy', key: upload.key, uploadId: upload.uploadId, partNumber: 1, copySource: { key: source } },
        [['x-amz-copy-source-range', copySourceRange]],
      );
      const mismatches: string[] = [];
      if (response.status !== outcome.status) mismatches.push(`status: expected ${outcome.status}, got ${response.status}`);
      if (outcome.status === 400) {
        if (response.errorCode !== outcome.errorCode)
          mismatches.push(`error code: expected ${outcome.errorCode}, got ${response.errorCode ?? 'none'}`);
      } else if (response.status === 200) {
        // A part's ETag is the MD5 of its bytes for an unencrypted object: it proves the copied slice.
        const etag = xmlText(resolveXmlPath(response.xml, 'CopyPartResult.ETag')[0]).replace(/"/g, '');
        const md5 = partMd5(outcome.start, outcome.partSize);
        if (etag !== md5)
          mismatches.push(
            `CopyPartResult.ETag: expected the MD5 of bytes ${outcome.start}-${outcome.endExclusive - 1} (${md5}), got ${JSON.stringify(etag)}`,
          );
      }
      return { kind: 'checked', mismatches, expected: { ...outcome }, observed: summarize(response), sentValue: copySourceRange };
    },
    (value) => ({ property: 'copy-range', ...value }),
    (value, _sent, provenance) => {
      const outcome = expectedCopySourceRange(value.sourceSize, value.copySourceRange);
      return outcome.status === 'unknown' ? undefined : copyRangeCaseFile(value, outcome, provenance);
    },
    options,
  );
}

// ---------------------------------------------------------------------------
// Property 3: If-Modified-Since / If-Unmodified-Since date parsing vs expectedConditionalDate.

const DATE_FORMAT_ARB = fc.oneof(
  { arbitrary: fc.constant<HttpDateFormat>('imf-fixdate'), weight: 6 },
  { arbitrary: fc.constantFrom<HttpDateFormat>('rfc850', 'asctime'), weight: 2 },
);

/** Dates anchored on the object's Last-Modified (seconds to a year either side), or anywhere in 1970-2069. */
export const dateInputArb: Arbitrary<DateInput> = fc
  .record({
    header: fc.constantFrom<DateConditionHeader>('If-Modified-Since', 'If-Unmodified-Since'),
    date: fc.oneof(
      { withCrossShrink: true },
      {
        arbitrary: fc.record({
          offsetSeconds: fc.oneof(
            { arbitrary: fc.integer({ min: -30, max: 30 }), weight: 3 },
            { arbitrary: fc.integer({ min: -400 * 86400, max: 400 * 86400 }), weight: 2 },
          ),
          format: DATE_FORMAT_ARB,
          mutation: httpDateShapeArb.map((shape) => shape.mutation),
        }),
        weight: 3,
      },
      { arbitrary: httpDateShapeArb, weight: 2 },
    ),
  })
  .map(
    ({ header, date }): DateInput =>
      'offsetSeconds' in date
        ? { header, anchor: 'last-modified', offsetSeconds: date.offsetSeconds, format: date.format, mutation: date.mutation }
        : { header, anchor: 'absolute', offsetSeconds: 0, absolute: date.date.toISOString(), format: date.format, mutation: date.mutation },
  );

/** The instant a date input stands for. */
function inputDate(input: DateInput, lastModified: Date): Date {
  return input.anchor === 'absolute' ? new Date(input.absolute ?? 0) : new Date(lastModified.getTime() + input.offsetSeconds * 1000);
}

export function renderDateInput(input: DateInput, lastModified: Date): string {
  return renderHttpDate({ date: inputDate(input, lastModified), format: input.format, mutation: input.mutation as HttpDateMutation });
}

/** What the model expects of a date input sent as `value`; a mutated date may be read leniently as the date it was. */
function expectedForDateInput(input: DateInput, value: string, lastModified: Date) {
  const readableAs = input.mutation === 'none' ? undefined : inputDate(input, lastModified);
  return expectedConditionalDate({ header: input.header, value, lastModified, now: new Date(), readableAs });
}

async function datesProperty(session: FuzzSession, options: PropertyOptions): Promise<PropertyReport> {
  let lastModified: Date;
  const key = 'dated';
  try {
    const put = await session.request({ op: 'PutObject', key, body: { pattern: { from: 0, length: DATED_OBJECT_SIZE } } });
    if (put.status !== 200) throw new Error(`PutObject answered ${put.status} ${put.errorCode ?? ''}`);
    const head = await session.request({ op: 'HeadObject', key });
    const parsed = Date.parse(head.headers['last-modified'] ?? '');
    if (head.status !== 200 || Number.isNaN(parsed)) throw new Error(`HeadObject answered ${head.status} without a usable Last-Modified`);
    lastModified = new Date(parsed);
  } catch (error) {
    return { ...emptyReport('dates'), outcome: 'error', error: `cannot run: ${(error as Error).message}` };
  }
  // Let time pass so that some dates after Last-Modified are already in the past.
  await new Promise((resolve) => setTimeout(resolve, options.dateSettleMs ?? 4000));
  const whole = patternBytes(0, DATED_OBJECT_SIZE);
  return runProperty(
    session,
    'dates',
    dateInputArb,
    async (input): Promise<CheckResult> => {
      const value = renderDateInput(input, lastModified);
      const outcome = expectedForDateInput(input, value, lastModified);
      if (outcome.status === 'unknown') return { kind: 'unknown', reason: outcome.reason };
      const response = await session.request({ op: 'GetObject', key }, [[input.header, value]]);
      const mismatches: string[] = [];
      if (response.status !== outcome.status) mismatches.push(`status: expected ${outcome.status}, got ${response.status}`);
      else if (outcome.status === 200) {
        const bodyMismatch = compareBody(whole, response.body);
        if (bodyMismatch) mismatches.push(bodyMismatch);
      } else if (outcome.status === 412 && response.errorCode !== outcome.errorCode) {
        mismatches.push(`error code: expected ${outcome.errorCode}, got ${response.errorCode ?? 'none'}`);
      }
      return {
        kind: 'checked',
        mismatches,
        expected: { ...outcome, lastModified: lastModified.toUTCString() },
        observed: summarize(response),
        sentValue: value,
      };
    },
    (input) => ({ property: 'dates', ...input }),
    (input, sentValue, provenance) => {
      const outcome = expectedForDateInput(input, sentValue, lastModified);
      return outcome.status === 'unknown' ? undefined : dateCaseFile(input, sentValue, outcome, provenance);
    },
    options,
  );
}

function emptyReport(property: FuzzArea): Omit<PropertyReport, 'outcome'> {
  return { property, runs: 0, failures: 0, skippedAsUnknown: 0, checked: 0, uploads: 0, requests: 0, durationMs: 0, runsPerSecond: 0 };
}

const PROPERTIES: Record<FuzzArea, (session: FuzzSession, options: PropertyOptions) => Promise<PropertyReport>> = {
  range: rangeProperty,
  'copy-range': copyRangeProperty,
  dates: datesProperty,
};
