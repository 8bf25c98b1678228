// One case, start to end: check capabilities, make the case's buckets, run the given steps with
// their captures, send the one judged request, judge it, and remove everything the case made.
import { createHash } from 'node:crypto';
import type { CaseDefinition, GivenStep, RequestSpec } from '../case/schema.ts';
import type { Target } from './target.ts';
import { CaseDialect, StoredBodyMismatch } from './case-dialect.ts';
import { DEFAULT_DIALECT } from './wire/dialects.ts';
import { createBucket, destroyBucket, type BucketClient } from './buckets.ts';
import { send, TransportError, type PlannedRequest } from './http.ts';
import { readResponse, resolveXmlPath, xmlText, type ReadResponse } from './observe.ts';
import { judge } from './judge.ts';
import { planRequest, type ChecksumMode } from './plan.ts';
import { Redactor } from './redact.ts';
import { builtinValues, targetSecrets } from './values.ts';
import { describeMismatch, type Mismatch, type ShownExchange, type Verdict } from './verdict.ts';

export interface EngineOptions {
  target: Target;
  /** Makes and removes the case's buckets, as the main account. */
  client: BucketClient;
  /** Prefix of every bucket name this run creates. */
  runPrefix: string;
  requestTimeoutMs: number;
  checksums: ChecksumMode;
  /** How often to resend a request that got no response or a 5xx; 0 by default, each retry reported. */
  retries?: number;
  /** Host-name suffix for the virtual-hosted dialect. */
  virtualHostSuffix?: string;
}

/** A case as the runner hands it over: in the default dialect, or in the one it names. */
export type DialectCase = CaseDefinition & { dialect?: string };

/** A problem that stops the case before its judged request: the verdict is `error`. */
class SetupError extends Error {}

export function missingCapabilities(testCase: Pick<CaseDefinition, 'requires'>, target: Target): string[] {
  return testCase.requires.filter((capability) => !target.capabilities.includes(capability));
}

/** Bucket names are a function of the run prefix and the case id, so a run can be traced. */
export function bucketNamesFor(caseId: string, aliases: string[], runPrefix: string): Map<string, string> {
  const caseHash = createHash('sha256').update(caseId).digest('hex').slice(0, 10);
  return new Map(aliases.map((alias) => [alias, `${runPrefix}-${caseHash}-${alias}`.slice(0, 63).replace(/-+$/, '')]));
}

export async function runCase(testCase: DialectCase, options: EngineOptions): Promise<Verdict> {
  const { target } = options;
  const missing = missingCapabilities(testCase, target);
  if (missing.length > 0) return { outcome: 'skip', reason: `target "${target.name}" lacks ${missing.join(', ')}` };
  const dialect = new CaseDialect(testCase.dialect ?? DEFAULT_DIALECT, { virtualHostSuffix: options.virtualHostSuffix });
  const dialectSkip = dialect.skipReason(testCase);
  if (dialectSkip) return { outcome: 'skip', reason: dialectSkip };

  const redactor = new Redactor(targetSecrets(target));
  const buckets = bucketNamesFor(testCase.id, testCase.buckets, options.runPrefix);
  const values = builtinValues(target, buckets);
  const created: string[] = [];
  const retried: string[] = [];
  const sendWithRetries = async (request: PlannedRequest, spec: RequestSpec): Promise<ReadResponse> => {
    for (let attempt = 0; ; attempt++) {
      const isLastAttempt = attempt >= (options.retries ?? 0);
      let observed: ReadResponse;
      try {
        observed = readResponse(await send(request, { ...transportFor(spec, options), encode: dialect.encodingFor(spec) }));
      } catch (error) {
        if (!(error instanceof TransportError) || isLastAttempt) throw error;
        retried.push(redactor.text(`${spec.op} attempt ${attempt + 1}: ${error.message}`));
        continue;
      }
      if (observed.status < 500 || isLastAttempt) return observed;
      retried.push(`${spec.op} attempt ${attempt + 1}: ${observed.status} ${observed.errorCode ?? ''}`.trim());
    }
  };
  const checkStoredBody = (spec: RequestSpec, request: PlannedRequest, observed: ReadResponse) =>
    dialect.checkStoredBody(spec, request, observed, (read) => send(read, transportFor(spec, options)));
  let exchange: ShownExchange | undefined;
  let verdict: Verdict;
  try {
    for (const name of buckets.values()) {
      await createBucket(options.client, name, options.runPrefix).catch((error: Error) => {
        throw new SetupError(`could not create bucket ${name}: ${error.message}`);
      });
      created.push(name);
    }
    for (const [index, step] of testCase.given.entries()) {
      const { capture: _capture, expectStatus: _expectStatus, ...spec } = step;
      const request = planRequest(spec, { target, buckets, values, checksums: options.checksums });
      const observed = await sendWithRetries(request, spec);
      checkStepStatus(step, observed, index, redactor);
      await checkStoredBody(spec, request, observed);
      captureValues(step, observed, values, index);
    }
    const request = planRequest(testCase.when, { target, buckets, values, checksums: options.checksums });
    exchange = showExchange(request, undefined, redactor);
    const observed = await sendWithRetries(request, testCase.when);
    exchange = showExchange(request, observed, redactor);
    // A 5xx is judged like any answer: the server did answer the case's question, wrongly. Only
    // no answer at all (a transport failure, thrown above) leaves the case unjudged.
    const mismatches = judge(testCase.then, observed, values).map((m) => ({
      what: m.what,
      expected: redactor.text(m.expected),
      observed: redactor.text(m.observed),
    }));
    if (mismatches.length === 0) await checkStoredBody(testCase.when, request, observed);
    verdict =
      mismatches.length === 0
        ? { outcome: 'pass', exchange }
        : { outcome: 'fail', reason: failureReason(mismatches, observed, redactor), mismatches, exchange };
  } catch (error) {
    // Any error, not only set-up and transport ones: a template that cannot render a value quotes
    // it, and that value may be an SSE-C key. Its message is redacted like everything shown. A
    // stored body that is not the body written is the server's answer, judged: a failure.
    const reason = redactor.text(error instanceof Error ? error.message : String(error));
    verdict =
      error instanceof StoredBodyMismatch
        ? { outcome: 'fail', reason, mismatches: [error.mismatch], exchange }
        : { outcome: 'error', reason, exchange };
  }
  const hadUploads = [...testCase.given, testCase.when].some((step) => step.op === 'CreateMultipartUpload');
  const leftovers = (await Promise.all(created.map((name) => destroyBucket(options.client, name, { hadUploads })))).flat();
  return {
    ...verdict,
    ...(retried.length > 0 ? { retries: retried } : {}),
    ...(leftovers.length > 0 ? { leftovers: leftovers.map((l) => redactor.text(l)) } : {}),
  };
}

const QUOTED_SERVER_ERROR_CHARS = 300;

/** The first mismatch; after a server error, with the body that explains it, quoted and redacted. */
function failureReason(mismatches: Mismatch[], observed: ReadResponse, redactor: Redactor): string {
  const first = describeMismatch(mismatches[0]!);
  if (observed.status < 500) return first;
  const body = redactor.preview(observed.body, QUOTED_SERVER_ERROR_CHARS);
  return `${first}; the server answered ${body.length === 0 ? 'with no body' : JSON.stringify(body)}`;
}

function transportFor(spec: RequestSpec, options: EngineOptions) {
  const { target } = options;
  const credentials = spec.credentials === 'second' ? target.secondCredentials : target.credentials;
  if (!credentials) throw new SetupError(`target "${target.name}" has no second account`);
  return { credentials, region: target.region, timeoutMs: options.requestTimeoutMs, ca: target.ca, insecure: target.insecure };
}

function checkStepStatus(step: GivenStep, observed: ReadResponse, index: number, redactor: Redactor): void {
  const accepted = step.expectStatus === undefined ? undefined : ([] as number[]).concat(step.expectStatus);
  const ok = accepted === undefined ? observed.status >= 200 && observed.status < 300 : accepted.includes(observed.status);
  if (ok) return;
  const detail = observed.errorCode ? ` ${observed.errorCode}: ${observed.errorMessage ?? ''}` : '';
  throw new SetupError(
    redactor.text(
      `given step ${index + 1} (${step.op}) got ${observed.status}${detail}, expected ${accepted?.join(' or ') ?? '2xx'}: the server could not set up this case`,
    ),
  );
}

function captureValues(step: GivenStep, observed: ReadResponse, values: Map<string, string>, index: number): void {
  for (const [name, source] of Object.entries(step.capture ?? {})) {
    const [kind, path] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
    const value = kind === 'header' ? observed.headers[path.toLowerCase()] : xmlValue(observed, path);
    if (value === undefined)
      throw new SetupError(`given step ${index + 1} (${step.op}): no ${source} in the response to capture as "${name}"`);
    values.set(name, value);
  }
}

function xmlValue(observed: ReadResponse, path: string): string | undefined {
  const nodes = resolveXmlPath(observed.xml, path);
  return nodes.length === 1 ? xmlText(nodes[0]) : undefined;
}

const PREVIEW_BYTES = 2048;

function showExchange(planned: PlannedRequest, observed: ReadResponse | undefined, redactor: Redactor): ShownExchange {
  const headersShown = (headers: Iterable<[string, string]>): [string, string][] =>
    [...headers].map(([n, v]) => [n, redactor.header(n, v)]);
  // In a wire dialect, the request as it went on the wire: its framing and signing are the point.
  const request = observed?.sent ?? { url: planned.url, headers: planned.headers, bodyLength: planned.body.length };
  return {
    request: {
      method: planned.method,
      url: redactor.text(request.url.toString()),
      headers: headersShown(request.headers),
      bodyLength: request.bodyLength,
    },
    response: observed && {
      status: observed.status,
      headers: Object.fromEntries(headersShown(Object.entries(observed.headers))),
      bodyLength: observed.body.length,
      bodyPreview: redactor.preview(observed.body, PREVIEW_BYTES),
    },
  };
}
