import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { httpDateArb, httpDateShapeArb, renderHttpDate } from '../../src/fuzz/arbitraries.ts';
import { formatImfFixdate, parseHttpDate } from '../../src/fuzz/date-model.ts';

// The RFC 9110 section 5.6.7 example instant, in its three formats.
const EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);
const NOW = new Date(Date.UTC(2026, 0, 1));

describe('RFC 9110 5.6.7: recipients accept all three HTTP-date formats', () => {
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', 'IMF-fixdate'],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 'obsolete RFC 850 format'],
    ['Sun Nov  6 08:49:37 1994', "ANSI C's asctime() format"],
    ['Sun Nov 06 08:49:37 1994', 'asctime with date3 2DIGIT day'],
    ['  Sun, 06 Nov 1994 08:49:37 GMT\t', 'surrounding whitespace (RFC 9110 5.5)'],
  ])('%j parses (%s)', (value) => {
    expect(parseHttpDate(value, NOW)?.getTime()).toBe(EXAMPLE);
  });

  it('formatImfFixdate produces IMF-fixdate', () => {
    expect(formatImfFixdate(new Date(EXAMPLE))).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('RFC 9110 5.6.7: rfc850-date two-digit years', () => {
  it('a year more than 50 years ahead is taken from the previous century', () => {
    expect(parseHttpDate('Monday, 01-Jan-80 00:00:00 GMT', NOW)?.getUTCFullYear()).toBe(1980);
  });
  it('a year up to 50 years ahead is taken from the current century', () => {
    expect(parseHttpDate('Sunday, 01-Jan-40 00:00:00 GMT', NOW)?.getUTCFullYear()).toBe(2040);
    expect(parseHttpDate('Thursday, 01-Jan-26 00:00:00 GMT', NOW)?.getUTCFullYear()).toBe(2026);
  });
});

describe('RFC 9110 5.6.7: invalid HTTP-dates are null (the conditional header is ignored, 13.1.3 / 13.1.4)', () => {
  it.each([
    ['sun, 06 nov 1994 08:49:37 gmt', 'HTTP-date is case sensitive'],
    ['Sun, 06 Nov 1994 08:49:37 UTC', 'zone must be GMT'],
    ['Sun, 06 Nov 1994 08:49:37 +0000', 'no numeric zone'],
    ['Sun, 06 Nov 1994 08:49:37', 'GMT is required'],
    ['Sun,  06 Nov 1994 08:49:37 GMT', 'no extra whitespace'],
    ['Sun, 6 Nov 1994 08:49:37 GMT', 'day = 2DIGIT'],
    ['Sun, 06 Nov 94 08:49:37 GMT', 'IMF-fixdate year = 4DIGIT'],
    ['Sun, 32 Nov 1994 08:49:37 GMT', 'day out of range'],
    ['Sun, 31 Nov 1994 08:49:37 GMT', 'November has 30 days'],
    ['Tue, 29 Feb 2022 00:00:00 GMT', 'not a leap year'],
    ['Sun, 06 Nov 1994 24:00:00 GMT', 'hour 00-23'],
    ['Sun, 06 Nov 1994 08:60:00 GMT', 'minute 00-59'],
    ['Sun, 06 Nov 1994 08:49:61 GMT', 'second 00-60'],
    ['Sunday, 06-Nov-1994 08:49:37 GMT', 'rfc850 year = 2DIGIT'],
    ['Sun, 06-Nov-94 08:49:37 GMT', 'rfc850 needs the long day name'],
    ['Sun Nov  6 08:49:37 1994 GMT', 'asctime has no zone'],
    ['1994-11-06T08:49:37Z', 'ISO 8601 is not an HTTP-date'],
    ['Funday, 06 Nov 1994 08:49:37 GMT', 'unknown day name'],
    ['', 'empty'],
  ])('%j -> null (%s)', (value) => {
    expect(parseHttpDate(value, NOW)).toBeNull();
  });

  it('leap second 60 is grammatical (RFC 9110 5.6.7) and lands on the next second', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT', NOW)?.toISOString()).toBe('2017-01-01T00:00:00.000Z');
  });

  it('a weekday that does not match the date is not made invalid by RFC 9110', () => {
    expect(parseHttpDate('Mon, 06 Nov 1994 08:49:37 GMT', NOW)?.getTime()).toBe(EXAMPLE);
  });
});

describe('properties', () => {
  it('a valid rendered date parses back to its instant (rfc850 within the 50-year window)', () => {
    fc.assert(
      fc.property(httpDateShapeArb, (shape) => {
        const parsed = parseHttpDate(renderHttpDate(shape), NOW);
        if (shape.mutation !== 'none') {
          expect(parsed).toBeNull();
          return;
        }
        expect(parsed).not.toBeNull();
        if (shape.format === 'rfc850') {
          expect(parsed!.getUTCFullYear() % 100).toBe(shape.date.getUTCFullYear() % 100);
          expect(Math.abs(parsed!.getUTCFullYear() - NOW.getUTCFullYear())).toBeLessThanOrEqual(50);
        } else {
          expect(parsed!.getTime()).toBe(shape.date.getTime());
        }
      }),
    );
  });

  it('IMF-fixdate round-trips through formatImfFixdate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799 }), (seconds) => {
        const date = new Date(seconds * 1000);
        expect(parseHttpDate(formatImfFixdate(date), NOW)?.getTime()).toBe(date.getTime());
      }),
    );
  });

  it('parseHttpDate never throws and returns a valid Date or null', () => {
    fc.assert(
      fc.property(fc.oneof(httpDateArb, fc.string()), (value) => {
        const parsed = parseHttpDate(value, NOW);
        if (parsed !== null) expect(Number.isNaN(parsed.getTime())).toBe(false);
      }),
    );
  });
});
