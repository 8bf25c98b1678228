// One signed ListBuckets before anything else: an endpoint that cannot be reached, or that
// refuses the credentials, is one clear message and exit 2, not one timeout per case.
import { randomBytes } from 'node:crypto';
import { type ReadResponse, readResponse } from '../engine/observe.ts';
import { send, TransportError } from '../engine/http.ts';
import { UsageError } from './resolve.ts';
import { describeEndpoint, type Target } from '../engine/target.ts';

const REFUSED_CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken']);

export async function preflight(target: Target, timeoutMs = 5000): Promise<void> {
  // ListBuckets, then a listing of a bucket that does not exist: some servers check the signing
  // region only on bucket requests, and a NoSuchBucket answer shows the region is accepted.
  await check(target, '/', timeoutMs, []);
  await check(target, `/s3c-preflight-${randomBytes(6).toString('hex')}/`, timeoutMs, ['NoSuchBucket']);
}

async function check(target: Target, path: string, timeoutMs: number, expectedCodes: string[]): Promise<void> {
  const where = describeEndpoint(target.endpoint);
  const url = new URL(target.endpoint);
  url.pathname = target.pathStyle ? path : '/';
  if (!target.pathStyle && path !== '/') url.hostname = `${path.split('/')[1]}.${url.hostname}`;
  let response: ReadResponse;
  try {
    response = readResponse(
      await send({ method: 'GET', url, headers: [], body: Buffer.alloc(0) }, { ...target, credentials: target.credentials, timeoutMs }),
    );
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw new UsageError(`cannot reach ${where}: ${error.causeCode} (${error.message.replace(/^GET \S+: /, '')})`);
  }
  if (response.status < 400 || expectedCodes.includes(response.errorCode ?? '')) return;
  if (response.errorCode === 'RequestTimeTooSkewed') {
    throw new UsageError(
      `${where} refuses the request time: this machine's clock says ${new Date().toISOString()}, the server's ${response.headers.date ?? '(no Date header)'}`,
    );
  }
  if (response.errorCode && REFUSED_CREDENTIALS.has(response.errorCode)) {
    throw new UsageError(
      `${where} refused the credentials of access key id ${target.credentials.accessKeyId}: ${response.errorCode} (the secret key is not shown)`,
    );
  }
  if (response.errorCode === 'AuthorizationHeaderMalformed' || response.errorCode === 'IllegalLocationConstraintException') {
    throw new UsageError(`${where} refused region ${target.region}: ${response.errorCode}: ${response.errorMessage ?? ''}`);
  }
  throw new UsageError(`${where} answered GET ${path} with ${response.status} ${response.errorCode ?? ''}: is this an S3 endpoint?`);
}
