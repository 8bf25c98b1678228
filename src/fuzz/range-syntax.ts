// Shared lexical helpers for the byte-range models (GET `Range` and
// UploadPartCopy `x-amz-copy-source-range`). Pure: no I/O, no globals.

/**
 * Numbers at or above 2^63 do not fit a signed 64-bit integer. RFC 9110
 * section 14.1.2 tells recipients to "anticipate potentially large decimal
 * numerals and prevent parsing errors due to integer conversion overflows",
 * but how Amazon S3 treats such numerals is not recorded anywhere we could
 * find, so the models report inputs carrying them as unknown.
 */
export const INT64_LIMIT = 2n ** 63n;

/**
 * RFC 9110 section 5.5: a field value does not include leading or trailing
 * whitespace (SP / HTAB); HTTP parsers strip it, and so do fetch/undici
 * `Headers` when the suite sends the request. The models therefore see the
 * value the server sees.
 */
export function trimFieldWhitespace(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** True when the value holds anything but visible US-ASCII (VCHAR, %x21-7E). */
export function hasNonVisibleCharacter(value: string): boolean {
  return /[^\x21-\x7e]/.test(value);
}

/** RFC 9110 `1*DIGIT` with more than one digit and a leading `0`, e.g. `007`. */
export function hasLeadingZero(digits: string): boolean {
  return digits.length > 1 && digits.startsWith('0');
}

// The `bytes */size` form of Content-Range (RFC 9110 section 14.4, unsatisfied-range).
export function unsatisfiedContentRange(objectSize: number): string {
  return `bytes */${objectSize}`;
}

/** The `bytes first-last/size` form of Content-Range (RFC 9110 section 14.4). */
export function satisfiedContentRange(start: number, endExclusive: number, objectSize: number): string {
  return `bytes ${start}-${endExclusive - 1}/${objectSize}`;
}

export function assertObjectSize(objectSize: number): void {
  if (!Number.isSafeInteger(objectSize) || objectSize < 0) {
    throw new RangeError(`objectSize must be a non-negative safe integer, got ${objectSize}`);
  }
}
