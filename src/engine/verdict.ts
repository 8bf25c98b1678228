// Verdicts: what the judge concludes about one case. Plain data, so they travel from the vitest
// worker to the reporters unchanged.

export type Outcome = 'pass' | 'fail' | 'skip' | 'error';

export interface Mismatch {
  /** What was compared: `status`, `error`, `header ETag`, `xml CopyPartResult.ETag`, `body`. */
  what: string;
  expected: string;
  observed: string;
}

/** One mismatch as a line: `status: expected 206, observed 200`. */
export function describeMismatch(mismatch: Mismatch): string {
  return `${mismatch.what}: expected ${mismatch.expected}, observed ${mismatch.observed}`;
}

/** A request or response as it may be shown: secrets already redacted. */
export interface ShownExchange {
  request: { method: string; url: string; headers: [string, string][]; bodyLength: number };
  response?: { status: number; headers: Record<string, string>; bodyLength: number; bodyPreview: string };
}

export interface Verdict {
  outcome: Outcome;
  /** Why a case was skipped or errored; the first mismatch for a failure. */
  reason?: string;
  mismatches?: Mismatch[];
  exchange?: ShownExchange;
  /** Buckets or objects the case could not remove afterwards. */
  leftovers?: string[];
  /** Requests resent under --retries, and why: a retry must never hide server behaviour. */
  retries?: string[];
}
