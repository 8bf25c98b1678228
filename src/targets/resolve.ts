// Where a target comes from: command-line flags, then a target profile or config file, then the
// standard AWS environment variables. With no endpoint anywhere, the embedded server is used.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { z } from 'zod';
import { CAPABILITIES, type Capability } from '../case/schema.ts';
import type { Credentials } from '../engine/http.ts';
import { readYamlFile, type FileKind } from '../case/input-file.ts';
import type { StaticTargetFields } from './launcher.ts';
import type { Target } from '../engine/target.ts';

/** A problem with the user's input: the CLI prints it and exits 2. */
export class UsageError extends Error {}

const credentialsSchema = z.strictObject({
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  sessionToken: z.string().optional(),
  /** Read the values from these environment variables instead of the file. */
  accessKeyIdEnv: z.string().optional(),
  secretAccessKeyEnv: z.string().optional(),
});

/** A target profile (fixtures/targets/NAME.yaml) or a --config file: the same format. */
export const targetProfileSchema = z.strictObject({
  name: z.string().optional(),
  /** A server the suite can start itself (src/targets/launcher.ts); its endpoint is known once started. */
  launcher: z.string().optional(),
  endpoint: z.string().optional(),
  alternateEndpoint: z.string().optional(),
  region: z.string().optional(),
  pathStyle: z.boolean().optional(),
  credentials: credentialsSchema.optional(),
  secondCredentials: credentialsSchema.optional(),
  accountId: z.string().optional(),
  secondAccountId: z.string().optional(),
  caFile: z.string().optional(),
  insecure: z.boolean().optional(),
  capabilities: z.array(z.enum(CAPABILITIES)).optional(),
});
export type TargetProfile = z.infer<typeof targetProfileSchema>;

export interface EndpointFlags {
  endpoint?: string;
  region?: string;
  accessKey?: string;
  secretKey?: string;
  pathStyle?: boolean;
  caFile?: string;
  insecure?: boolean;
  capability?: Capability[];
}

/** A target profile is a page of YAML or JSON; anything larger is refused before it is parsed. */
const TARGET_PROFILE: FileKind = { name: 'a target profile', maxBytes: 1024 * 1024 };

export function readProfile(path: string): TargetProfile {
  const profile = readYamlFile(path, targetProfileSchema, TARGET_PROFILE, (message) => new UsageError(`target profile ${message}`));
  return { ...profile, name: profile.name ?? basename(path).replace(/\.(ya?ml|json)$/, '') };
}

/** True when neither flags, profile nor environment name an endpoint: use the embedded server. */
export function wantsEmbedded(flags: EndpointFlags, profile: TargetProfile | undefined, env: NodeJS.ProcessEnv): boolean {
  return !flags.endpoint && !profile?.endpoint && !env.AWS_ENDPOINT_URL_S3 && !env.AWS_ENDPOINT_URL;
}

export async function resolveTarget(flags: EndpointFlags, profile: TargetProfile | undefined, env: NodeJS.ProcessEnv): Promise<Target> {
  const endpoint = flags.endpoint ?? profile?.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new UsageError('no endpoint: give --endpoint URL, a --target profile, or AWS_ENDPOINT_URL');
  const url = parseEndpoint(endpoint, flags.endpoint ? '--endpoint' : 'the endpoint');
  const credentials = (await credentialsFrom(flags, profile?.credentials, env)) ?? undefined;
  if (!credentials) {
    throw new UsageError(
      'no credentials: give --access-key and --secret-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE',
    );
  }
  const alternate = profile?.alternateEndpoint;
  if (alternate) parseEndpoint(alternate, 'alternateEndpoint');
  const secondCredentials = profile?.secondCredentials ? profileCredentials(profile.secondCredentials, env) : undefined;
  const caFile = flags.caFile ?? profile?.caFile;
  return {
    name: profile?.name ?? url.host,
    endpoint: url.toString().replace(/\/$/, ''),
    alternateEndpoint: alternate,
    region: flags.region ?? profile?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    pathStyle: flags.pathStyle ?? profile?.pathStyle ?? true,
    credentials,
    secondCredentials,
    accountId: profile?.accountId,
    secondAccountId: profile?.secondAccountId,
    ca: caFile ? readCa(caFile) : undefined,
    insecure: flags.insecure ?? profile?.insecure ?? false,
    capabilities: [],
  };
}

/** A profile whose server the suite starts: the fields known before it runs. */
export function staticFieldsOf(profile: TargetProfile, flags: EndpointFlags): StaticTargetFields {
  return {
    name: profile.name ?? 'unnamed',
    region: flags.region ?? profile.region ?? 'us-east-1',
    pathStyle: flags.pathStyle ?? profile.pathStyle ?? true,
    insecure: flags.insecure ?? profile.insecure,
    accountId: profile.accountId,
    secondAccountId: profile.secondAccountId,
  };
}

/**
 * What a target can be asked for: what the flags or the profile claim (versioning, multipart and
 * large objects when nothing is claimed), less the schemes it has no endpoint for, plus what its
 * endpoints and accounts show.
 */
export function withCapabilities(target: Target, claimed: Capability[] | undefined): Target {
  const schemes = [target.endpoint, target.alternateEndpoint].flatMap((e) => (e ? [new URL(e).protocol] : []));
  const shown: Capability[] = [
    ...(schemes.includes('https:') ? (['tls'] as const) : []),
    ...(schemes.includes('http:') ? (['plain-http'] as const) : []),
    ...(target.accountId ? (['account-id'] as const) : []),
    ...(target.secondCredentials ? (['second-account'] as const) : []),
  ];
  const kept = (claimed ?? ['versioning', 'multipart', 'large-objects']).filter(
    (c) => !['tls', 'plain-http', 'account-id', 'second-account'].includes(c),
  );
  return { ...target, capabilities: [...new Set([...shown, ...kept])] };
}

export function parseEndpoint(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what}: "${value}" is not a URL (expected http://host:port or https://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${what}: "${value}" must use http or https`);
  if (url.username || url.password) throw new UsageError(`${what}: put credentials in --access-key/--secret-key, not in the URL`);
  return url;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--ca-file ${path}: ${(error as Error).message}`);
  }
}

async function credentialsFrom(
  flags: EndpointFlags,
  fromProfile: TargetProfile['credentials'],
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  if (flags.accessKey || flags.secretKey) {
    if (!flags.accessKey || !flags.secretKey) throw new UsageError('--access-key and --secret-key go together');
    return { accessKeyId: flags.accessKey, secretAccessKey: flags.secretKey };
  }
  if (fromProfile) return profileCredentials(fromProfile, env);
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  if (env.AWS_PROFILE) {
    try {
      return await fromIni({ profile: env.AWS_PROFILE })();
    } catch (error) {
      throw new UsageError(`AWS_PROFILE=${env.AWS_PROFILE}: ${(error as Error).message}`);
    }
  }
  return undefined;
}

function profileCredentials(spec: NonNullable<TargetProfile['credentials']>, env: NodeJS.ProcessEnv): Credentials {
  const accessKeyId = spec.accessKeyIdEnv ? env[spec.accessKeyIdEnv] : spec.accessKeyId;
  const secretAccessKey = spec.secretAccessKeyEnv ? env[spec.secretAccessKeyEnv] : spec.secretAccessKey;
  if (!accessKeyId || !secretAccessKey) {
    const names = [spec.accessKeyIdEnv, spec.secretAccessKeyEnv].filter(Boolean).join(' and ');
    throw new UsageError(`target profile credentials are incomplete${names ? ` (set ${names})` : ''}`);
  }
  return { accessKeyId, secretAccessKey, sessionToken: spec.sessionToken };
}

/** A running target as a profile file's content, for other processes: `--config FILE`. */
export function profileOf(target: Target, caFile: string | undefined): TargetProfile {
  const profile: TargetProfile = {
    name: target.name,
    endpoint: target.endpoint,
    alternateEndpoint: target.alternateEndpoint,
    region: target.region,
    pathStyle: target.pathStyle,
    credentials: target.credentials,
    secondCredentials: target.secondCredentials,
    accountId: target.accountId,
    secondAccountId: target.secondAccountId,
    caFile,
    insecure: target.insecure,
    capabilities: target.capabilities,
  };
  // Keys without a value are left out of the file.
  return JSON.parse(JSON.stringify(profile)) as TargetProfile;
}
