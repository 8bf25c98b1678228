import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { objectSizeArb, rangeHeaderArb, rangeHeaderShapeArb, renderRangeHeader, sizedRangeHeaderArb } from '../../src/fuzz/arbitraries.ts';
import { expectedGetRange, isKnownRangeOutcome } from '../../src/fuzz/range-model.ts';

// The LocalStack AWS-recorded object is "0123456789".
const TEN = 10;

function partialOf(size: number, header: string): { contentRange: string; start: number; endExclusive: number; contentLength: number } {
  const outcome = expectedGetRange(size, header);
  if (outcome.status !== 206) throw new Error(`expected 206 for ${header}, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('RFC 9110 14.1.2 / recorded test_get_object_range: satisfiable single ranges give 206', () => {
  it.each([
    ['bytes=0-8', 'bytes 0-8/10', 0, 9],
    ['bytes=1-1', 'bytes 1-1/10', 1, 2],
    ['bytes=0-0', 'bytes 0-0/10', 0, 1],
    ['bytes=1-', 'bytes 1-9/10', 1, 10],
    ['bytes=-2', 'bytes 8-9/10', 8, 10],
    ['bytes=-9', 'bytes 1-9/10', 1, 10],
  ])('%s -> 206 %s (snapshot get-*)', (header, contentRange, start, endExclusive) => {
    expect(partialOf(TEN, header)).toMatchObject({ contentRange, start, endExclusive, contentLength: endExclusive - start });
  });

  it('end past the size clamps to the last byte: bytes=0-100 -> 206 bytes 0-9/10 (snapshot get-0-100)', () => {
    expect(partialOf(TEN, 'bytes=0-100')).toMatchObject({ contentRange: 'bytes 0-9/10', contentLength: 10 });
  });

  it('suffix longer than the object is the whole object, still 206: bytes=-15 -> bytes 0-9/10 (snapshot get--15)', () => {
    expect(partialOf(TEN, 'bytes=-15')).toMatchObject({ contentRange: 'bytes 0-9/10', start: 0, endExclusive: 10 });
  });

  it('ceph/s3-tests test_ranged_request_*: 4-7, 4-, -7 on "testcontent"', () => {
    expect(partialOf(11, 'bytes=4-7').contentRange).toBe('bytes 4-7/11');
    expect(partialOf(11, 'bytes=4-').contentRange).toBe('bytes 4-10/11');
    expect(partialOf(11, 'bytes=-7').contentRange).toBe('bytes 4-10/11');
    expect(partialOf(8 * 1024 * 1024, 'bytes=3145728-5242880').contentRange).toBe('bytes 3145728-5242880/8388608');
  });

  it('RFC 9110 5.5: surrounding whitespace is not part of the field value', () => {
    expect(partialOf(TEN, ' \tbytes=0-8 ').contentRange).toBe('bytes 0-8/10');
  });

  it('RFC 9110 14.1.2: numbers past 2^53 are compared exactly (BigInt) and clamp', () => {
    expect(partialOf(TEN, 'bytes=0-9007199254740993').contentRange).toBe('bytes 0-9/10');
    expect(partialOf(TEN, `bytes=-${2n ** 63n - 1n}`).contentRange).toBe('bytes 0-9/10');
  });
});

describe('RFC 9110 14.1.2, 15.5.17 / recorded: unsatisfiable ranges give 416 InvalidRange', () => {
  it.each([
    [TEN, 'bytes=100-200', 'snapshot get-100-200'],
    [TEN, 'bytes=10-', 'first-pos equal to the size'],
    [TEN, 'bytes=-0', 'snapshot get--0: zero suffix-length'],
    [8, 'bytes=1024-4096', 'test_s3.snapshot.json test_invalid_range_error'],
    [0, 'bytes=0-', 'empty object, minio/minio-java#636 AWS trace'],
    [0, 'bytes=0-0', 'empty object'],
    [0, 'bytes=40-50', 'ceph test_ranged_request_empty_object'],
    [0, 'bytes=-0', 'empty object, zero suffix-length'],
    [TEN, `bytes=${2n ** 53n + 1n}-`, 'huge first-pos (exact BigInt compare)'],
  ])('size %i, %s -> 416 (%s)', (size, header) => {
    const outcome = expectedGetRange(size, header);
    expect(outcome).toMatchObject({
      status: 416,
      errorCode: 'InvalidRange',
      contentRange: `bytes */${size}`,
      contentRangeIsAdvisory: true,
    });
  });
});

describe('RFC 9110 14.2 / recorded: invalid or multiple ranges are ignored, 200 whole object', () => {
  it.each([
    ['bytes=1-0', 'reversed, snapshot get-1-0 (RFC 14.1.1)'],
    ['bytes=9-3', 'reversed inside the object (noobaa#9889)'],
    ['bytes=-1-', 'extra hyphen, snapshot get--1-'],
    ['bytes=0--1', 'negative last, snapshot get-0--1'],
    ['bytes=-', 'dash only, snapshot get--'],
    ['0-1', 'no unit, snapshot get-wrong-format'],
    ['bytes:0-1', 'no "=", aws-sdk-cpp#265'],
    ['bytes=0-1,3-4,7-9', 'multiple ranges, snapshot get-multiple-ranges / API_GetObject'],
    ['bytes=0-1,100-200', 'multiple ranges, one satisfiable'],
  ])('%s -> 200 (%s)', (header) => {
    expect(expectedGetRange(TEN, header)).toMatchObject({ status: 200, start: 0, endExclusive: TEN, contentLength: TEN });
  });
});

describe('inputs whose S3 behaviour is not established are unknown', () => {
  it.each([
    [0, 'bytes=-5', 'suffix on an empty object (reported 200 empty, not recorded)'],
    [TEN, 'Bytes=0-1', 'unit letter case (RFC 14.1 case-insensitive)'],
    [TEN, 'BYTES=0-1', 'unit letter case'],
    [TEN, 'items=0-1', 'foreign unit (RFC 14.2 says ignore)'],
    [TEN, 'bytes =0-1', 'whitespace before "="'],
    [TEN, 'bytes= 0-1', 'whitespace after "="'],
    [TEN, 'bytes=0 - 1', 'whitespace around "-"'],
    [TEN, 'bytes=0-1, 3-4', 'OWS after a list comma'],
    [TEN, 'bytes=007-8', 'leading zeros'],
    [TEN, 'bytes=0-09', 'leading zeros in last-pos'],
    [TEN, 'bytes=+1-2', 'plus sign'],
    [TEN, 'bytes=a-b', 'letters'],
    [TEN, 'bytes=5', 'no hyphen'],
    [TEN, 'bytes=', 'empty range-set'],
    [TEN, 'bytes=0-1,', 'trailing comma (RFC 5.6.1 empty element)'],
    [TEN, 'bytes=,0-1', 'leading comma'],
    [TEN, 'bytes=0-1,,3-4', 'doubled comma'],
    [TEN, 'bytes=100-200,300-400', 'list with nothing satisfiable'],
    [TEN, 'bytes=0-1,5-2', 'list with a reversed element'],
    [TEN, 'bytes=20-5', 'reversed and starting past the end'],
    [TEN, `bytes=0-${2n ** 63n}`, 'number at 2^63'],
    [TEN, `bytes=${2n ** 64n}-`, 'number past 2^64'],
    [TEN, '', 'empty value'],
    [TEN, 'bytes=0-1\u00e9', 'non-ASCII'],
  ])('size %i, %j -> unknown (%s)', (size, header) => {
    const outcome = expectedGetRange(size, header);
    expect(outcome.status).toBe('unknown');
    expect(isKnownRangeOutcome(outcome)).toBe(false);
  });
});

describe('every outcome names its source', () => {
  it('reason is non-empty for a spread of inputs', () => {
    fc.assert(
      fc.property(sizedRangeHeaderArb, ({ objectSize, rangeHeader }) => {
        expect(expectedGetRange(objectSize, rangeHeader).reason.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('properties of known outcomes', () => {
  it('a 206 slice lies within the object, is non-empty, and Content-Length equals its length', () => {
    fc.assert(
      fc.property(sizedRangeHeaderArb, ({ objectSize, rangeHeader }) => {
        const outcome = expectedGetRange(objectSize, rangeHeader);
        if (outcome.status !== 206) return;
        expect(outcome.start).toBeGreaterThanOrEqual(0);
        expect(outcome.endExclusive).toBeLessThanOrEqual(objectSize);
        expect(outcome.start).toBeLessThan(outcome.endExclusive);
        expect(outcome.contentLength).toBe(outcome.endExclusive - outcome.start);
        expect(outcome.contentRange).toBe(`bytes ${outcome.start}-${outcome.endExclusive - 1}/${objectSize}`);
      }),
    );
  });

  it('a 200 is always the whole object and a 416 always reports the size', () => {
    fc.assert(
      fc.property(sizedRangeHeaderArb, ({ objectSize, rangeHeader }) => {
        const outcome = expectedGetRange(objectSize, rangeHeader);
        if (outcome.status === 200) expect(outcome).toMatchObject({ start: 0, endExclusive: objectSize, contentLength: objectSize });
        if (outcome.status === 416) expect(outcome.contentRange).toBe(`bytes */${objectSize}`);
      }),
    );
  });

  it('canonical bytes=a-b with a <= b < size is exactly [a, b+1)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 1 << 20 })
          .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: size - 1 }))),
        ([size, x, y]) => {
          const [a, b] = x <= y ? [x, y] : [y, x];
          expect(expectedGetRange(size, `bytes=${a}-${b}`)).toMatchObject({ status: 206, start: a, endExclusive: b + 1 });
        },
      ),
    );
  });

  it('the generator produces known and unknown outcomes, and all four statuses', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(sizedRangeHeaderArb, ({ objectSize, rangeHeader }) => {
        seen.add(String(expectedGetRange(objectSize, rangeHeader).status));
      }),
      { numRuns: 2000, seed: 42 },
    );
    expect([...seen].sort()).toEqual(['200', '206', '416', 'unknown']);
  });
});

describe('arbitraries', () => {
  it('objectSizeArb stays within 0..5 MiB and hits 0', () => {
    const sizes = fc.sample(objectSizeArb, { numRuns: 2000, seed: 7 });
    expect(sizes.every((size) => size >= 0 && size <= 5 * 1024 * 1024)).toBe(true);
    expect(sizes).toContain(0);
    expect(sizes.filter((size) => size <= 64).length).toBeGreaterThan(sizes.length / 2);
  });

  it('rangeHeaderArb renders its shape and is mostly canonical', () => {
    const headers = fc.sample(rangeHeaderArb(100), { numRuns: 1000, seed: 3 });
    expect(headers.filter((header) => /^bytes=\d*-\d*$/.test(header)).length).toBeGreaterThan(headers.length / 3);
    const shape = fc.sample(rangeHeaderShapeArb(10), { numRuns: 1, seed: 1 })[0];
    const rendered = renderRangeHeader(shape!);
    expect(rendered.startsWith(`${shape!.unit}${shape!.equals}`)).toBe(true);
    if (shape!.trailingComma) expect(rendered.endsWith(',')).toBe(true);
  });

  it('a failing property shrinks to a small size and a short header', () => {
    // Deliberately false property: "no header yields 416".
    const details = fc.check(
      fc.property(sizedRangeHeaderArb, ({ objectSize, rangeHeader }) => expectedGetRange(objectSize, rangeHeader).status !== 416),
      { seed: 11 },
    );
    expect(details.failed).toBe(true);
    const [{ objectSize, rangeHeader }] = details.counterexample!;
    expect(objectSize).toBeLessThanOrEqual(1);
    expect(rangeHeader.length).toBeLessThanOrEqual('bytes=-0'.length);
  });
});
