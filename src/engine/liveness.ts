// Whether a target still listens at all. A case that got no answer may have met one refused
// request (a reset, a timeout) from a server that still runs, or a server that is gone: one new
// TCP connection to the endpoint tells the two apart. Refused means nothing listens there any more.
import { connect } from 'node:net';

/** The refusal's message when nothing accepts connections at `endpoint`; undefined when something does, or the answer is unclear. */
export function connectionRefusal(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const settle = (refusal: string | undefined) => {
      socket.destroy();
      resolve(refusal);
    };
    socket.once('connect', () => settle(undefined));
    // No answer within the time is not a refusal: a busy server may be slow to accept.
    socket.once('timeout', () => settle(undefined));
    socket.once('error', (error: Error & { code?: string }) =>
      settle(error.code === 'ECONNREFUSED' ? `connection refused (ECONNREFUSED) at ${host}:${port}` : undefined),
    );
  });
}
