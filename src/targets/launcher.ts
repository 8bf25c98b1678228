// Launchers: the servers the suite can start itself, each on 127.0.0.1 with a temporary data
// directory, stopped cleanly afterwards. A launcher knows how to start its server and what that
// server's endpoint, credentials and accounts are; the target profile
// (fixtures/targets/NAME.yaml) says what the server supports.
import type { Credentials } from '../engine/http.ts';
import type { Target } from '../engine/target.ts';

/** What a started server gives: everything about a target that is only known once it runs. */
export interface LaunchedServer {
  endpoint: string;
  alternateEndpoint?: string;
  credentials: Credentials;
  secondCredentials?: Credentials;
  accountId?: string;
  secondAccountId?: string;
  /** PEM text of the CA that signed the server's certificate. */
  ca?: string;
  version: string;
  stop(): Promise<void>;
}

export type Launcher = () => Promise<LaunchedServer>;

/** What a target profile fixes before its server runs. */
export type StaticTargetFields = Pick<Target, 'name' | 'region' | 'pathStyle' | 'insecure' | 'accountId' | 'secondAccountId'>;

/** The target of a started server; capabilities are added from the profile by the caller. */
export function targetOf(server: LaunchedServer, fields: StaticTargetFields): Target {
  return {
    ...fields,
    endpoint: server.endpoint,
    alternateEndpoint: server.alternateEndpoint,
    credentials: server.credentials,
    secondCredentials: server.secondCredentials,
    // A server that has accounts of its own says which; the profile's ids stand otherwise.
    accountId: server.accountId ?? fields.accountId,
    secondAccountId: server.secondAccountId ?? fields.secondAccountId,
    ca: server.ca,
    version: server.version,
    capabilities: [],
  };
}
