// Query-string authentication: the request's signature in its URL (X-Amz-Algorithm, -Credential,
// -Date, -Expires, -SignedHeaders, -Signature), as a browser or curl sends a presigned URL. The
// payload is UNSIGNED-PAYLOAD, as S3 presigns it. The request's own headers stay headers and are
// signed (S3 requires its x-amz-* headers, SSE-C keys among them, to be signed); the length is
// sent unsigned, as a presigned URL's user sends it.
import { HttpRequest } from '@smithy/protocol-http';
import { signerFor, uriEscape, type WireEncoder } from '../http.ts';

/** How long the URLs are valid: S3 accepts up to 604800 s (seven days). */
const EXPIRES_SECONDS = 900;

export const presignedEncoding: WireEncoder = async (request, options) => {
  const headers: Record<string, string> = { host: request.url.host };
  for (const [name, value] of request.headers) headers[name] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  const presigned = await signerFor(options).presign(
    new HttpRequest({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query,
      // Read by the signer as the payload hash; a header it neither signs nor moves into the URL.
      headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    {
      expiresIn: EXPIRES_SECONDS,
      signingDate: options.signingDate,
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
  return { ...request, url, headers: [...request.headers, ['host', request.url.host], ...length] };
};
