// An AWS SDK client for the tests' own look at a server: what buckets and objects exist is checked
// with a client independent of the engine under test.
import https from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
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
