// Reference model of Amazon S3's answer to GetObject with a `Range` header.
//
// The model is built from two kinds of source and says which one each rule
// rests on:
//   - RFC 9110 (HTTP Semantics) sections 14.1-14.4 and 15.5.17;
//   - Amazon S3's recorded behaviour, chiefly LocalStack's AWS-validated
//     snapshot `tests/aws/services/s3/test_s3_api.snapshot.json`, test
//     `TestS3ObjectCRUD::test_get_object_range` (recorded against AWS on
//     2026-02-21, object "0123456789"), plus the API reference
//     https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html .
//
// Where the sources are silent or disagree, the model answers
// `{ status: 'unknown' }` so a fuzzer skips the input instead of asserting a
// guess.

import {
  INT64_LIMIT,
  assertObjectSize,
  hasLeadingZero,
  hasNonVisibleCharacter,
  satisfiedContentRange,
  trimFieldWhitespace,
  unsatisfiedContentRange,
} from './range-syntax.ts';

export type RangeOutcome =
  /** Whole object; the Range header was ignored. */
  | { status: 200; contentLength: number; start: 0; endExclusive: number; reason: string }
  /** One satisfiable range; the body is bytes [start, endExclusive). */
  | { status: 206; contentRange: string; contentLength: number; start: number; endExclusive: number; reason: string }
  /**
   * Unsatisfiable range. `contentRange` is what RFC 9110 section 15.5.17 says
   * a server SHOULD send (`bytes *\/size`); no recorded AWS response we found
   * shows the header (the LocalStack snapshot strips headers), so callers
   * should check it only as advisory: `contentRangeIsAdvisory` is always true.
   */
  | { status: 416; errorCode: 'InvalidRange'; contentRange: string; contentRangeIsAdvisory: true; reason: string }
  /** S3's behaviour for this input is not established; do not assert anything. */
  | { status: 'unknown'; reason: string };

export type KnownRangeOutcome = Exclude<RangeOutcome, { status: 'unknown' }>;

export function isKnownRangeOutcome(outcome: RangeOutcome): outcome is KnownRangeOutcome {
  return outcome.status !== 'unknown';
}

const SNAPSHOT = 'LocalStack test_s3_api.snapshot.json test_get_object_range';

/** One parsed range-spec (RFC 9110 section 14.1.1), numbers kept exact. */
type ParsedSpec =
  | { kind: 'int-range'; first: bigint; last: bigint | null }
  | { kind: 'suffix-range'; length: bigint }
  /** Syntactically invalid in a way S3 is recorded to ignore. */
  | { kind: 'ignored'; reason: string }
  | { kind: 'unknown'; reason: string };

export function expectedGetRange(objectSize: number, rangeHeader: string): RangeOutcome {
  assertObjectSize(objectSize);
  // RFC 9110 section 5.5: leading/trailing whitespace is not part of the value.
  const value = trimFieldWhitespace(rangeHeader);

  if (value === '') {
    return unknown('empty Range value: clients may drop it, and S3 is not recorded receiving one');
  }
  if (hasNonVisibleCharacter(value)) {
    // RFC 9110 section 14.1.1 grammar has no whitespace around `=` or `-`
    // (OWS only around list commas, section 5.6.1), so RFC says "invalid, MAY
    // ignore" (section 14.2). S3's parser tolerance for inner whitespace,
    // control or non-ASCII characters is not recorded.
    return unknown('whitespace, control or non-ASCII character inside the value: S3 handling not recorded');
  }

  const equalsAt = value.indexOf('=');
  if (equalsAt === -1) {
    // Recorded: `Range: 0-1` (no unit, no `=`) returns the whole object, 200
    // (snapshot get-wrong-format). Also reported from AWS for `bytes:0-1023`
    // (aws/aws-sdk-cpp#265). RFC 9110 section 14.2: invalid ranges-specifier MAY be ignored.
    return whole(objectSize, `no "=" so not a ranges-specifier; ignored (${SNAPSHOT} get-wrong-format)`);
  }

  const unit = value.slice(0, equalsAt);
  const rangeSet = value.slice(equalsAt + 1);
  if (unit !== 'bytes') {
    if (unit.toLowerCase() === 'bytes') {
      // RFC 9110 section 14.1: range unit names are case-insensitive, so RFC
      // would honour it; whether S3 does is not recorded.
      return unknown(`range unit "${unit}" differs from "bytes" only in letter case: S3 handling not recorded`);
    }
    // RFC 9110 section 14.2: an origin server MUST ignore a Range with a unit
    // it does not understand. S3 is not recorded on this, and some S3-like
    // parsers skip the unit entirely, so do not assert.
    return unknown(`range unit "${unit}" is not "bytes": RFC says ignore, S3 not recorded`);
  }

  if (rangeSet.includes(',')) return expectedForRangeList(objectSize, rangeSet);

  const spec = parseRangeSpec(rangeSet);
  return outcomeForSpec(objectSize, spec);
}

/** A range-set with commas: several ranges, or empty list elements. */
function expectedForRangeList(objectSize: number, rangeSet: string): RangeOutcome {
  const elements = rangeSet.split(',');
  if (elements.some((element) => element === '')) {
    // RFC 9110 section 5.6.1 makes recipients skip empty list elements, so
    // `bytes=0-1,` is one range to RFC; S3 may instead see "a list". Unrecorded.
    return unknown('empty list element (leading, doubled or trailing comma): S3 handling not recorded');
  }
  const outcomes = elements.map((element) => outcomeForSpec(objectSize, parseRangeSpec(element)));
  const allPlainAndValid = outcomes.every((outcome) => outcome.status === 206 || outcome.status === 416);
  const anySatisfiable = outcomes.some((outcome) => outcome.status === 206);
  if (allPlainAndValid && anySatisfiable) {
    // API_GetObject: "Amazon S3 doesn't support retrieving multiple ranges of
    // data per GET request." Recorded: `bytes=0-1,3-4,7-9` returns the whole
    // object, 200 (snapshot get-multiple-ranges); also an AWS trace in
    // basho/riak_cs#304 for `bytes=1-3,5-8`.
    return whole(objectSize, `multiple ranges are not supported; header ignored (${SNAPSHOT} get-multiple-ranges)`);
  }
  // Lists with an invalid, unsatisfiable-only or otherwise unclear element:
  // RFC 9110 section 14.2 allows ignoring, or 416 when nothing is
  // satisfiable; which S3 picks is not recorded.
  return unknown('range list with invalid or only unsatisfiable elements: S3 handling not recorded');
}

function parseRangeSpec(text: string): ParsedSpec {
  const match = /^(\d*)-(\d*)$/.exec(text);
  if (match === null) {
    if (text === '-' || (/^[\d-]+$/.test(text) && countHyphens(text) >= 2)) {
      // Recorded: `bytes=-1-` and `bytes=0--1` (extra hyphens, i.e. what a
      // negative number would look like) return the whole object, 200
      // (snapshot get--1-, get-0--1). Generalised to any digits-and-hyphens
      // spec with two or more hyphens.
      return { kind: 'ignored', reason: `extra "-" makes the range-spec invalid; ignored (${SNAPSHOT} get--1-, get-0--1)` };
    }
    // Letters, `+` signs, a missing `-`, ...: invalid per RFC 9110 section
    // 14.1.1 (so MAY be ignored, section 14.2), but S3 is not recorded on
    // these and a lenient number parser might accept e.g. `+5`.
    return { kind: 'unknown', reason: `range-spec "${text}" is not digits "-" digits: S3 handling not recorded` };
  }
  const firstDigits = match[1] ?? '';
  const lastDigits = match[2] ?? '';
  if (firstDigits === '' && lastDigits === '') {
    // Recorded: `bytes=-` returns the whole object, 200 (snapshot get--).
    return { kind: 'ignored', reason: `"-" alone is not a range-spec; ignored (${SNAPSHOT} get--)` };
  }
  if (hasLeadingZero(firstDigits) || hasLeadingZero(lastDigits)) {
    // RFC 9110 section 14.1.1 allows them (`1*DIGIT`); S3 is not recorded.
    return { kind: 'unknown', reason: 'leading zeros: valid per RFC 9110 14.1.1 but S3 handling not recorded' };
  }
  const first = firstDigits === '' ? null : BigInt(firstDigits);
  const last = lastDigits === '' ? null : BigInt(lastDigits);
  if ((first !== null && first >= INT64_LIMIT) || (last !== null && last >= INT64_LIMIT)) {
    return { kind: 'unknown', reason: 'a number at or above 2^63: S3 overflow handling not recorded (RFC 9110 14.1.2)' };
  }
  if (first === null) return { kind: 'suffix-range', length: last ?? 0n };
  return { kind: 'int-range', first, last };
}

function outcomeForSpec(objectSize: number, spec: ParsedSpec): RangeOutcome {
  const size = BigInt(objectSize);
  switch (spec.kind) {
    case 'unknown':
      return unknown(spec.reason);
    case 'ignored':
      return whole(objectSize, spec.reason);
    case 'suffix-range': {
      if (spec.length === 0n) {
        // RFC 9110 section 14.1.2: a suffix-range is satisfiable only with a
        // non-zero suffix-length. Recorded: `bytes=-0` gives 416 InvalidRange
        // (snapshot get--0). Holds for the empty object too: RFC and S3 agree.
        return unsatisfiable(objectSize, `zero suffix-length is unsatisfiable (RFC 9110 14.1.2; ${SNAPSHOT} get--0)`);
      }
      if (objectSize === 0) {
        // RFC 9110 section 14.1.2 calls `bytes=-n` (n > 0) satisfiable on an
        // empty representation, yet no 206 Content-Range can describe zero
        // bytes. One report says AWS answers 200 with Content-Length 0
        // (apache/arrow-rs-object-store#846; floci-io/floci#1141 via Trino),
        // but nothing recorded confirms it.
        return unknown('suffix range on an empty object: reported as 200 empty, not recorded');
      }
      // RFC 9110 section 14.1.2: "If the selected representation is shorter
      // than the specified suffix-length, the entire representation is
      // used." Recorded: `bytes=-2` -> 206 bytes 8-9/10; `bytes=-15` -> 206
      // bytes 0-9/10 (snapshot get--2, get--15), i.e. still 206, not 200.
      const length = spec.length < size ? spec.length : size;
      const start = Number(size - length);
      return partial(objectSize, start, objectSize, `suffix range, last ${length} byte(s) (RFC 9110 14.1.2; ${SNAPSHOT} get--2, get--15)`);
    }
    case 'int-range': {
      if (spec.last !== null && spec.last < spec.first) {
        if (spec.first >= size) {
          // Reversed *and* starting past the end: RFC says "invalid, ignore"
          // (200); an S3 that checks the start first would say 416. Only
          // reversed ranges inside the object are recorded.
          return unknown('reversed range whose start is past the end: which check S3 applies first is not recorded');
        }
        // RFC 9110 section 14.1.1: "An int-range is invalid if the last-pos
        // value is present and less than the first-pos"; section 14.2: MAY
        // ignore. Recorded: `bytes=1-0` returns the whole object, 200
        // (snapshot get-1-0; also noobaa/noobaa-core#9889 for `bytes=3-0`).
        return whole(objectSize, `reversed range is invalid; ignored (RFC 9110 14.1.1; ${SNAPSHOT} get-1-0)`);
      }
      if (spec.first >= size) {
        // RFC 9110 section 14.1.2: an int-range is satisfiable only if
        // first-pos < length; section 15.5.17: 416. Recorded: `bytes=100-200`
        // on 10 bytes -> 416 InvalidRange (snapshot get-100-200; LocalStack
        // test_s3.snapshot.json test_invalid_range_error). Empty object:
        // ceph/s3-tests test_ranged_request_empty_object (`bytes=40-50`) and
        // an AWS trace for `bytes=0-` in minio/minio-java#636.
        return unsatisfiable(
          objectSize,
          `first-pos ${spec.first} is not below the size (RFC 9110 14.1.2, 15.5.17; ${SNAPSHOT} get-100-200)`,
        );
      }
      // RFC 9110 section 14.1.2: an absent last-pos, or one at or past the
      // length, means "to the end". Recorded: `bytes=1-` -> 206 bytes 1-9/10,
      // `bytes=0-100` -> 206 bytes 0-9/10, `bytes=0-8` -> 206 bytes 0-8/10
      // (snapshot get-1-, get-0-100, get-0-8); ceph/s3-tests
      // test_ranged_request_response_code and friends.
      const endExclusive = spec.last === null || spec.last >= size ? objectSize : Number(spec.last) + 1;
      return partial(
        objectSize,
        Number(spec.first),
        endExclusive,
        `int-range, end clamped to the object (RFC 9110 14.1.2; ${SNAPSHOT} get-0-8, get-1-, get-0-100)`,
      );
    }
  }
}

function countHyphens(text: string): number {
  let count = 0;
  for (const character of text) if (character === '-') count += 1;
  return count;
}

function whole(objectSize: number, reason: string): RangeOutcome {
  return { status: 200, contentLength: objectSize, start: 0, endExclusive: objectSize, reason };
}

function partial(objectSize: number, start: number, endExclusive: number, reason: string): RangeOutcome {
  return {
    status: 206,
    // RFC 9110 section 14.4: `bytes first-last/complete-length`, inclusive.
    contentRange: satisfiedContentRange(start, endExclusive, objectSize),
    contentLength: endExclusive - start,
    start,
    endExclusive,
    reason,
  };
}

function unsatisfiable(objectSize: number, reason: string): RangeOutcome {
  return {
    status: 416,
    // Recorded error code: snapshot get--0 / get-100-200 `Code: InvalidRange`.
    errorCode: 'InvalidRange',
    // RFC 9110 sections 14.4 and 15.5.17: unsatisfied-range `*/complete-length`.
    contentRange: unsatisfiedContentRange(objectSize),
    contentRangeIsAdvisory: true,
    reason,
  };
}

function unknown(reason: string): RangeOutcome {
  return { status: 'unknown', reason };
}
