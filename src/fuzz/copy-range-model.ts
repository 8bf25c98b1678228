// Reference model of Amazon S3's answer to UploadPartCopy with an
// `x-amz-copy-source-range` header.
//
// Unlike GET's `Range`, this header is strict: the API reference says "The
// range value must use the form bytes=first-last, where the first and last
// are the zero-based byte offsets to copy"
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html;
// /work/shared/reference/upload-part-copy.txt). Malformed values are errors,
// never ignored.
//
// Recorded behaviour comes from LocalStack's AWS-validated snapshot
// `tests/aws/services/s3/test_s3_api.snapshot.json`, test
// `TestS3Multipart::test_upload_part_copy_range` (recorded against AWS on
// 2026-02-21, 10-byte source "0123456789"), and from ceph/s3-tests
// `test_multipart_copy_improper_range` (not marked fails_on_aws).
//
// The same reference also says "You can copy a range only if the source
// object is greater than 5 MB"; the snapshot shows ranged copies of a 10-byte
// source succeeding (the part-size minimum is enforced at
// CompleteMultipartUpload), so the model does not apply a 5 MB rule.

import { INT64_LIMIT, assertObjectSize, hasLeadingZero, hasNonVisibleCharacter, trimFieldWhitespace } from './range-syntax.ts';

export type CopyRangeOutcome =
  /** The part is bytes [start, endExclusive) of the source. */
  | { status: 200; start: number; endExclusive: number; partSize: number; reason: string }
  | { status: 400; errorCode: 'InvalidArgument' | 'InvalidRequest'; reason: string }
  /** S3's behaviour for this input is not established; do not assert anything. */
  | { status: 'unknown'; reason: string };

export type KnownCopyRangeOutcome = Exclude<CopyRangeOutcome, { status: 'unknown' }>;

export function isKnownCopyRangeOutcome(outcome: CopyRangeOutcome): outcome is KnownCopyRangeOutcome {
  return outcome.status !== 'unknown';
}

const SNAPSHOT = 'LocalStack test_s3_api.snapshot.json test_upload_part_copy_range';

export function expectedCopySourceRange(sourceSize: number, copySourceRange: string): CopyRangeOutcome {
  assertObjectSize(sourceSize);
  // RFC 9110 section 5.5: leading/trailing whitespace is not part of the value.
  const value = trimFieldWhitespace(copySourceRange);

  if (value === '') {
    return unknown('empty value: clients may drop the header, which means "copy the whole source"');
  }
  if (hasNonVisibleCharacter(value)) {
    return unknown('whitespace, control or non-ASCII character inside the value: S3 handling not recorded');
  }

  const equalsAt = value.indexOf('=');
  if (equalsAt === -1) {
    // Recorded: `0-8` -> 400 InvalidArgument (snapshot
    // upload-part-copy-wrong-format); ceph/s3-tests
    // test_multipart_copy_improper_range `0-2` -> 400 InvalidArgument.
    return malformed(`no "bytes=" prefix (${SNAPSHOT} upload-part-copy-wrong-format)`);
  }
  const unit = value.slice(0, equalsAt);
  const rangeText = value.slice(equalsAt + 1);
  if (unit !== 'bytes') {
    // Letter case (`Bytes=`) or another unit: neither is recorded.
    return unknown(`unit "${unit}" is not "bytes": S3 handling not recorded`);
  }

  const match = /^(\d+)-(\d+)$/.exec(rangeText);
  if (match === null) {
    if (rangeText.includes('+')) {
      // A lenient number parser might read `+5` as 5; not recorded.
      return unknown('"+" sign in the range: S3 handling not recorded');
    }
    // Recorded 400 InvalidArgument for every non-`first-last` form tried:
    // `-1-`, `0--1`, `0-1,3-4,7-9`, `-`, `-0`, `1-`, `-2`, `-15` (snapshot
    // upload-part-copy-range-exc-*); ceph/s3-tests
    // test_multipart_copy_improper_range adds `bytes=0`, `bytes=hello-world`,
    // `bytes=0-bar`, `bytes=hello-`, `bytes=0-2,3-5`.
    return malformed(`"${rangeText}" is not first-last (${SNAPSHOT} upload-part-copy-range-exc-*)`);
  }
  const firstDigits = match[1] ?? '';
  const lastDigits = match[2] ?? '';
  if (hasLeadingZero(firstDigits) || hasLeadingZero(lastDigits)) {
    return unknown('leading zeros: S3 handling not recorded');
  }
  const first = BigInt(firstDigits);
  const last = BigInt(lastDigits);
  if (first >= INT64_LIMIT || last >= INT64_LIMIT) {
    return unknown('a number at or above 2^63: S3 overflow handling not recorded');
  }
  const size = BigInt(sourceSize);

  if (last < first) {
    if (first >= size) {
      // Both "reversed" (InvalidArgument) and "start past the end"
      // (InvalidRequest) apply; which check S3 makes first is not recorded.
      return unknown('reversed range starting past the end: S3 check order not recorded');
    }
    // Recorded: `bytes=1-0` -> 400 InvalidArgument (snapshot upload-part-copy-range-exc-1-0).
    return malformed(`last < first (${SNAPSHOT} upload-part-copy-range-exc-1-0)`);
  }
  if (sourceSize === 0) {
    // Every range is past the end of an empty source, but no recording covers
    // copying a range of an empty object.
    return unknown('range copy from an empty source object: not recorded');
  }
  if (first >= size) {
    // Recorded: `bytes=100-200` on 10 bytes -> 400 InvalidRequest "The
    // specified copy range is invalid for the source object size" (snapshot
    // upload-part-copy-range-exc-100-200). Note: not 416 InvalidRange as for GET.
    return {
      status: 400,
      errorCode: 'InvalidRequest',
      reason: `first ${first} is not below the source size (${SNAPSHOT} upload-part-copy-range-exc-100-200)`,
    };
  }
  if (last >= size) {
    // Recorded: `bytes=0-100` on 10 bytes -> 400 InvalidArgument "Range
    // specified is not valid for source object of size: 10" (snapshot
    // upload-part-copy-range-exc-0-100). No clamping, unlike GET.
    // ceph/s3-tests test_multipart_copy_invalid_range expects InvalidRange
    // (400 or 416) for `bytes=0-21` on 5 bytes; the AWS recording disagrees
    // and is followed here.
    return {
      status: 400,
      errorCode: 'InvalidArgument',
      reason: `last ${last} is not below the source size; no clamping (${SNAPSHOT} upload-part-copy-range-exc-0-100)`,
    };
  }
  // Recorded: `bytes=0-8`, `1-1`, `0-0` -> 200, parts of 9, 1 and 1 bytes
  // (snapshot upload-part-copy-1..3 and list-parts).
  const start = Number(first);
  const endExclusive = Number(last) + 1;
  return {
    status: 200,
    start,
    endExclusive,
    partSize: endExclusive - start,
    reason: `first <= last < size; inclusive range copied (${SNAPSHOT} upload-part-copy-1..3)`,
  };
}

function malformed(reason: string): CopyRangeOutcome {
  return { status: 400, errorCode: 'InvalidArgument', reason };
}

function unknown(reason: string): CopyRangeOutcome {
  return { status: 'unknown', reason };
}
