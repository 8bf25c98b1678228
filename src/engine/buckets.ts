// Bucket lifecycle through @aws-sdk/client-s3: the suite's own buckets are made before a case
// and emptied and removed after it (every version, delete marker and multipart upload). These
// requests are not judged, so the SDK's typed operations serve them well.
import https from 'node:https';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketTaggingCommand,
  PutBucketTaggingCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Target } from '../targets/target.ts';

export function createS3Client(target: Target, timeoutMs: number): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: target.credentials,
    forcePathStyle: target.pathStyle,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      requestTimeout: timeoutMs,
      connectionTimeout: timeoutMs,
      httpsAgent: new https.Agent({ keepAlive: true, ca: target.ca, rejectUnauthorized: !target.insecure }),
    }),
  });
}

/** The tag that marks a bucket as made by the suite, with the run prefix as its value. */
export const OWNERSHIP_TAG = 's3-conformance-run';

/**
 * Creates a bucket of the suite's and tags it with the run, so that `cleanup` can later tell it
 * from anyone else's. A server without bucket tagging (s3rver) gets an untagged bucket, which
 * only the run that made it ever removes.
 */
export async function createBucket(client: S3Client, name: string, region: string, runPrefix: string): Promise<void> {
  const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
  await client.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: configuration }));
  await client.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: [{ Key: OWNERSHIP_TAG, Value: runPrefix }] } })).catch(async (error: Error) => {
    if (error.name === 'NotImplemented') return;
    // An untagged bucket could not be told apart later: remove it now, while it is surely ours.
    await client.send(new DeleteBucketCommand({ Bucket: name })).catch(() => undefined);
    throw error;
  });
}

/** The run that made a bucket, from its ownership tag; undefined for anyone else's bucket. */
export async function suiteRunOf(client: S3Client, name: string): Promise<string | undefined> {
  try {
    const { TagSet = [] } = await client.send(new GetBucketTaggingCommand({ Bucket: name }));
    return TagSet.find((tag) => tag.Key === OWNERSHIP_TAG)?.Value;
  } catch {
    return undefined;
  }
}

/** Removes everything in a bucket and the bucket; returns what could not be removed. */
export async function destroyBucket(client: S3Client, name: string): Promise<string[]> {
  const leftovers: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      // A case may delete its own bucket (DeleteBucket cases): then nothing is left to remove.
      if ((error as Error).name !== 'NoSuchBucket') leftovers.push(`${what}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  };
  await attempt(`multipart uploads in ${name}`, async () => {
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: name })).catch((error: Error) => {
      // A server that cannot list uploads (s3rver) keeps none that a listing could find.
      if (error.name === 'NotImplemented') return { Uploads: [] };
      throw error;
    });
    for (const upload of uploads.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: name, Key: upload.Key, UploadId: upload.UploadId }));
    }
  });
  await attempt(`objects in ${name}`, async () => {
    for (const object of await listEveryVersion(client, name)) {
      await client.send(new DeleteObjectCommand({ Bucket: name, Key: object.key, VersionId: object.versionId }));
    }
  });
  await attempt(`bucket ${name}`, () => client.send(new DeleteBucketCommand({ Bucket: name })));
  return leftovers;
}

/** Every object version and delete marker; plain keys where the server lists no versions. */
async function listEveryVersion(client: S3Client, bucket: string): Promise<{ key: string; versionId?: string }[]> {
  const found: { key: string; versionId?: string }[] = [];
  try {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (entry.Key !== undefined) found.push({ key: entry.Key, versionId: entry.VersionId });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
    return found;
  } catch {
    // Some servers (s3rver) have no ListObjectVersions; their objects have no versions either.
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const entry of page.Contents ?? []) if (entry.Key !== undefined) found.push({ key: entry.Key });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return found;
  }
}
