// The suite's own buckets: made before a case, tagged with their run, and emptied and removed
// after it (every version, delete marker and multipart upload). These requests are not judged;
// they go through the same signed transport as the cases (no SDK on the hot path: a run makes
// and removes a bucket per case, and the SDK's per-request cost doubled a run's CPU time).
import type { RequestSpec } from '../case/schema.ts';
import type { Target } from './target.ts';
import { send, type TransportOptions } from './http.ts';
import { readResponse, resolveXmlPath, xmlText, type ReadResponse } from './observe.ts';
import { planRequest } from './plan.ts';

/** The tag that marks a bucket as made by the suite, with the run prefix as its value. */
export const OWNERSHIP_TAG = 's3-conformance-run';

/** A refused bucket request, with the server's error code. */
export class BucketRequestError extends Error {
  readonly code: string;
  constructor(what: string, response: ReadResponse) {
    const code = response.errorCode ?? `HTTP ${response.status}`;
    super(`${what}: ${response.status} ${code}${response.errorMessage ? `: ${response.errorMessage}` : ''}`);
    this.code = code;
  }
}

export interface BucketClient {
  target: Target;
  transport: TransportOptions;
}

export function createBucketClient(target: Target, timeoutMs: number): BucketClient {
  return {
    target,
    transport: { credentials: target.credentials, region: target.region, timeoutMs, ca: target.ca, insecure: target.insecure },
  };
}

const NO_VALUES = new Map<string, string>();

async function request(client: BucketClient, bucket: string, spec: RequestSpec): Promise<ReadResponse> {
  const planned = planRequest(spec, {
    target: client.target,
    buckets: new Map([['main', bucket]]),
    values: NO_VALUES,
    checksums: 'when-required',
  });
  return readResponse(await send(planned, client.transport));
}

async function expectSuccess(client: BucketClient, bucket: string, spec: RequestSpec, what: string): Promise<ReadResponse> {
  const response = await request(client, bucket, spec);
  if (response.status >= 300) throw new BucketRequestError(what, response);
  return response;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Creates a bucket of the suite's and tags it with the run, so that `cleanup` can later tell it
 * from anyone else's. A server without bucket tagging (s3rver) gets an untagged bucket, which only
 * the run that made it (or the run journal) ever removes.
 */
export async function createBucket(client: BucketClient, name: string, runPrefix: string): Promise<void> {
  const { region } = client.target;
  const configuration =
    region === 'us-east-1'
      ? undefined
      : `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${escapeXml(region)}</LocationConstraint></CreateBucketConfiguration>`;
  await expectSuccess(client, name, { op: 'CreateBucket', ...(configuration ? { body: configuration } : {}) }, `CreateBucket ${name}`);
  const tagging = `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>${OWNERSHIP_TAG}</Key><Value>${escapeXml(runPrefix)}</Value></Tag></TagSet></Tagging>`;
  const tagged = await request(client, name, { op: 'PutBucketTagging', body: tagging });
  if (tagged.status < 300 || tagged.errorCode === 'NotImplemented') return;
  // An untagged bucket could not be told apart later: remove it now, while it is surely ours.
  await request(client, name, { op: 'DeleteBucket' }).catch(() => undefined);
  throw new BucketRequestError(`PutBucketTagging ${name}`, tagged);
}

/** The run that made a bucket, from its ownership tag; undefined for anyone else's bucket. */
export async function suiteRunOf(client: BucketClient, name: string): Promise<string | undefined> {
  const response = await request(client, name, { op: 'GetBucketTagging' });
  if (response.status >= 300) return undefined;
  const tags = resolveXmlPath(response.xml, 'Tagging.TagSet.Tag') as { Key?: unknown; Value?: unknown }[];
  const tag = tags.find((t) => xmlText(t.Key) === OWNERSHIP_TAG);
  return tag ? xmlText(tag.Value) : undefined;
}

export async function listBuckets(client: BucketClient): Promise<{ name: string; createdAt?: Date }[]> {
  const response = await expectSuccess(client, '', { op: 'ListBuckets' }, 'ListBuckets');
  return (resolveXmlPath(response.xml, 'ListAllMyBucketsResult.Buckets.Bucket') as { Name?: unknown; CreationDate?: unknown }[]).map(
    (b) => ({
      name: xmlText(b.Name),
      createdAt: b.CreationDate ? new Date(xmlText(b.CreationDate)) : undefined,
    }),
  );
}

/**
 * Removes everything in a bucket and the bucket; returns what could not be removed.
 * `hadUploads: false` skips listing multipart uploads, for a case that started none.
 */
export async function destroyBucket(client: BucketClient, name: string, { hadUploads = true } = {}): Promise<string[]> {
  const leftovers: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      // A case may delete its own bucket (DeleteBucket cases): then nothing is left to remove.
      if (!(error instanceof BucketRequestError && error.code === 'NoSuchBucket')) leftovers.push(`${what}: ${(error as Error).message}`);
    }
  };
  if (hadUploads) await attempt(`multipart uploads in ${name}`, () => abortEveryUpload(client, name));
  await attempt(`objects in ${name}`, () => deleteEveryVersion(client, name));
  await attempt(`bucket ${name}`, () => expectSuccess(client, name, { op: 'DeleteBucket' }, `DeleteBucket ${name}`));
  return leftovers;
}

async function abortEveryUpload(client: BucketClient, bucket: string): Promise<void> {
  const listing = await request(client, bucket, { op: 'ListMultipartUploads' });
  // A server that cannot list uploads (s3rver) keeps none that a listing could find.
  if (listing.errorCode === 'NotImplemented' || listing.status === 405) return;
  if (listing.status >= 300) throw new BucketRequestError('ListMultipartUploads', listing);
  for (const upload of resolveXmlPath(listing.xml, 'ListMultipartUploadsResult.Upload') as { Key?: unknown; UploadId?: unknown }[]) {
    await expectSuccess(
      client,
      bucket,
      { op: 'AbortMultipartUpload', key: xmlText(upload.Key), uploadId: xmlText(upload.UploadId) },
      'AbortMultipartUpload',
    );
  }
}

interface ObjectVersion {
  key: string;
  versionId?: string;
}

/** Deletes every version and delete marker, a listing page (at most 1000) per DeleteObjects. */
async function deleteEveryVersion(client: BucketClient, bucket: string): Promise<void> {
  for (let page = await firstPage(client, bucket); page.objects.length > 0; page = await nextPage(client, bucket, page)) {
    const deleted = await request(client, bucket, { op: 'DeleteObjects', quiet: true, objects: page.objects });
    if (deleted.status >= 300) throw new BucketRequestError('DeleteObjects', deleted);
    const errors = resolveXmlPath(deleted.xml, 'DeleteResult.Error') as { Key?: unknown; Code?: unknown }[];
    if (errors.length > 0)
      throw new Error(`DeleteObjects left ${errors.length} object(s), e.g. ${xmlText(errors[0]!.Key)}: ${xmlText(errors[0]!.Code)}`);
    if (!page.truncated) return;
  }
}

interface ListingPage {
  objects: ObjectVersion[];
  truncated: boolean;
  versioned: boolean;
}

async function firstPage(client: BucketClient, bucket: string): Promise<ListingPage> {
  const versions = await request(client, bucket, { op: 'ListObjectVersions' });
  // Some servers (s3rver) have no ListObjectVersions; their objects have no versions either.
  if (versions.status >= 300 && versions.errorCode !== 'NoSuchBucket') return listKeys(client, bucket);
  if (versions.status >= 300) throw new BucketRequestError('ListObjectVersions', versions);
  return versionPage(versions);
}

/**
 * After a page is deleted, the listing starts again from the top: what was listed is gone, so
 * the next listing shows what comes after it.
 */
function nextPage(client: BucketClient, bucket: string, page: ListingPage): Promise<ListingPage> {
  return page.versioned ? firstPage(client, bucket) : listKeys(client, bucket);
}

function versionPage(response: ReadResponse): ListingPage {
  const entries = ['ListVersionsResult.Version', 'ListVersionsResult.DeleteMarker'].flatMap(
    (path) => resolveXmlPath(response.xml, path) as { Key?: unknown; VersionId?: unknown }[],
  );
  return {
    objects: entries.map((e) => ({ key: xmlText(e.Key), versionId: xmlText(e.VersionId) || undefined })),
    truncated: xmlText(resolveXmlPath(response.xml, 'ListVersionsResult.IsTruncated')[0]) === 'true',
    versioned: true,
  };
}

async function listKeys(client: BucketClient, bucket: string): Promise<ListingPage> {
  const listing = await expectSuccess(client, bucket, { op: 'ListObjectsV2' }, 'ListObjectsV2');
  return {
    objects: (resolveXmlPath(listing.xml, 'ListBucketResult.Contents') as { Key?: unknown }[]).map((c) => ({ key: xmlText(c.Key) })),
    truncated: xmlText(resolveXmlPath(listing.xml, 'ListBucketResult.IsTruncated')[0]) === 'true',
    versioned: false,
  };
}
