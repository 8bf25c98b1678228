// Request specs → planned HTTP requests: the operation table gives method, path and
// sub-resource; the spec gives parameters, raw headers and body, rendered with the case's values.
import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { operationShape } from '../case/operations.ts';
import type { RequestSpec } from '../case/schema.ts';
import { renderTemplate, type TemplateValues } from '../case/template.ts';
import { endpointFor, type Target } from './target.ts';
import { materializeBody } from './bodies.ts';
import { uriEscape, type PlannedRequest } from './http.ts';

export type ChecksumMode = 'when-required' | 'always' | 'never';

export interface PlanContext {
  target: Target;
  /** Real bucket names by alias; the first entry is the default bucket. */
  buckets: Map<string, string>;
  values: TemplateValues;
  checksums: ChecksumMode;
}

const xml = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function planRequest(spec: RequestSpec, context: PlanContext): PlannedRequest {
  const shape = operationShape(spec.op);
  const render = (text: string) => renderTemplate(text, context.values);

  const endpoint = endpointFor(context.target, spec.scheme);
  const objectPath = shape.target === 'object' && spec.key !== undefined ? `/${uriEscape(render(spec.key), true)}` : '/';
  const url = new URL(endpoint);
  const bucket = shape.target === 'service' ? undefined : bucketName(spec.bucket, context);
  if (bucket === undefined) {
    url.pathname = '/';
  } else if (context.target.pathStyle) {
    url.pathname = `${url.pathname.replace(/\/$/, '')}/${bucket}${objectPath === '/' ? '' : objectPath}`;
  } else {
    url.hostname = `${bucket}.${url.hostname}`;
    url.pathname = objectPath;
  }

  const query: [string, string][] = [];
  if (shape.subresource) query.push([shape.subresource, '']);
  if (spec.op === 'ListObjectsV2') query.push(['list-type', '2']);
  if (spec.versionId !== undefined) query.push(['versionId', render(spec.versionId)]);
  if (spec.partNumber !== undefined) query.push(['partNumber', render(String(spec.partNumber))]);
  if (spec.uploadId !== undefined) query.push(['uploadId', render(spec.uploadId)]);
  for (const [name, value] of Object.entries(spec.query ?? {})) query.push([name, render(value)]);
  url.search = query.map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`).join('&');

  const headers: [string, string][] = Object.entries(spec.headers ?? {}).map(([name, value]) => [name, render(value)]);
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (spec.copySource && !has('x-amz-copy-source')) {
    const source = `/${bucketName(spec.copySource.bucket, context)}/${uriEscape(render(spec.copySource.key), true)}`;
    const version = spec.copySource.versionId === undefined ? '' : `?versionId=${uriEscape(render(spec.copySource.versionId))}`;
    headers.push(['x-amz-copy-source', source + version]);
  }

  const body = spec.body !== undefined ? materializeBody(spec.body, context.values) : operationBody(spec, render);
  const wantsChecksum =
    context.checksums === 'always' ? body.length > 0 : context.checksums === 'when-required' && shape.checksumRequired === true;
  // A checksum header is the integrity header current SDKs send instead of Content-MD5.
  const hasIntegrityHeader = has('content-md5') || headers.some(([name]) => /^x-amz-checksum-(crc32c?|crc64nvme|sha1|sha256)$/i.test(name));
  if (wantsChecksum && !hasIntegrityHeader) headers.push(['Content-MD5', createHash('md5').update(body).digest('base64')]);
  return { method: shape.method, url, headers, body };
}

function bucketName(alias: string | undefined, context: PlanContext): string {
  const name = alias === undefined ? context.buckets.values().next().value : context.buckets.get(alias);
  if (name === undefined) throw new Error(`no bucket "${alias}" in this case`);
  return name;
}

/** The XML body an operation carries when the case does not give one. */
function operationBody(spec: RequestSpec, render: (text: string) => string): Buffer {
  const document = (root: string, content: object) => Buffer.from(xml.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...content } }));
  switch (spec.op) {
    case 'CompleteMultipartUpload':
      return document('CompleteMultipartUpload', {
        Part: (spec.parts ?? []).map((part) => ({
          PartNumber: part.partNumber,
          ETag: render(part.etag),
          ...Object.fromEntries(Object.entries(part.checksums ?? {}).map(([algorithm, value]) => [`Checksum${algorithm}`, render(value)])),
        })),
      });
    case 'DeleteObjects':
      return document('Delete', {
        ...(spec.quiet ? { Quiet: true } : {}),
        Object: (spec.objects ?? []).map((object) => ({
          Key: render(object.key),
          ...(object.versionId === undefined ? {} : { VersionId: render(object.versionId) }),
        })),
      });
    case 'PutBucketVersioning':
      return document('VersioningConfiguration', { Status: spec.versioning });
    default:
      return Buffer.alloc(0);
  }
}
