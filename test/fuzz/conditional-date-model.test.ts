import { describe, expect, it } from 'vitest';
import { expectedConditionalDate } from '../../src/fuzz/conditional-date-model.ts';

const lastModified = new Date('2026-03-01T12:00:00Z');
const now = new Date('2026-03-01T13:00:00Z');
const at = (header: 'If-Modified-Since' | 'If-Unmodified-Since', value: string) =>
  expectedConditionalDate({ header, value, lastModified, now }).status;

describe('conditional dates (RFC 9110 13.1.3, 13.1.4, 13.2.2; API_GetObject)', () => {
  it('an invalid HTTP-date is ignored: 200 for both headers (RFC 9110 13.1.3, 13.1.4)', () => {
    expect(at('If-Modified-Since', '2026-03-01T12:30:00Z')).toBe(200);
    expect(at('If-Unmodified-Since', 'Sun, 01 Mar 2026 11:00:00 +0000')).toBe(200);
    expect(at('If-Unmodified-Since', 'Sun,  01 Mar 2026 11:00:00 GMT')).toBe(200);
  });
  it('If-Modified-Since: earlier than Last-Modified → 200, later (and past) → 304', () => {
    expect(at('If-Modified-Since', 'Sun, 01 Mar 2026 11:00:00 GMT')).toBe(200);
    expect(at('If-Modified-Since', 'Sun, 01 Mar 2026 12:30:00 GMT')).toBe(304);
  });
  it('If-Unmodified-Since: earlier than Last-Modified → 412 PreconditionFailed, later → 200, even in the future', () => {
    expect(
      expectedConditionalDate({ header: 'If-Unmodified-Since', value: 'Sun, 01 Mar 2026 11:00:00 GMT', lastModified, now }),
    ).toMatchObject({ status: 412, errorCode: 'PreconditionFailed' });
    expect(at('If-Unmodified-Since', 'Sun, 01 Mar 2026 12:30:00 GMT')).toBe(200);
    expect(at('If-Unmodified-Since', 'Mon, 01 Mar 2027 12:00:00 GMT')).toBe(200);
  });
  it('all three HTTP-date formats are compared (RFC 9110 5.6.7)', () => {
    expect(at('If-Unmodified-Since', 'Sunday, 01-Mar-26 11:00:00 GMT')).toBe(412);
    expect(at('If-Unmodified-Since', 'Sun Mar  1 11:00:00 2026')).toBe(412);
  });
  it("unknown: a two-digit year that RFC 9110's 50-year rule and the 1969 pivot read a century apart, with different answers", () => {
    // 70: 2070 by the RFC (not more than 50 years ahead of 2026), 1970 by the pivot.
    expect(at('If-Unmodified-Since', 'Thursday, 01-Jan-70 00:00:00 GMT')).toBe('unknown');
    // 68: 2068 by both rules, later than Last-Modified, so the condition holds.
    expect(at('If-Unmodified-Since', 'Monday, 01-Jan-68 00:00:00 GMT')).toBe(200);
  });
  it('a valid date bent out of the grammar is asserted only where reading it leniently agrees with ignoring it', () => {
    const leniently = (header: 'If-Modified-Since' | 'If-Unmodified-Since', value: string, readableAs: string) =>
      expectedConditionalDate({ header, value, lastModified, now, readableAs: new Date(readableAs) }).status;
    // Read as 11:00: modified since, so the condition is true, as when ignored.
    expect(leniently('If-Modified-Since', 'sun, 01 mar 2026 11:00:00 gmt', '2026-03-01T11:00:00Z')).toBe(200);
    expect(leniently('If-Unmodified-Since', 'Sun, 01 Mar 2026 12:30:00 +0000', '2026-03-01T12:30:00Z')).toBe(200);
    // Read as the date it was, the condition is false: 304 or 412 then, 200 if ignored.
    expect(leniently('If-Modified-Since', 'sun, 01 mar 2026 12:30:00 gmt', '2026-03-01T12:30:00Z')).toBe('unknown');
    expect(leniently('If-Unmodified-Since', 'Sun,  01 Mar 2026 11:00:00 GMT', '2026-03-01T11:00:00Z')).toBe('unknown');
  });
  it('unknown: within 2 s of Last-Modified, and If-Modified-Since in the future', () => {
    expect(at('If-Modified-Since', 'Sun, 01 Mar 2026 12:00:01 GMT')).toBe('unknown');
    expect(at('If-Unmodified-Since', 'Sun, 01 Mar 2026 11:59:59 GMT')).toBe('unknown');
    expect(at('If-Modified-Since', 'Sun, 01 Mar 2026 14:00:00 GMT')).toBe('unknown');
  });
});
