// Virtual-hosted-style addressing: the bucket in the host name (`bucket.suffix`), the key alone in
// the path, as SDKs address host names. A local endpoint (an IP address or localhost) has no DNS
// for `bucket.suffix`, so the connection goes to the endpoint's own address while the Host header
// (and the signature) name the virtual host; a real endpoint's suffix resolves through DNS.
import { isIP } from 'node:net';
import { signRequest, type PlannedRequest, type WireEncoder } from '../http.ts';

/**
 * The suffix a local endpoint's virtual hosts use when no flag names one: launched servers are
 * configured for it and their certificates name `*.s3.localhost`.
 */
export const LOCAL_VIRTUAL_HOST_SUFFIX = 's3.localhost';

const isLocal = (hostname: string) => isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 || hostname === 'localhost';

/** The request addressed to its bucket's virtual host; the path-style bucket is the path's first segment. */
export function virtualHosted(request: PlannedRequest, suffix: string | undefined): PlannedRequest & { connectHost?: string } {
  const [, bucket, ...rest] = request.url.pathname.split('/');
  if (!bucket) throw new Error(`${request.method} ${request.url.pathname}: no bucket in the path to move into the host name`);
  const url = new URL(request.url);
  const local = isLocal(request.url.hostname);
  url.hostname = `${bucket}.${suffix ?? (local ? LOCAL_VIRTUAL_HOST_SUFFIX : request.url.hostname)}`;
  url.pathname = `/${rest.join('/')}`;
  return { ...request, url, ...(local ? { connectHost: request.url.hostname } : {}) };
}

export function virtualHostedEncoding(suffix: string | undefined): WireEncoder {
  return async (request, options) => {
    const addressed = virtualHosted(request, suffix);
    return { ...addressed, headers: await signRequest(addressed, options) };
  };
}
