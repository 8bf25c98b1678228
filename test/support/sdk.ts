// An AWS SDK client for the tests' own look at a server: what buckets and objects exist is checked
// with a client independent of the engine under test.
import https from 'node:https';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Target } from '../../src/engine/target.ts';

export function sdkClient(target: Pick<Target, 'endpoint' | 'region' | 'credentials' | 'ca'>): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: target.credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: target.ca }) }),
  });
}

/** The names of every bucket the target's account has, sorted: what a test compares before and after. */
export async function bucketNames(target: Pick<Target, 'endpoint' | 'region' | 'credentials' | 'ca'>): Promise<string[]> {
  const client = sdkClient(target);
  try {
    return ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name!).sort();
  } finally {
    client.destroy();
  }
}
