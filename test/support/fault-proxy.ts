// A fault-injecting proxy for the engine's tests: it stands on 127.0.0.1 in front of a real
// server, forwards every request unchanged (the Host header too, so SigV4 signatures still
// verify), and lets a test alter, delay, truncate or drop the responses it chooses. It listens on
// plain HTTP and speaks TLS to an https upstream, so the target behind it keeps its
// capabilities (SSE-C needs TLS to the server, which it still has). It can also play a server
// that misreads request bodies: a storing fault decides what the server stores instead, and the
// proxy writes that with a request of its own (signed with the upstream's credentials).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { send } from '../../src/engine/http.ts';
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
  | { kind: 'delay'; ms: number; response: ProxiedResponse }
  | { kind: 'hold'; until: Promise<unknown>; response: ProxiedResponse }; // answer once `until` settles

export type Fault = (request: ProxiedRequest, response: ProxiedResponse) => FaultAction;

export const passThrough: Fault = (_request, response) => ({ kind: 'respond', response });

/**
 * What a server that misreads this request body would store, or undefined to forward the request
 * as it is. The proxy stores the returned bytes with a plain signed PUT to the same path, with
 * the request's other headers, and answers with the upstream's response to that.
 */
export type StoringFault = (request: ProxiedRequest, body: Buffer) => Buffer | undefined;

/** Headers of the original request that describe its signature and framing, not the object. */
const WIRE_HEADERS = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'content-encoding',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'x-amz-sdk-checksum-algorithm',
  'content-length',
  'transfer-encoding',
  'expect',
  'host',
  'connection',
]);

export interface FaultProxy {
  /** The upstream target, reached through the proxy. */
  target: Target;
  setFault(fault: Fault): void;
  setStoringFault(fault: StoringFault | undefined): void;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: Target): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream.endpoint);
  const client = upstreamUrl.protocol === 'https:' ? https : http;
  let fault: Fault = passThrough;
  let storingFault: StoringFault | undefined;
  const sockets = new Set<Socket>();

  const storeInstead = async (request: ProxiedRequest, stored: Buffer): Promise<ProxiedResponse> => {
    const headers = Object.entries(request.headers)
      .filter(([name, value]) => !WIRE_HEADERS.has(name) && !name.startsWith('x-amz-checksum-') && typeof value === 'string')
      .map(([name, value]) => [name, value as string] as [string, string]);
    const observed = await send(
      { method: request.method, url: new URL(request.url, upstream.endpoint), headers, body: stored },
      { credentials: upstream.credentials, region: upstream.region, timeoutMs: 10_000, ca: upstream.ca },
    );
    return {
      status: observed.status,
      headers: Object.fromEntries(
        Object.entries(observed.headers).filter(([name]) => name !== 'transfer-encoding' && name !== 'connection'),
      ),
      body: observed.body,
    };
  };

  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ProxiedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers };
      const stored = storingFault?.(request, Buffer.concat(chunks));
      if (stored) {
        storeInstead(request, stored).then(
          (response) => deliver(fault(request, response), incoming, outgoing),
          () => outgoing.destroy(),
        );
        return;
      }
      const forwarded = client.request(
        {
          hostname: upstreamUrl.hostname,
          port: upstreamUrl.port,
          method: request.method,
          path: request.url,
          headers: incoming.rawHeaders,
          ca: upstream.ca,
        },
        (upstreamResponse) => {
          const body: Buffer[] = [];
          upstreamResponse.on('data', (chunk: Buffer) => body.push(chunk));
          upstreamResponse.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(upstreamResponse.headers)) {
              if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection')
                headers[name] = Array.isArray(value) ? value.join(', ') : value;
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
    setStoringFault(next) {
      storingFault = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** For a describe block: a proxy in front of `upstream`, started before its tests and closed after them. */
export function faultProxyForTests(upstream: () => Target): { readonly proxy: FaultProxy } {
  const holder = {} as { proxy: FaultProxy };
  beforeAll(async () => {
    holder.proxy = await startFaultProxy(upstream());
  });
  afterAll(() => holder.proxy?.close());
  return holder;
}

/** Other answers to hold while a CreateBucket is held: until the promise returned settles. */
export type HoldAlso = (request: ProxiedRequest, heldBucket: string) => Promise<void> | undefined;

/**
 * Holds the answer to the `nth` CreateBucket through the proxy (the bucket is made; its creator
 * waits) until `release()`; `held` settles once it is held, and `heldBucket()` names it.
 */
export function holdCreateBucket(proxy: FaultProxy, nth: number, holdAlso?: HoldAlso) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reportHeld!: () => void;
  const held = new Promise<void>((resolve) => (reportHeld = resolve));
  let heldBucket = '';
  let seen = 0;
  proxy.setFault((request, response) => {
    const until = heldBucket ? holdAlso?.(request, heldBucket) : undefined;
    if (until) return { kind: 'hold', until, response };
    const isCreateBucket = request.method === 'PUT' && /^\/[^/?]+$/.test(request.url);
    if (!isCreateBucket || ++seen !== nth) return { kind: 'respond', response };
    heldBucket = request.url.slice(1);
    reportHeld();
    return { kind: 'hold', until: released, response };
  });
  return { held, heldBucket: () => heldBucket, release };
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
      return;
    case 'hold':
      // The client may have gone meanwhile (a run aborted with the request open).
      void action.until.finally(
        () => outgoing.socket?.destroyed !== false || send(action.response, action.response.body, headLength(action.response, incoming)),
      );
  }
}

/** A HEAD response announces the length the GET would have. */
function headLength(response: ProxiedResponse, incoming: http.IncomingMessage): number {
  return incoming.method === 'HEAD' ? Number(response.headers['content-length'] ?? 0) : response.body.length;
}
