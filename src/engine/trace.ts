// A request trace for the benchmark (bench/run.ts): with S3C_TRACE_REQUESTS=FILE set, every
// request the engine sends, judged or not, is appended to FILE as one JSON line, so the bench
// can replay the same requests through a bare client and see what the framework costs. The file
// holds request headers as sent (SSE-C keys included): the bench keeps it in a private temporary
// directory and removes it. Off by default.
import { appendFileSync } from 'node:fs';

export interface TracedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: [string, string][];
  bodyLength: number;
  /** The body itself (base64) when small: XML documents must replay as they were. */
  body?: string;
  /** Which credentials signed it. */
  accessKeyId: string;
  /** When it was sent, in ms since the Unix epoch: the bench times the start-up before it. */
  sentAt: number;
  /** The CPU time the process had used when it was sent (ms, every thread): start-up's cost on a busy machine. */
  cpuMs: number;
}

const traceFile = process.env.S3C_TRACE_REQUESTS;

// Headers the replay's own signing recomputes.
const SIGNING_HEADERS = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'host',
  'content-length',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'x-amz-user-agent',
  'user-agent',
]);

const SMALL_BODY = 64 * 1024;

export function traceRequest(request: Omit<TracedRequest, 'bodyLength' | 'body' | 'sentAt' | 'cpuMs'>, body: Buffer): void {
  if (!traceFile) return;
  const headers = request.headers.filter(([name]) => !SIGNING_HEADERS.has(name.toLowerCase()));
  const { user, system } = process.cpuUsage();
  const traced: TracedRequest = {
    ...request,
    sentAt: Date.now(),
    cpuMs: Math.round((user + system) / 1000),
    headers,
    bodyLength: body.length,
    ...(body.length <= SMALL_BODY ? { body: body.toString('base64') } : {}),
  };
  appendFileSync(traceFile, `${JSON.stringify(traced)}\n`, { mode: 0o600 });
}
