// The one transport for judged requests: a SigV4-signed HTTP request sent exactly as planned.
// The AWS SDK would add headers (user agent, invocation id, checksums), parse dates and refuse
// malformed values; a conformance case needs the bytes it describes on the wire, so requests
// are signed with @smithy/signature-v4 and sent with node:http(s) over keep-alive agents.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { traceRequest } from './trace.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PlannedRequest {
  method: string;
  url: URL;
  /** In the order and letter case they are sent. */
  headers: [string, string][];
  body: Buffer;
}

export interface ObservedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", " as node:http does. */
  headers: Record<string, string>;
  body: Buffer;
  /** The request as an encoder other than the default put it on the wire (its URL, headers and body length). */
  sent?: { url: URL; headers: [string, string][]; bodyLength: number };
}

export interface TransportOptions {
  credentials: Credentials;
  region: string;
  timeoutMs: number;
  /** PEM of a CA to trust for https, or `insecure` to trust any certificate. */
  ca?: string;
  insecure?: boolean;
  /** How the request is put on the wire; by default signed in the Authorization header with its payload's SHA-256. */
  encode?: WireEncoder;
  /** The clock signatures are made with; now by default (a fixed one reproduces published examples). */
  signingDate?: Date;
}

/** A request as it goes on the wire: addressed, framed and signed. */
export interface WireRequest extends PlannedRequest {
  /** Send the body only after the server's 100 Continue (or a second without an answer, as curl does). */
  expectContinue?: boolean;
  /** Connect to this host whatever the URL's host name says (a virtual host the DNS does not know). */
  connectHost?: string;
}

export type WireEncoder = (request: PlannedRequest, options: TransportOptions) => Promise<WireRequest>;

/** The default encoding: the request as planned, signed in the Authorization header. */
const signedEncoding: WireEncoder = async (request, options) => ({ ...request, headers: await signRequest(request, options) });

/** A failure to get a complete response: the run cannot judge, so the verdict is `error`. */
export class TransportError extends Error {
  readonly causeCode: string;
  constructor(message: string, causeCode: string) {
    super(message);
    this.causeCode = causeCode;
  }
}

/** RFC 3986 escaping as SigV4 wants it; `/` kept where a key's path segments are joined. */
export function uriEscape(value: string, keepSlash = false): string {
  const escaped = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? escaped.replace(/%2F/g, '/') : escaped;
}

const agents = new Map<string, http.Agent>();

/**
 * DNS, except that names under `localhost` are the loopback address (RFC 6761 section 6.3), as
 * browsers and curl have them and this machine's resolver does not: S3Proxy's endpoint is named
 * `s3.localhost` because it serves path-style requests only at its virtual-host domain.
 */
export const loopbackForLocalhostNames: LookupFunction = (hostname, options, callback) =>
  lookup(/\.localhost\.?$/i.test(hostname) ? '127.0.0.1' : hostname, options, callback);

function agentFor(protocol: string, options: TransportOptions): http.Agent {
  const id = `${protocol}|${options.ca ?? ''}|${options.insecure ?? false}`;
  let agent = agents.get(id);
  if (!agent) {
    agent =
      protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ca: options.ca, rejectUnauthorized: !options.insecure, lookup: loopbackForLocalhostNames })
        : new http.Agent({ keepAlive: true, lookup: loopbackForLocalhostNames });
    agents.set(id, agent);
  }
  return agent;
}

/** Closes idle keep-alive sockets so a finished run does not hold the event loop open. */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

const signers = new Map<string, SignatureV4>();

/**
 * One signer per identity and region: a signer derives its signing key (four HMACs) once a day
 * and keeps it, where a new signer per request would derive it every time.
 */
export function signerFor(options: Pick<TransportOptions, 'credentials' | 'region'>): SignatureV4 {
  const { credentials, region } = options;
  const id = `${credentials.accessKeyId}|${credentials.secretAccessKey}|${credentials.sessionToken ?? ''}|${region}`;
  let signer = signers.get(id);
  if (!signer) {
    signer = new SignatureV4({
      credentials,
      region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false, // S3 paths are escaped once, by us; SigV4 for S3 must not escape them again
      applyChecksum: false,
    });
    signers.set(id, signer);
  }
  return signer;
}

export async function signRequest(request: PlannedRequest, options: TransportOptions): Promise<[string, string][]> {
  const headers: Record<string, string> = {};
  const hasHeader = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name);
  const extra: [string, string][] = [];
  if (!hasHeader('host')) extra.push(['host', request.url.host]);
  if (!hasHeader('x-amz-content-sha256')) extra.push(['x-amz-content-sha256', createHash('sha256').update(request.body).digest('hex')]);
  // Without a length, node:http sends PUT and POST bodies chunked, which S3 refuses or misreads,
  // unless chunked transfer is what the request asks for.
  const carriesBody = request.body.length > 0 || request.method === 'PUT' || request.method === 'POST';
  if (carriesBody && !hasHeader('content-length') && !hasHeader('transfer-encoding'))
    extra.push(['content-length', String(request.body.length)]);
  for (const [name, value] of [...request.headers, ...extra]) headers[name] = value;

  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  const signed = await signerFor(options).sign(
    new HttpRequest({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query,
      headers,
    }),
    { signingDate: options.signingDate },
  );
  // Keep the case's own headers first and in their own letter case; append what signing added.
  const sent = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const added = Object.entries(signed.headers).filter(([name]) => !sent.has(name.toLowerCase()));
  return [...request.headers, ...added];
}

export async function send(planned: PlannedRequest, options: TransportOptions): Promise<ObservedResponse> {
  const request = await (options.encode ?? signedEncoding)(planned, options);
  const { headers } = request;
  traceRequest(
    { method: request.method, path: `${request.url.pathname}${request.url.search}`, headers, accessKeyId: options.credentials.accessKeyId },
    request.body,
  );
  const client = request.url.protocol === 'https:' ? https : http;
  const { connectHost } = request;
  return new Promise<ObservedResponse>((resolvePromise, reject) => {
    const outgoing = client.request(
      {
        method: request.method,
        hostname: request.url.hostname,
        port: request.url.port,
        path: `${request.url.pathname}${request.url.search}`,
        headers: headers.flat(),
        agent: agentFor(request.url.protocol, options),
        ...(connectHost ? { lookup: resolvingTo(connectHost) } : {}),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => reject(asTransportError(error, request)));
        incoming.on('aborted', () =>
          reject(new TransportError(`${request.method} ${request.url.pathname}: response aborted`, 'ECONNRESET')),
        );
        incoming.on('end', () => {
          if (!incoming.complete) {
            reject(new TransportError(`${request.method} ${request.url.pathname}: response body ended early`, 'ETRUNCATED'));
            return;
          }
          const body = Buffer.concat(chunks);
          const shortBy = bodyShortOfItsLength(request.method, incoming.statusCode ?? 0, incoming.headers, body.length);
          if (shortBy) {
            reject(new TransportError(`${request.method} ${request.url.pathname}: ${shortBy}`, 'ELENGTH'));
            return;
          }
          const observedHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined) observedHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          const sent = options.encode ? { sent: { url: request.url, headers, bodyLength: request.body.length } } : {};
          resolvePromise({ status: incoming.statusCode ?? 0, headers: observedHeaders, body, ...sent });
        });
      },
    );
    outgoing.setTimeout(options.timeoutMs, () => {
      outgoing.destroy(
        new TransportError(`${request.method} ${request.url.pathname}: no response within ${options.timeoutMs} ms`, 'ETIMEDOUT'),
      );
    });
    outgoing.on('error', (error) => reject(asTransportError(error, request)));
    if (request.expectContinue) sendAfterContinue(outgoing, request.body);
    else outgoing.end(request.body);
  });
}

/** A DNS lookup that answers every name with `host`'s address: virtual hosts need no DNS set-up. */
function resolvingTo(host: string): LookupFunction {
  return (_hostname, options, callback) => lookup(host, options, callback);
}

/** How long a client waits for 100 Continue before it sends the body anyway (curl's and RFC 9110's "some time"). */
const CONTINUE_WAIT_MS = 1000;

/**
 * Why a response that Node's parser calls complete is not the message the server framed: its body
 * is shorter than its Content-Length. Seen under `Expect: 100-continue` against moto, which sends
 * 100 Continue twice: about 1 response in 500 arrives complete with an empty body and a
 * Content-Length of ~280, with plain node:https too. Judging that body would blame the server for
 * the client's reading, so the request has no answer to judge (an error, not a failure).
 */
export function bodyShortOfItsLength(
  method: string,
  status: number,
  headers: http.IncomingHttpHeaders,
  bodyLength: number,
): string | undefined {
  const declared = headers['content-length'];
  if (declared === undefined || method === 'HEAD' || status === 204 || status === 304 || headers['content-encoding']) return undefined;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || bodyLength >= length) return undefined;
  return `the response body read is ${bodyLength} bytes, short of its Content-Length ${length}`;
}

function sendAfterContinue(outgoing: http.ClientRequest, body: Buffer): void {
  let sent = false;
  const sendBody = () => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    outgoing.end(body);
  };
  const timer = setTimeout(sendBody, CONTINUE_WAIT_MS);
  outgoing.on('continue', sendBody);
  // A final answer before 100 Continue: the body is not wanted, and the connection cannot carry
  // another request after a body it announced and never sent.
  outgoing.on('response', (incoming) => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    incoming.on('end', () => outgoing.destroy());
  });
  outgoing.flushHeaders();
}

function asTransportError(error: Error & { code?: string }, request: PlannedRequest): TransportError {
  if (error instanceof TransportError) return error;
  return new TransportError(`${request.method} ${request.url.pathname}: ${error.message}`, error.code ?? 'EUNKNOWN');
}
