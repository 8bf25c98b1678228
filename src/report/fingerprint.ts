// A deviation's fingerprint: how a case fails, as one stable line, so a baseline can tell a known
// deviation from the same case failing another way. A failure is its status and error code,
// expected → observed, or, where those match, the names of what else did not (headers, XML paths,
// body); an error is its kind: the reason's first clause (a transport error's cause too), with
// the run's bucket names masked.
// Values that differ from run to run (ETags, dates, request ids, messages) are left out.
import type { CaseResult } from './model.ts';

/** A bucket of some run: `<prefix>-<8 hex>[-r<n>]-<10 hex>[-<alias>]` (see engine/run-case.ts). */
const RUN_BUCKET = /\b[a-z0-9][a-z0-9-]*?-[0-9a-f]{8}(?:-r\d+)?-[0-9a-f]{10}(?:-[a-z0-9-]+)?/g;

export function fingerprintOf(result: Pick<CaseResult, 'outcome' | 'reason' | 'mismatches' | 'attempts'>): string {
  // A flaky case keeps the evidence of its first attempt, which failed (only failures are rerun).
  const outcome = result.outcome === 'flaky' ? (result.attempts?.[0]?.outcome ?? 'fail') : result.outcome;
  if (outcome !== 'fail') return `${outcome}: ${errorKind(result.reason)}`;
  const mismatches = result.mismatches ?? [];
  const valued = mismatches
    .filter((m) => m.what === 'status' || m.what === 'error')
    .map((m) => `${m.what} ${m.expected} → ${shortened(m.observed)}`);
  // A different status explains the rest: the other mismatches follow from another response.
  const named = mismatches.some((m) => m.what === 'status')
    ? []
    : mismatches.filter((m) => m.what !== 'status' && m.what !== 'error').map((m) => m.what);
  return `fail: ${[...valued, ...named].join(', ') || '(no mismatch recorded)'}`;
}

/**
 * The server's answer in a deviation, the observed half of its fingerprint, worded alike whether
 * the case's own request or a setup step got it: its status and error code (`411
 * MissingContentLength`, the code read from the error body where the case did not judge it), or,
 * for a body re-encoded by a wire dialect, what was stored (`stored object: aws-chunked framing
 * inside`), or a transport error's cause. Undefined where the status and error code were right and
 * something else was not (headers, XML, body): that is no refusal of a request but a wrong answer.
 */
export function observedAnswer(result: Pick<CaseResult, 'outcome' | 'reason' | 'mismatches' | 'exchange'>): string | undefined {
  if (result.outcome === 'error') {
    const firstLine = result.reason?.split('\n')[0] ?? '';
    const step = /^given step \d+ \(\w+\) got (\d{3})(?: (\w+))?/.exec(firstLine);
    if (step) return step[2] ? `${step[1]} ${step[2]}` : step[1];
    const transport = /^[A-Z]+ \/\S*: ([^:]+)/.exec(firstLine);
    return transport?.[1];
  }
  if (result.outcome !== 'fail') return undefined;
  const mismatches = result.mismatches ?? [];
  const status = mismatches.find((m) => m.what === 'status');
  const error = mismatches.find((m) => m.what === 'error');
  if (status || error) {
    const observedStatus = status?.observed ?? result.exchange?.response?.status.toString();
    if (observedStatus === undefined) return undefined;
    const code = error && !error.observed.startsWith('(') ? error.observed : errorCodeIn(result.exchange?.response?.bodyPreview);
    return code ? `${observedStatus} ${code}` : observedStatus;
  }
  const stored = mismatches.find((m) => m.what.startsWith('stored object'));
  if (!stored) return undefined;
  if (stored.observed.includes('aws-chunked framing inside')) return 'stored object: aws-chunked framing inside';
  return `stored object: ${stored.observed.startsWith('status ') ? stored.observed : 'other bytes'}`;
}

/** The `<Code>` of an S3 error body (only its first part is kept in a result). */
function errorCodeIn(body: string | undefined): string | undefined {
  return body && /<Error>[\s\S]*?<Code>([\w.-]+)<\/Code>/.exec(body)?.[1];
}

/** `text` with the run's bucket names masked as `{bucket}`: they differ from run to run. */
export function maskRunBuckets(text: string): string {
  return text.replace(RUN_BUCKET, '{bucket}');
}

/** An error's kind: what went wrong, not the message's details (`given step 2 (PutObject) got 501 NotImplemented`). */
export function errorKind(reason: string | undefined): string {
  if (!reason) return '(no reason given)';
  const clauses = maskRunBuckets(reason.split('\n')[0]!).split(': ');
  // A transport error names the request first (`GET /{bucket}/key: socket hang up`): its cause is the kind.
  return clauses.slice(0, /^[A-Z]+ \//.test(clauses[0]!) ? 2 : 1).join(': ');
}

/** `(body is not well-formed XML: line 3 ...)` reads `(body is not well-formed XML)`. */
function shortened(observed: string): string {
  const colon = observed.indexOf(':');
  return observed.startsWith('(') && colon !== -1 ? `${observed.slice(0, colon)})` : observed;
}
