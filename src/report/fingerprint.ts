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
