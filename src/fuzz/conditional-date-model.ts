// Reference model of Amazon S3's answer to GetObject with one date conditional header,
// If-Modified-Since or If-Unmodified-Since, given the object's Last-Modified. Pure: the
// fuzzer (fuzz-target.ts) supplies the observed Last-Modified and the clock.
//
// Sources:
//   - RFC 9110 section 13.1.3 (If-Modified-Since) and 13.1.4 (If-Unmodified-Since): a value
//     that is not a valid HTTP-date MUST be ignored; otherwise the condition compares the
//     selected representation's last modification date with the field value;
//   - RFC 9110 section 13.2.2: a false If-Modified-Since on GET is 304 Not Modified, a false
//     If-Unmodified-Since is 412 Precondition Failed;
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (If-Modified-Since:
//     "Return the object only if it has been modified since the specified time; otherwise,
//     return a 304 (not modified) error"; If-Unmodified-Since: "... otherwise, return a 412
//     (precondition failed) error").
//
// Where S3's answer is not established the model says `unknown`, and the fuzzer skips.

import { parseHttpDate, pivotReadingOfRfc850 } from './date-model.ts';

export type DateConditionHeader = 'If-Modified-Since' | 'If-Unmodified-Since';

export type ConditionalDateOutcome =
  | { status: 200 | 304; reason: string }
  | { status: 412; errorCode: 'PreconditionFailed'; reason: string }
  | { status: 'unknown'; reason: string };

/**
 * How close (in ms) a parsed date may be to Last-Modified before the comparison is not asserted:
 * Last-Modified is shown with one-second precision while the server may keep milliseconds, so a
 * date within this margin could fall on either side of the server's own timestamp.
 */
export const LAST_MODIFIED_MARGIN_MS = 2000;

export interface ConditionalDateInput {
  header: DateConditionHeader;
  value: string;
  /** The object's Last-Modified as the server reported it (whole seconds). */
  lastModified: Date;
  /** The server's current time, as near as the client can tell; anchors "future" and two-digit years. */
  now: Date;
  /**
   * For a value that is a valid date bent out of the grammar (lower case, another zone, a space
   * too many...): the instant a lenient parser would read in it.
   */
  readableAs?: Date;
}

export function expectedConditionalDate(input: ConditionalDateInput): ConditionalDateOutcome {
  const parsed = parseHttpDate(input.value, input.now);
  if (parsed === null) {
    // RFC 9110 13.1.3 / 13.1.4: "A recipient MUST ignore the If-Modified-Since [If-Unmodified-Since]
    // header field if the received field value is not a valid HTTP-date". Ignored: 200 and the object.
    // That S3 ignores an unreadable date is reported (minio/minio issue 4082); whether its parser
    // is as strict as the grammar is not: a value a lenient parser reads as a date is asserted
    // only where reading it gives the same answer as ignoring it.
    const ignored = {
      status: 200,
      reason: 'not a valid HTTP-date (RFC 9110 5.6.7), so the header is ignored (RFC 9110 13.1.3, 13.1.4)',
    } as const;
    if (!input.readableAs) return ignored;
    const asRead = compareWithLastModified(input, input.readableAs.getTime());
    return asRead.status === 200
      ? { ...ignored, reason: `${ignored.reason}; read leniently, the condition is true as well` }
      : {
          status: 'unknown',
          reason:
            'not a valid HTTP-date, but a lenient parser reads a date in it that decides otherwise; how strictly S3 parses is not recorded',
        };
  }
  const outcome = compareWithLastModified(input, parsed.getTime());
  const pivotReading = pivotReadingOfRfc850(input.value);
  if (pivotReading && compareWithLastModified(input, pivotReading.getTime()).status !== outcome.status) {
    return {
      status: 'unknown',
      reason: "two-digit year read a century apart by RFC 9110's 50-year rule and by the common 1969 pivot; S3's reading is not recorded",
    };
  }
  return outcome;
}

/** The answer for a date the server has read: the condition compared with Last-Modified. */
function compareWithLastModified(input: ConditionalDateInput, dateMs: number): ConditionalDateOutcome {
  const lastModifiedMs = input.lastModified.getTime();
  if (Math.abs(dateMs - lastModifiedMs) < LAST_MODIFIED_MARGIN_MS) {
    return {
      status: 'unknown',
      reason: `within ${LAST_MODIFIED_MARGIN_MS} ms of Last-Modified: the server's sub-second timestamp decides`,
    };
  }
  const modifiedSince = lastModifiedMs > dateMs;
  if (input.header === 'If-Modified-Since') {
    if (dateMs > input.now.getTime() - LAST_MODIFIED_MARGIN_MS) {
      // RFC 7232 section 3.3 called a date later than the server's clock invalid (so ignored);
      // RFC 9110 dropped that sentence. What S3 does with a future If-Modified-Since is not recorded.
      return { status: 'unknown', reason: 'If-Modified-Since in the future: RFC 7232 says ignore, RFC 9110 says compare; S3 not recorded' };
    }
    // RFC 9110 13.1.3: the condition is false when Last-Modified is not later than the date;
    // 13.2.2 and API_GetObject: a false If-Modified-Since on GET is 304.
    return modifiedSince
      ? {
          status: 200,
          reason: 'Last-Modified is later than If-Modified-Since: condition true (RFC 9110 13.1.3; API_GetObject If-Modified-Since)',
        }
      : {
          status: 304,
          reason: 'Last-Modified is not later than If-Modified-Since: 304 (RFC 9110 13.1.3, 15.4.5; API_GetObject If-Modified-Since)',
        };
  }
  // RFC 9110 13.1.4: the condition is false when Last-Modified is later than the date; then 412
  // (13.2.2; API_GetObject If-Unmodified-Since). A future date is simply later than Last-Modified.
  return modifiedSince
    ? {
        status: 412,
        errorCode: 'PreconditionFailed',
        reason: 'Last-Modified is later than If-Unmodified-Since: 412 (RFC 9110 13.1.4; API_GetObject If-Unmodified-Since)',
      }
    : {
        status: 200,
        reason: 'Last-Modified is not later than If-Unmodified-Since: condition true (RFC 9110 13.1.4; API_GetObject If-Unmodified-Since)',
      };
}
