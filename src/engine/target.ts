// A resolved target: everything the engine needs to reach one S3 endpoint (src/targets/ builds one). It is plain data,
// because it crosses from the CLI process into the vitest worker that runs the cases.
import type { Capability } from '../case/schema.ts';
import type { Credentials } from './http.ts';

export interface Target {
  name: string;
  /** The endpoint requests go to unless a step asks for the other scheme. */
  endpoint: string;
  /** A second endpoint with the other scheme (an https one beside a plain one, or the reverse). */
  alternateEndpoint?: string;
  region: string;
  pathStyle: boolean;
  credentials: Credentials;
  secondCredentials?: Credentials;
  accountId?: string;
  secondAccountId?: string;
  /** PEM text of a CA to trust for https endpoints. */
  ca?: string;
  insecure?: boolean;
  capabilities: Capability[];
  /** What the server says it is, where it says. */
  version?: string;
  /** How long a launched server took to answer, in milliseconds. */
  startMs?: number;
}

export function endpointFor(target: Target, scheme: 'http' | 'https' | undefined): URL {
  const primary = new URL(target.endpoint);
  if (scheme === undefined || primary.protocol === `${scheme}:`) return primary;
  if (target.alternateEndpoint && new URL(target.alternateEndpoint).protocol === `${scheme}:`) return new URL(target.alternateEndpoint);
  throw new Error(`target "${target.name}" has no ${scheme} endpoint`);
}

/** The endpoint as it may be shown: no user info, nothing but scheme, host and path. */
export function describeEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
