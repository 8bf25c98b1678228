// fast-check arbitraries for the byte-range and HTTP-date fuzzers.
//
// Every string is rendered from a structured "shape", so fast-check shrinks
// the structure (fewer ranges, no decoration, smaller numbers) rather than
// characters, and a failure shrinks towards a small object and a short,
// canonical header. Canonical choices come first in every `constantFrom` /
// `oneof`, because fast-check shrinks towards the first alternative.

import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';

import { DAY_NAMES, LONG_DAY_NAMES, MONTH_NAMES } from './date-model.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Sizes where S3-like servers switch buffers, chunking or part logic. */
export const SIZE_BOUNDARIES = [8 * KiB, 64 * KiB, MiB] as const;
export const MAX_FUZZ_OBJECT_SIZE = 5 * MiB;

/**
 * Object sizes: 0 and 1, mostly small, sometimes a boundary +-1, rarely up
 * to a few MiB. `withCrossShrink` lets a failure found at a large size
 * shrink into the small-size branch.
 */
export const objectSizeArb: Arbitrary<number> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: 0, max: 64 }), weight: 12 },
  { arbitrary: fc.constantFrom(0, 1), weight: 3 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...SIZE_BOUNDARIES), fc.integer({ min: -1, max: 1 })).map(([boundary, delta]) => boundary + delta),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 0, max: MAX_FUZZ_OBJECT_SIZE }), weight: 1 },
);

// ---------------------------------------------------------------------------
// Range headers

/** A decimal number as written in a header: exact value plus decoration. */
export interface NumberShape {
  value: bigint;
  /** Count of extra `0`s written before the digits. */
  leadingZeros: number;
  sign: '' | '+' | '-';
}

export type RangeSpecShape =
  | { kind: 'int-range'; first: NumberShape; last: NumberShape | null }
  | { kind: 'suffix-range'; length: NumberShape }
  | { kind: 'empty' }
  | { kind: 'dash-only' }
  | { kind: 'garbage'; text: string };

export interface RangeHeaderShape {
  /** Written unit; `bytes` is canonical. */
  unit: string;
  /** Between unit and range-set; `=` is canonical. */
  equals: string;
  /** Written around the `-` of an int-range or suffix-range. */
  dashPadding: string;
  specs: RangeSpecShape[];
  /** Between specs; `,` is canonical, RFC 9110 5.6.1 allows OWS around it. */
  comma: string;
  trailingComma: boolean;
}

export function renderNumber(shape: NumberShape): string {
  return `${shape.sign}${'0'.repeat(shape.leadingZeros)}${shape.value.toString()}`;
}

export function renderRangeSpec(spec: RangeSpecShape, dashPadding: string): string {
  switch (spec.kind) {
    case 'int-range':
      return `${renderNumber(spec.first)}${dashPadding}-${spec.last === null ? '' : `${dashPadding}${renderNumber(spec.last)}`}`;
    case 'suffix-range':
      return `-${dashPadding}${renderNumber(spec.length)}`;
    case 'empty':
      return '';
    case 'dash-only':
      return '-';
    case 'garbage':
      return spec.text;
  }
}

export function renderRangeHeader(shape: RangeHeaderShape): string {
  const specs = shape.specs.map((spec) => renderRangeSpec(spec, shape.dashPadding)).join(shape.comma);
  return `${shape.unit}${shape.equals}${specs}${shape.trailingComma ? ',' : ''}`;
}

/** Powers and edges where integer parsing tends to break. */
const HUGE_NUMBERS = [
  2n ** 32n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 1n,
  2n ** 64n,
  10n ** 30n,
];

/** Offsets around `sizeHint`: mostly in and near the object, sometimes huge. */
function offsetArb(sizeHint: number): Arbitrary<bigint> {
  const size = BigInt(sizeHint);
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.bigInt({ min: 0n, max: size + 2n }), weight: 8 },
    {
      arbitrary: fc.integer({ min: -2, max: 2 }).map((delta) => {
        const value = size + BigInt(delta);
        return value < 0n ? 0n : value;
      }),
      weight: 4,
    },
    { arbitrary: fc.bigInt({ min: 0n, max: size * 4n + 16n }), weight: 2 },
    { arbitrary: fc.constantFrom(...HUGE_NUMBERS), weight: 1 },
  );
}

function numberArb(sizeHint: number): Arbitrary<NumberShape> {
  return fc.record({
    value: offsetArb(sizeHint),
    leadingZeros: fc.oneof({ arbitrary: fc.constant(0), weight: 40 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
    sign: fc.oneof(
      { arbitrary: fc.constant<'' | '+' | '-'>(''), weight: 60 },
      { arbitrary: fc.constantFrom<'' | '+' | '-'>('+', '-'), weight: 1 },
    ),
  });
}

/**
 * Two independent offsets are reversed half the time, and reversed ranges
 * past the end are unknown to the models; so pairs are usually put in order
 * (`false`, shrink target) and only sometimes left as drawn.
 */
const keepOrderArb: Arbitrary<boolean> = fc.oneof(
  { arbitrary: fc.constant(false), weight: 5 },
  { arbitrary: fc.constant(true), weight: 1 },
);

function rangeSpecArb(sizeHint: number): Arbitrary<RangeSpecShape> {
  const number = numberArb(sizeHint);
  return fc.oneof(
    { withCrossShrink: true },
    {
      arbitrary: fc.tuple(number, fc.option(number, { nil: null, freq: 4 }), keepOrderArb).map(([a, b, keepOrder]): RangeSpecShape => {
        if (b === null) return { kind: 'int-range', first: a, last: null };
        const [first, last] = keepOrder || a.value <= b.value ? [a, b] : [b, a];
        return { kind: 'int-range', first, last };
      }),
      weight: 30,
    },
    { arbitrary: fc.record({ kind: fc.constant<'suffix-range'>('suffix-range'), length: number }), weight: 12 },
    { arbitrary: fc.constant<RangeSpecShape>({ kind: 'empty' }), weight: 1 },
    { arbitrary: fc.constant<RangeSpecShape>({ kind: 'dash-only' }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant<'garbage'>('garbage'),
        text: fc.constantFrom('a-b', '0-x', '--', '1--2', '-1-', '5', '0x10-0x20', '1.5-2'),
      }),
      weight: 1,
    },
  );
}

/**
 * Mostly the canonical choice, occasionally one of the malformed
 * alternatives. Decorations are independent, so each is kept rare (about 1
 * in 40) to leave most generated headers within what the model can judge.
 */
function mostly<T>(canonical: T, alternatives: readonly T[]): Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(canonical), weight: 40 }, { arbitrary: fc.constantFrom(...alternatives), weight: 1 });
}

/** Structured Range header: single, suffix, open-ended, past the end, lists, and malformed forms. */
export function rangeHeaderShapeArb(sizeHint: number): Arbitrary<RangeHeaderShape> {
  const spec = rangeSpecArb(sizeHint);
  return fc.record({
    unit: mostly('bytes', ['Bytes', 'BYTES', 'bYtEs', 'items', 'byte', '']),
    equals: mostly('=', [' =', '= ', ' = ', ':', ' ', '', '==']),
    dashPadding: mostly('', [' ', '\t']),
    specs: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: spec.map((one) => [one]), weight: 10 },
      { arbitrary: fc.array(spec, { minLength: 2, maxLength: 4 }), weight: 1 },
    ),
    comma: mostly(',', [', ', ' ,', ' , ']),
    trailingComma: fc.oneof({ arbitrary: fc.constant(false), weight: 40 }, { arbitrary: fc.constant(true), weight: 1 }),
  });
}

export function rangeHeaderArb(sizeHint: number): Arbitrary<string> {
  return rangeHeaderShapeArb(sizeHint).map(renderRangeHeader);
}

/** A size and a Range header aimed at that size, shrinking both together. */
export const sizedRangeHeaderArb: Arbitrary<{ objectSize: number; rangeHeader: string }> = objectSizeArb.chain((objectSize) =>
  rangeHeaderArb(objectSize).map((rangeHeader) => ({ objectSize, rangeHeader })),
);

/** UploadPartCopy ranges: `bytes=first-last` around the size, plus the Range-header grammar's malformed forms. */
export function copySourceRangeArb(sizeHint: number): Arbitrary<string> {
  const offset = offsetArb(sizeHint);
  return fc.oneof(
    { withCrossShrink: true },
    {
      arbitrary: fc.tuple(offset, offset, keepOrderArb).map(([a, b, keepOrder]) => {
        const [first, last] = keepOrder || a <= b ? [a, b] : [b, a];
        return `bytes=${first}-${last}`;
      }),
      weight: 6,
    },
    { arbitrary: rangeHeaderArb(sizeHint), weight: 2 },
  );
}

// ---------------------------------------------------------------------------
// HTTP dates

export type HttpDateFormat = 'imf-fixdate' | 'rfc850' | 'asctime';

/** How a rendered date departs from RFC 9110 section 5.6.7; `none` is the only valid one. */
export type HttpDateMutation =
  | 'none'
  | 'lowercase'
  | 'no-gmt'
  | 'numeric-zone'
  | 'extra-space'
  | 'iso-8601'
  | 'day-32'
  | 'hour-24'
  | 'wrong-year-width';

export interface HttpDateShape {
  date: Date;
  format: HttpDateFormat;
  mutation: HttpDateMutation;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Monday-first index into the day-name tables. */
function mondayFirstDay(date: Date): number {
  return (date.getUTCDay() + 6) % 7;
}

export function renderHttpDate(shape: HttpDateShape): string {
  const { date, format, mutation } = shape;
  const dayIndex = mondayFirstDay(date);
  const day = mutation === 'day-32' ? '32' : pad2(date.getUTCDate());
  const month = MONTH_NAMES[date.getUTCMonth()] ?? 'Jan';
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const hour = mutation === 'hour-24' ? '24' : pad2(date.getUTCHours());
  const time = `${hour}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  const zone = mutation === 'no-gmt' ? '' : mutation === 'numeric-zone' ? ' +0000' : ' GMT';
  if (mutation === 'iso-8601') return date.toISOString();

  let text: string;
  switch (format) {
    case 'imf-fixdate': {
      // date1 wants a 4-digit year.
      const shownYear = mutation === 'wrong-year-width' ? year.slice(-2) : year;
      text = `${DAY_NAMES[dayIndex]}, ${day} ${month} ${shownYear} ${time}${zone}`;
      break;
    }
    case 'rfc850': {
      // date2 wants a 2-digit year.
      const shownYear = mutation === 'wrong-year-width' ? year : year.slice(-2);
      text = `${LONG_DAY_NAMES[dayIndex]}, ${day}-${month}-${shownYear} ${time}${zone}`;
      break;
    }
    case 'asctime': {
      const asctimeDay = mutation === 'day-32' ? '32' : String(date.getUTCDate()).padStart(2, ' ');
      // asctime has no zone, so the zone mutations add one, which its grammar forbids.
      const asctimeZone = mutation === 'numeric-zone' ? ' +0000' : mutation === 'no-gmt' ? ' GMT' : '';
      // year = 4DIGIT.
      const shownYear = mutation === 'wrong-year-width' ? year.slice(-2) : year;
      text = `${DAY_NAMES[dayIndex]} ${month} ${asctimeDay} ${time} ${shownYear}${asctimeZone}`;
      break;
    }
  }
  if (mutation === 'lowercase') return text.toLowerCase();
  if (mutation === 'extra-space') return text.replace(' ', '  ');
  return text;
}

/** Whole-second dates in years 1970-2069, the range S3 timestamps plausibly take. */
export const httpDateValueArb: Arbitrary<Date> = fc
  .integer({ min: 0, max: Date.UTC(2069, 11, 31, 23, 59, 59) / 1000 })
  .map((seconds) => new Date(seconds * 1000));

export const httpDateShapeArb: Arbitrary<HttpDateShape> = fc.record({
  date: httpDateValueArb,
  format: fc.oneof(
    { arbitrary: fc.constant<HttpDateFormat>('imf-fixdate'), weight: 6 },
    { arbitrary: fc.constantFrom<HttpDateFormat>('rfc850', 'asctime'), weight: 2 },
  ),
  mutation: fc.oneof(
    { arbitrary: fc.constant<HttpDateMutation>('none'), weight: 6 },
    {
      arbitrary: fc.constantFrom<HttpDateMutation>(
        'lowercase',
        'no-gmt',
        'numeric-zone',
        'extra-space',
        'iso-8601',
        'day-32',
        'hour-24',
        'wrong-year-width',
      ),
      weight: 2,
    },
  ),
});

/** HTTP-date strings: valid in all three RFC 9110 formats, and near-misses. */
export const httpDateArb: Arbitrary<string> = httpDateShapeArb.map(renderHttpDate);
