// The `minio` JavaScript client as users run it: its defaults kept (it signs the payload of what
// it uploads, in parts of its own size for large bodies). It has no conditional PutObject, and it
// builds multipart copies with composeObject, whose parts are all UploadPartCopy: the uploaded
// part goes in as an object of its own first.
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { loopbackForLocalhostNames } from '../http.ts';
import type { LaneClient, LaneEndpoint } from './lane-client.ts';

const sseCHeaders = (key: Buffer | undefined): Record<string, string> =>
  key
    ? {
        'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        'x-amz-server-side-encryption-customer-key': key.toString('base64'),
        'x-amz-server-side-encryption-customer-key-md5': createHash('md5').update(key).digest('base64'),
      }
    : {};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What the client's version listing yields beside its declared fields. */
interface VersionEntry {
  name?: string;
  versionId?: string;
  isDeleteMarker?: boolean;
  isLatest?: boolean;
}

export function minioJsClient(endpoint: LaneEndpoint, bucket: string): LaneClient {
  const url = new URL(endpoint.endpoint);
  const useSSL = url.protocol === 'https:';
  const client = new Client({
    endPoint: url.hostname,
    port: Number(url.port || (useSSL ? 443 : 80)),
    useSSL,
    accessKey: endpoint.accessKeyId,
    secretKey: endpoint.secretAccessKey,
    sessionToken: endpoint.sessionToken,
    region: endpoint.region,
    pathStyle: true,
    ...(useSSL
      ? { transportAgent: new https.Agent({ ca: endpoint.ca, rejectUnauthorized: !endpoint.insecure, lookup: loopbackForLocalhostNames }) }
      : {}),
  });
  return {
    name: 'minio-js',
    async put(key, body, options) {
      const { etag } = await client.putObject(bucket, key, body, body.length, sseCHeaders(options?.sseCKey));
      return { etag };
    },
    async putStream(key, body, length) {
      await client.putObject(bucket, key, body, length);
    },
    async get(key, options) {
      const sseC = options?.sseCKey && {
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: options.sseCKey.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(options.sseCKey).digest('base64'),
      };
      if (options?.range)
        return readAll(await client.getPartialObject(bucket, key, options.range.start, options.range.end - options.range.start + 1, sseC));
      return readAll(await client.getObject(bucket, key, sseC));
    },
    async head(key) {
      const { size, etag } = await client.statObject(bucket, key);
      return { size, etag };
    },
    async multipartWithCopy(key, uploaded, copiedFrom) {
      const uploadedKey = `${key}.part-1`;
      await client.putObject(bucket, uploadedKey, uploaded, uploaded.length);
      await client.composeObject(new CopyDestinationOptions({ Bucket: bucket, Object: key }), [
        new CopySourceOptions({ Bucket: bucket, Object: uploadedKey }),
        new CopySourceOptions({ Bucket: bucket, Object: copiedFrom }),
      ]);
    },
    async enableVersioning() {
      await client.setBucketVersioning(bucket, { Status: 'Enabled' });
    },
    async delete(key) {
      await client.removeObject(bucket, key);
    },
    async versions(key) {
      const entries: VersionEntry[] = [];
      for await (const entry of client.listObjects(bucket, key, true, { IncludeVersion: true })) entries.push(entry as VersionEntry);
      return entries
        .filter((e) => e.name === key)
        .map((e) => ({ versionId: e.versionId ?? '', deleteMarker: e.isDeleteMarker === true, latest: e.isLatest === true }))
        .sort((a, b) => Number(b.latest) - Number(a.latest));
    },
    close() {},
  };
}
