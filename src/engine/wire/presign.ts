// Query-string authentication: the request's signature in its URL (X-Amz-Algorithm, -Credential,
// -Date, -Expires, -SignedHeaders, -Signature), as a browser or curl sends a presigned URL. The
// payload is UNSIGNED-PAYLOAD, as S3 presigns it. The request's own headers stay headers and are
// signed (S3 requires its x-amz-* headers, SSE-C keys among them, to be signed); the length is
// sent unsigned, as a presigned URL's user sends it. A tampering makes the URL one S3 must refuse.
import { HttpRequest } from '@smithy/protocol-http';
import type { Tampering } from '../../case/tamperings.ts';
import { signerFor, uriEscape, type WireEncoder } from '../http.ts';

/** How long the URLs are valid: S3 accepts up to 604800 s (seven days). */
const EXPIRES_SECONDS = 900;
const EXPIRED = { signedMsAgo: 2 * 3600_000, expiresSeconds: 60 };
const PRESIGNED_HEADER = 'x-amz-meta-presigned';

/**
 * Well over S3's week (ceph/s3-tests' value; one second over is read differently by servers). The
 * signer refuses to sign it, and S3's own refusal is what the case asks about: the signer's guard
 * compares the number (0), the URL carries its text.
 */
const OVER_A_WEEK = { valueOf: () => 0, toString: () => '609901' } as unknown as number;

export function presignedEncoding(tamper?: Tampering): WireEncoder {
  return async (request, options) => {
    const extra: [string, string][] = tamper === 'presign-header-changed' ? [[PRESIGNED_HEADER, 'as-signed']] : [];
    const headers: Record<string, string> = { host: request.url.host };
    for (const [name, value] of [...request.headers, ...extra]) headers[name] = value;
    const query: Record<string, string> = {};
    for (const [name, value] of request.url.searchParams) query[name] = value;
    const now = options.signingDate ?? new Date();
    const presigned = await signerFor(options).presign(
      new HttpRequest({
        method: tamper === 'presign-other-method' ? 'GET' : request.method,
        protocol: request.url.protocol,
        hostname: request.url.hostname,
        port: request.url.port ? Number(request.url.port) : undefined,
        path: request.url.pathname,
        query,
        // Read by the signer as the payload hash; a header it neither signs nor moves into the URL.
        headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
      {
        expiresIn:
          tamper === 'presign-expired' ? EXPIRED.expiresSeconds : tamper === 'presign-expires-too-long' ? OVER_A_WEEK : EXPIRES_SECONDS,
        signingDate: tamper === 'presign-expired' ? new Date(now.getTime() - EXPIRED.signedMsAgo) : now,
        unhoistableHeaders: new Set([...Object.keys(headers), 'x-amz-content-sha256'].map((name) => name.toLowerCase())),
        unsignableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    const url = new URL(request.url);
    url.search = Object.entries(presigned.query ?? {})
      .map(([name, value]) => `${uriEscape(name)}=${uriEscape(String(value ?? ''))}`)
      .join('&');
    const carriesBody = request.body.length > 0 || request.method === 'PUT' || request.method === 'POST';
    const length: [string, string][] = carriesBody ? [['content-length', String(request.body.length)]] : [];
    const sentExtra: [string, string][] = extra.map(([name]) => [name, 'changed-after-signing']);
    return { ...request, url, headers: [...request.headers, ...sentExtra, ['host', request.url.host], ...length] };
  };
}
