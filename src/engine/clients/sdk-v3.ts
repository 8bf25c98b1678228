// The AWS SDK for JavaScript v3 (@aws-sdk/client-s3) as users run it: its defaults kept, so
// uploads carry a CRC32 checksum (a trailer on aws-chunked bodies over https) and downloads are
// validated against the object's checksum. Path-style addressing, as S3-compatible endpoints are
// configured (an IP address has no virtual hosts).
import https from 'node:https';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { loopbackForLocalhostNames } from '../http.ts';
import type { LaneClient, LaneEndpoint } from './lane-client.ts';

const sseC = (key: Buffer | undefined) =>
  key && {
    SSECustomerAlgorithm: 'AES256',
    SSECustomerKey: key.toString('base64'),
    SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
  };

export function sdkV3Client(endpoint: LaneEndpoint, bucket: string): LaneClient {
  const client = new S3Client({
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey, sessionToken: endpoint.sessionToken },
    forcePathStyle: true,
    maxAttempts: 1,
    requestHandler: {
      httpsAgent: new https.Agent({ ca: endpoint.ca, rejectUnauthorized: !endpoint.insecure, lookup: loopbackForLocalhostNames }),
    },
  });
  const Bucket = bucket;
  return {
    name: 'sdk-v3',
    async put(key, body, options) {
      const output = await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ...sseC(options?.sseCKey) }));
      return { etag: output.ETag ?? '' };
    },
    async putStream(key, body, length) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: length }));
    },
    async putIfAbsent(key, body) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, IfNoneMatch: '*' }));
        return 200;
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode) return error.$metadata.httpStatusCode;
        throw error;
      }
    },
    async get(key, options) {
      const range = options?.range && `bytes=${options.range.start}-${options.range.end}`;
      const output = await client.send(new GetObjectCommand({ Bucket, Key: key, Range: range, ...sseC(options?.sseCKey) }));
      return Buffer.from(await output.Body!.transformToByteArray());
    },
    async head(key) {
      const output = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return { size: output.ContentLength ?? -1, etag: output.ETag ?? '' };
    },
    async multipartWithCopy(key, uploaded, copiedFrom) {
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key }));
      const first = await client.send(new UploadPartCommand({ Bucket, Key: key, UploadId, PartNumber: 1, Body: uploaded }));
      const second = await client.send(
        new UploadPartCopyCommand({ Bucket, Key: key, UploadId, PartNumber: 2, CopySource: `${bucket}/${copiedFrom}` }),
      );
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: key,
          UploadId,
          // The parts as most code lists them: number and ETag (the upload was created without a checksum algorithm).
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: first.ETag },
              { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
            ],
          },
        }),
      );
    },
    async enableVersioning() {
      await client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async versions(key) {
      const output = await client.send(new ListObjectVersionsCommand({ Bucket, Prefix: key }));
      const entries = [
        ...(output.Versions ?? []).map((v) => ({
          key: v.Key,
          versionId: v.VersionId ?? '',
          deleteMarker: false,
          latest: v.IsLatest === true,
          at: v.LastModified?.getTime() ?? 0,
        })),
        ...(output.DeleteMarkers ?? []).map((m) => ({
          key: m.Key,
          versionId: m.VersionId ?? '',
          deleteMarker: true,
          latest: m.IsLatest === true,
          at: m.LastModified?.getTime() ?? 0,
        })),
      ];
      return entries
        .filter((e) => e.key === key)
        .sort((a, b) => Number(b.latest) - Number(a.latest) || b.at - a.at)
        .map(({ versionId, deleteMarker, latest }) => ({ versionId, deleteMarker, latest }));
    },
    close() {
      client.destroy();
    },
  };
}
