import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { copySourceRangeArb, objectSizeArb } from '../../src/fuzz/arbitraries.ts';
import { expectedCopySourceRange, isKnownCopyRangeOutcome } from '../../src/fuzz/copy-range-model.ts';

// The LocalStack AWS-recorded source object is "0123456789".
const TEN = 10;

describe('recorded test_upload_part_copy_range: bytes=first-last with first <= last < size copies the slice', () => {
  it.each([
    ['bytes=0-8', 0, 9],
    ['bytes=1-1', 1, 2],
    ['bytes=0-0', 0, 1],
    ['bytes=0-9', 0, 10],
  ])('%s -> 200, part [%i, %i)', (header, start, endExclusive) => {
    expect(expectedCopySourceRange(TEN, header)).toMatchObject({ status: 200, start, endExclusive, partSize: endExclusive - start });
  });

  it('no 5 MB minimum at UploadPartCopy time (snapshot copies ranges of a 10-byte source)', () => {
    expect(expectedCopySourceRange(TEN, 'bytes=2-3').status).toBe(200);
  });
});

describe('recorded: malformed values are 400 InvalidArgument, never ignored', () => {
  it.each([
    ['0-8', 'snapshot upload-part-copy-wrong-format'],
    ['bytes=1-0', 'snapshot ...-exc-1-0 (reversed)'],
    ['bytes=-1-', 'snapshot ...-exc--1-'],
    ['bytes=0--1', 'snapshot ...-exc-0--1'],
    ['bytes=0-1,3-4,7-9', 'snapshot ...-exc-0-1,3-4,7-9'],
    ['bytes=-', 'snapshot ...-exc--'],
    ['bytes=-0', 'snapshot ...-exc--0'],
    ['bytes=1-', 'snapshot ...-exc-1- (open-ended not allowed)'],
    ['bytes=-2', 'snapshot ...-exc--2 (suffix not allowed)'],
    ['bytes=-15', 'snapshot ...-exc--15'],
    ['bytes=0', 'ceph test_multipart_copy_improper_range'],
    ['bytes=hello-world', 'ceph test_multipart_copy_improper_range'],
    ['bytes=0-bar', 'ceph test_multipart_copy_improper_range'],
    ['bytes=hello-', 'ceph test_multipart_copy_improper_range'],
    ['bytes=0-2,3-5', 'ceph test_multipart_copy_improper_range'],
  ])('%s -> 400 InvalidArgument (%s)', (header) => {
    expect(expectedCopySourceRange(TEN, header)).toMatchObject({ status: 400, errorCode: 'InvalidArgument' });
  });
});

describe('recorded: ranges past the end of the source', () => {
  it('first past the end -> 400 InvalidRequest, not 416 (snapshot ...-exc-100-200)', () => {
    expect(expectedCopySourceRange(TEN, 'bytes=100-200')).toMatchObject({ status: 400, errorCode: 'InvalidRequest' });
    expect(expectedCopySourceRange(TEN, 'bytes=10-10')).toMatchObject({ status: 400, errorCode: 'InvalidRequest' });
  });

  it('last past the end -> 400 InvalidArgument, no clamping (snapshot ...-exc-0-100)', () => {
    expect(expectedCopySourceRange(TEN, 'bytes=0-100')).toMatchObject({ status: 400, errorCode: 'InvalidArgument' });
    expect(expectedCopySourceRange(TEN, 'bytes=0-10')).toMatchObject({ status: 400, errorCode: 'InvalidArgument' });
    expect(expectedCopySourceRange(TEN, `bytes=0-${2n ** 53n + 1n}`)).toMatchObject({ status: 400, errorCode: 'InvalidArgument' });
  });
});

describe('inputs whose S3 behaviour is not established are unknown', () => {
  it.each([
    [TEN, 'Bytes=0-1', 'unit letter case'],
    [TEN, 'items=0-1', 'foreign unit'],
    [TEN, 'bytes= 0-1', 'inner whitespace'],
    [TEN, 'bytes=01-2', 'leading zeros'],
    [TEN, 'bytes=+1-2', 'plus sign'],
    [TEN, `bytes=0-${2n ** 63n}`, 'number at 2^63'],
    [TEN, 'bytes=20-5', 'reversed and past the end: check order unrecorded'],
    [0, 'bytes=0-0', 'empty source object'],
    [TEN, '', 'empty value'],
  ])('size %i, %j -> unknown (%s)', (size, header) => {
    expect(isKnownCopyRangeOutcome(expectedCopySourceRange(size, header))).toBe(false);
  });
});

describe('properties', () => {
  const sizedCopyRange = objectSizeArb.chain((size) => copySourceRangeArb(size).map((header) => ({ size, header })));

  it('a successful copy is a non-empty slice within the source', () => {
    let successes = 0;
    fc.assert(
      fc.property(sizedCopyRange, ({ size, header }) => {
        const outcome = expectedCopySourceRange(size, header);
        if (outcome.status !== 200) return;
        successes++;
        expect(outcome.start).toBeGreaterThanOrEqual(0);
        expect(outcome.start).toBeLessThan(outcome.endExclusive);
        expect(outcome.endExclusive).toBeLessThanOrEqual(size);
        expect(outcome.partSize).toBe(outcome.endExclusive - outcome.start);
      }),
    );
    // The generator must reach successful copies, or the property above checks nothing.
    expect(successes).toBeGreaterThan(0);
  });

  it('every outcome carries a reason', () => {
    fc.assert(
      fc.property(sizedCopyRange, ({ size, header }) => {
        expect(expectedCopySourceRange(size, header).reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('a GET-valid range that is a 206 slice of a non-empty object is also a valid copy range when written first-last', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 1 << 20 })
          .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: size - 1 }))),
        ([size, x, y]) => {
          const [first, last] = x <= y ? [x, y] : [y, x];
          expect(expectedCopySourceRange(size, `bytes=${first}-${last}`)).toMatchObject({
            status: 200,
            start: first,
            endExclusive: last + 1,
          });
        },
      ),
    );
  });
});
