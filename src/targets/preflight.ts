// One signed ListBuckets before anything else: an endpoint that cannot be reached, or that
// refuses the credentials, is one clear message and exit 2, not one timeout per case.
import { readResponse } from '../engine/observe.ts';
import { send, TransportError } from '../engine/http.ts';
import { UsageError } from './resolve.ts';
import { describeEndpoint, type Target } from './target.ts';

const REFUSED_CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken']);

export async function preflight(target: Target, timeoutMs = 5000): Promise<void> {
  const where = describeEndpoint(target.endpoint);
  const url = new URL(target.endpoint);
  url.pathname = '/';
  let response;
  try {
    response = readResponse(
      await send({ method: 'GET', url, headers: [], body: Buffer.alloc(0) }, { ...target, credentials: target.credentials, timeoutMs }),
    );
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw new UsageError(`cannot reach ${where}: ${error.causeCode} (${error.message.replace(/^GET \/: /, '')})`);
  }
  if (response.status < 400) return;
  if (response.errorCode === 'RequestTimeTooSkewed') {
    throw new UsageError(`${where} refuses the request time: this machine's clock says ${new Date().toISOString()}, the server's ${response.headers.date ?? '(no Date header)'}`);
  }
  if (response.errorCode && REFUSED_CREDENTIALS.has(response.errorCode)) {
    throw new UsageError(`${where} refused the credentials of access key id ${target.credentials.accessKeyId}: ${response.errorCode} (the secret key is not shown)`);
  }
  if (response.errorCode === 'AuthorizationHeaderMalformed' || response.errorCode === 'IllegalLocationConstraintException') {
    throw new UsageError(`${where} refused region ${target.region}: ${response.errorCode}: ${response.errorMessage ?? ''}`);
  }
  throw new UsageError(`${where} answered ListBuckets with ${response.status} ${response.errorCode ?? ''}: is this an S3 endpoint?`);
}
