// Size-anchored range arbitraries: well-formed single ranges whose offsets are written relative
// to the start or the end of the object, so that a failure shrinks the object size and the range
// together (an off-by-one at the last byte stays at the last byte while the size shrinks).
//
// arbitraries.ts draws a header *for* a size with `chain`; when fast-check shrinks that size it
// draws a new header, so a counterexample rarely shrinks below the size it was found at. The
// properties mix the two: these for shrinkable off-by-one hunting, arbitraries.ts for the
// grammar's malformed corners.
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { copySourceRangeArb, objectSizeArb, sizedRangeHeaderArb } from './arbitraries.ts';

/** An offset: `delta` bytes from the first byte (`start`) or from the size (`end`; -1 is the last byte). */
export interface Anchor {
  from: 'start' | 'end';
  delta: number;
}

export type AnchoredRangeShape = { kind: 'int-range'; first: Anchor; last: Anchor | null } | { kind: 'suffix-range'; length: Anchor };

export function resolveAnchor(anchor: Anchor, size: number): number {
  return Math.max(0, anchor.from === 'start' ? anchor.delta : size + anchor.delta);
}

export function renderAnchoredRange(shape: AnchoredRangeShape, size: number): string {
  if (shape.kind === 'suffix-range') return `bytes=-${resolveAnchor(shape.length, size)}`;
  const last = shape.last === null ? '' : String(resolveAnchor(shape.last, size));
  return `bytes=${resolveAnchor(shape.first, size)}-${last}`;
}

const anchorArb: Arbitrary<Anchor> = fc.record({
  from: fc.constantFrom<'start' | 'end'>('start', 'end'),
  delta: fc.oneof(
    { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 4 },
    { arbitrary: fc.integer({ min: -100_000, max: 100_000 }), weight: 1 },
  ),
});

export const anchoredRangeShapeArb: Arbitrary<AnchoredRangeShape> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant<'int-range'>('int-range'),
      first: anchorArb,
      last: fc.option(anchorArb, { nil: null, freq: 4 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant<'suffix-range'>('suffix-range'), length: anchorArb }), weight: 1 },
);

export interface FuzzRangeValue {
  objectSize: number;
  rangeHeader: string;
  /** Present for anchored inputs: the same range can be re-aimed at another size. */
  shape?: AnchoredRangeShape;
}

/** A size and a well-formed single Range aimed at it, shrinking independently. */
export const anchoredSizedRangeArb: Arbitrary<FuzzRangeValue> = fc
  .record({ objectSize: objectSizeArb, shape: anchoredRangeShapeArb })
  .map(({ objectSize, shape }) => ({ objectSize, rangeHeader: renderAnchoredRange(shape, objectSize), shape }));

/**
 * Sizes to try, smallest first, when re-aiming an anchored counterexample at smaller objects:
 * fast-check cannot shrink a size drawn near a boundary (8 KiB, 64 KiB, 1 MiB) below it.
 * Every size up to 64, then a bisection between 64 and the failing size (`stillFails` decides).
 */
export async function smallestFailingSize(size: number, stillFails: (size: number) => Promise<boolean>): Promise<number> {
  for (let candidate = 0; candidate < Math.min(size, 65); candidate++) if (await stillFails(candidate)) return candidate;
  let passing = 64;
  let failing = size;
  while (failing - passing > 1) {
    const middle = Math.floor((passing + failing) / 2);
    if (await stillFails(middle)) failing = middle;
    else passing = middle;
  }
  return failing;
}

/** The range property's inputs: mostly anchored (shrinkable), a third from the full grammar. */
export const fuzzRangeInputArb: Arbitrary<FuzzRangeValue> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: anchoredSizedRangeArb, weight: 2 },
  { arbitrary: sizedRangeHeaderArb, weight: 1 },
);

/** UploadPartCopy's `bytes=first-last`, anchored like the GET ranges. */
export const anchoredSizedCopyRangeArb: Arbitrary<{ sourceSize: number; copySourceRange: string }> = fc
  .record({ sourceSize: objectSizeArb, first: anchorArb, last: anchorArb })
  .map(({ sourceSize, first, last }) => ({
    sourceSize,
    copySourceRange: `bytes=${resolveAnchor(first, sourceSize)}-${resolveAnchor(last, sourceSize)}`,
  }));

/** The copy-range property's inputs: mostly anchored, a third from arbitraries.ts. */
export const fuzzCopyRangeInputArb: Arbitrary<{ sourceSize: number; copySourceRange: string }> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: anchoredSizedCopyRangeArb, weight: 2 },
  {
    arbitrary: objectSizeArb.chain((sourceSize) =>
      copySourceRangeArb(sourceSize).map((copySourceRange) => ({ sourceSize, copySourceRange })),
    ),
    weight: 1,
  },
);
