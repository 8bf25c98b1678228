// Reference parser for HTTP-date (RFC 9110 section 5.6.7), used to model the
// conditional headers If-Modified-Since / If-Unmodified-Since and their
// x-amz-copy-source-if-* counterparts.
//
// A `null` result means "not a valid HTTP-date": RFC 9110 sections 13.1.3 and
// 13.1.4 say a recipient MUST ignore If-Modified-Since / If-Unmodified-Since
// whose value is not a valid HTTP-date, so the conditional header is ignored.
// (Whether S3 honours that for every header is a separate question for the
// conditional-request model; this module only parses.)

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const LONG_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const DAY = DAY_NAMES.join('|');
const LONG_DAY = LONG_DAY_NAMES.join('|');
const MONTH = MONTH_NAMES.join('|');

// RFC 9110 section 5.6.7 grammar. "HTTP-date is case sensitive" and "A
// sender MUST NOT generate additional whitespace in an HTTP-date beyond that
// specifically included as SP in the grammar", so the patterns are exact.
//   IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT
//                  date1 = day SP month SP year ; e.g. 02 Jun 1982
const IMF_FIXDATE = new RegExp(`^(?:${DAY}), (\\d{2}) (${MONTH}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
//   rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT
//                  date2 = day "-" month "-" 2DIGIT ; e.g. 02-Jun-82
const RFC850_DATE = new RegExp(`^(?:${LONG_DAY}), (\\d{2})-(${MONTH})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
//   asctime-date = day-name SP date3 SP time-of-day SP year
//                  date3 = month SP ( 2DIGIT / ( SP DIGIT )) ; e.g. Jun  2
const ASCTIME_DATE = new RegExp(`^(?:${DAY}) (${MONTH}) (\\d{2}| \\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`);

interface DateFields {
  year: number;
  month: number; // 0-11
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Parses an HTTP-date in any of the three formats RFC 9110 section 5.6.7
 * obliges recipients to accept ("A recipient that parses a timestamp value
 * in an HTTP field MUST accept all three HTTP-date formats"). `now` anchors
 * the two-digit years of rfc850-date.
 *
 * The day-name is checked against the grammar only, not against the
 * calendar: RFC 9110 does not make a mismatched weekday invalid.
 */
export function parseHttpDate(value: string, now: Date = new Date()): Date | null {
  // RFC 9110 section 5.5: surrounding whitespace is not part of a field value.
  const text = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const fields = matchImfFixdate(text) ?? matchRfc850Date(text, now) ?? matchAsctimeDate(text);
  return fields === null ? null : toDate(fields);
}

/**
 * The other instant an rfc850-date may be read as, or null when there is none. RFC 9110 section
 * 5.6.7 resolves the two-digit year by its 50-year rule; the common fixed pivot (POSIX strptime
 * %y, Go's time package: 69-99 are 19xx, 00-68 are 20xx) reads some years a century apart, and
 * which one S3 uses is not recorded.
 */
export function pivotReadingOfRfc850(value: string): Date | null {
  const fields = matchRfc850Date(value.replace(/^[ \t]+|[ \t]+$/g, ''), new Date());
  if (fields === null) return null;
  const twoDigitYear = fields.year % 100;
  return toDate({ ...fields, year: twoDigitYear >= 69 ? 1900 + twoDigitYear : 2000 + twoDigitYear });
}

/** Formats a Date as IMF-fixdate, the format senders MUST generate (RFC 9110 section 5.6.7). */
export function formatImfFixdate(date: Date): string {
  // Date#toUTCString produces IMF-fixdate for years 0-9999.
  return date.toUTCString();
}

function matchImfFixdate(text: string): DateFields | null {
  const m = IMF_FIXDATE.exec(text);
  if (m === null) return null;
  return {
    day: Number(m[1]),
    month: monthIndex(m[2]),
    year: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
}

function matchRfc850Date(text: string, now: Date): DateFields | null {
  const m = RFC850_DATE.exec(text);
  if (m === null) return null;
  const fields = {
    day: Number(m[1]),
    month: monthIndex(m[2]),
    year: 0,
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  fields.year = expandTwoDigitYear(Number(m[3]), fields, now);
  return fields;
}

function matchAsctimeDate(text: string): DateFields | null {
  const m = ASCTIME_DATE.exec(text);
  if (m === null) return null;
  return {
    month: monthIndex(m[1]),
    day: Number((m[2] ?? '').trim()),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
    year: Number(m[6]),
  };
}

/**
 * RFC 9110 section 5.6.7: "Recipients of a timestamp value in rfc850-date
 * format, which uses a two-digit year, MUST interpret a timestamp that
 * appears to be more than 50 years in the future as representing the most
 * recent year in the past that had the same last two digits." Years are
 * otherwise taken in the current century.
 */
function expandTwoDigitYear(twoDigitYear: number, fields: Omit<DateFields, 'year'>, now: Date): number {
  const candidateYear = Math.floor(now.getUTCFullYear() / 100) * 100 + twoDigitYear;
  const candidate = utcMillis({ ...fields, year: candidateYear });
  const fiftyYearsAhead = new Date(now.getTime());
  fiftyYearsAhead.setUTCFullYear(fiftyYearsAhead.getUTCFullYear() + 50);
  return candidate > fiftyYearsAhead.getTime() ? candidateYear - 100 : candidateYear;
}

function toDate(fields: DateFields): Date | null {
  // RFC 9110 section 5.6.7: hour 00-23, minute 00-59, second 00-60 (60 only
  // for a leap second); day must exist in the month (date1 "day = 2DIGIT"
  // names a calendar day). A leap second is mapped onto the next second,
  // since JavaScript time has no leap seconds.
  if (fields.hour > 23 || fields.minute > 59 || fields.second > 60) return null;
  if (fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) return null;
  return new Date(utcMillis(fields));
}

function utcMillis(fields: DateFields): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(fields.year, fields.month, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month + 1, 0);
  return date.getUTCDate();
}

function monthIndex(name: string | undefined): number {
  return MONTH_NAMES.indexOf(name as (typeof MONTH_NAMES)[number]);
}
