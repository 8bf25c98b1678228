// A title may not claim more or less than its case asserts: the statuses and S3 error codes it
// names are exactly those `then` accepts (a title that names none is not checked for them).
import type { Expectation } from './schema.ts';

/** S3 error codes (S3 API Reference, Error responses) a title might name; codes a case asserts count too. */
const S3_ERROR_CODES = new Set([
  'AccessDenied',
  'BadDigest',
  'BucketAlreadyExists',
  'BucketAlreadyOwnedByYou',
  'BucketNotEmpty',
  'ConditionalRequestConflict',
  'EntityTooLarge',
  'EntityTooSmall',
  'InvalidAccessKeyId',
  'InvalidArgument',
  'InvalidBucketName',
  'InvalidBucketOwnerAWSAccountID',
  'InvalidDigest',
  'InvalidEncryptionAlgorithmError',
  'InvalidObjectState',
  'InvalidPart',
  'InvalidPartNumber',
  'InvalidPartOrder',
  'InvalidRange',
  'InvalidRequest',
  'InvalidToken',
  'MalformedXML',
  'MethodNotAllowed',
  'MissingContentLength',
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchUpload',
  'NoSuchVersion',
  'NotImplemented',
  'NotModified',
  'PreconditionFailed',
  'SignatureDoesNotMatch',
]);

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Words after "not"/"never"/"rather than" are what the case rules out, not what it claims. */
const claimed = (title: string, pattern: RegExp): string[] =>
  [...title.matchAll(pattern)]
    .filter((match) => !/\b(not|never|rather than|instead of)\s+(an?\s+)?$/i.test(title.slice(0, match.index)))
    .map((match) => match[0]);

/**
 * `setUpStatuses`: statuses the case's set-up steps must get, which a title may name too ("after a
 * 412 on ..."); error codes in `then.xml` (a per-key error of DeleteObjects) count as asserted.
 */
export function checkTitle(title: string, then: Expectation, setUpStatuses: number[] = []): string[] {
  const problems: string[] = [];
  const compare = <T>(kind: string, named: T[], asserted: T[], alsoAllowed: T[] = []): void => {
    if (named.length === 0) return;
    const more = named.filter((item) => !asserted.includes(item) && !alsoAllowed.includes(item));
    const less = named.some((item) => asserted.includes(item)) ? asserted.filter((item) => !named.includes(item)) : [];
    if (more.length > 0)
      problems.push(`the title names ${kind} ${more.join(', ')}, which then does not assert (it asserts ${asserted.join(', ') || 'none'})`);
    else if (less.length > 0) problems.push(`the title names ${kind} ${named.join(', ')} but then also accepts ${less.join(', ')}`);
  };
  const errors = asList(then.error);
  const codesInBody = Object.values(then.xml ?? {}).filter((value): value is string => typeof value === 'string');
  const codes = claimed(title, /\b[A-Z][a-z]+(?:[A-Z][A-Za-z]*)+\b/g).filter((word) => S3_ERROR_CODES.has(word) || errors.includes(word));
  compare('error code', [...new Set(codes)], errors, codesInBody);
  // A number inside a range or a size (bytes=10-100, 100 bytes) is not a status.
  const statuses = claimed(title, /(?<![-=\d])\b[1-5]\d\d\b(?![-\d]|\s*(?:bytes?|B|KiB|MiB)\b)/g).map(Number);
  compare('status', [...new Set(statuses)], asList(then.status), setUpStatuses);
  return problems;
}
