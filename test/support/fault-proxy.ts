// A fault-injecting proxy for the engine's tests: it stands on 127.0.0.1 in front of a real
// server, forwards every request unchanged (the Host header too, so SigV4 signatures still
// verify), and lets a test alter, delay, truncate or drop the responses it chooses. It listens on
// plain HTTP and speaks TLS to an https upstream, so the target behind it keeps its
// capabilities (SSE-C needs TLS to the server, which it still has).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Target } from '../../src/engine/target.ts';

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** What to do with a response: send it (altered or not), or misbehave at the transport level. */
export type FaultAction =
  | { kind: 'respond'; response: ProxiedResponse }
  | { kind: 'reset' } // close the connection without a response
  | { kind: 'truncate'; response: ProxiedResponse; keepBytes: number } // announce the full length, send less
  | { kind: 'delay'; ms: number; response: ProxiedResponse };

export type Fault = (request: ProxiedRequest, response: ProxiedResponse) => FaultAction;

export const passThrough: Fault = (_request, response) => ({ kind: 'respond', response });

export interface FaultProxy {
  /** The upstream target, reached through the proxy. */
  target: Target;
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: Target): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream.endpoint);
  const client = upstreamUrl.protocol === 'https:' ? https : http;
  let fault: Fault = passThrough;
  const sockets = new Set<Socket>();

  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ProxiedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers };
      const forwarded = client.request(
        { hostname: upstreamUrl.hostname, port: upstreamUrl.port, method: request.method, path: request.url, headers: incoming.rawHeaders, ca: upstream.ca },
        (upstreamResponse) => {
          const body: Buffer[] = [];
          upstreamResponse.on('data', (chunk: Buffer) => body.push(chunk));
          upstreamResponse.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(upstreamResponse.headers)) {
              if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            deliver(fault(request, { status: upstreamResponse.statusCode ?? 502, headers, body: Buffer.concat(body) }), incoming, outgoing);
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: { ...upstream, name: `${upstream.name} via fault proxy`, endpoint: `http://127.0.0.1:${port}` },
    setFault(next) {
      fault = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function deliver(action: FaultAction, incoming: http.IncomingMessage, outgoing: http.ServerResponse): void {
  const send = (response: ProxiedResponse, body: Buffer, declaredLength: number) => {
    // Content-Length is the proxy's to set: the altered body decides it, unless truncating.
    const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== 'content-length'));
    outgoing.writeHead(response.status, { ...headers, 'content-length': String(declaredLength) });
    if (incoming.method === 'HEAD') outgoing.end();
    else if (body.length < declaredLength) outgoing.write(body, () => outgoing.destroy());
    else outgoing.end(body);
  };
  switch (action.kind) {
    case 'respond':
      return send(action.response, action.response.body, headLength(action.response, incoming));
    case 'reset':
      outgoing.destroy();
      return;
    case 'truncate':
      return send(action.response, action.response.body.subarray(0, action.keepBytes), action.response.body.length);
    case 'delay':
      setTimeout(() => send(action.response, action.response.body, headLength(action.response, incoming)), action.ms).unref();
  }
}

/** A HEAD response announces the length the GET would have. */
function headLength(response: ProxiedResponse, incoming: http.IncomingMessage): number {
  return incoming.method === 'HEAD' ? Number(response.headers['content-length'] ?? 0) : response.body.length;
}
