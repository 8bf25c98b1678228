// What the commands share: the package's own facts, the endpoint and selection flags, and the
// one way a command gets a usable target (embedded, or resolved and checked by a preflight).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadCasesCached } from '../case/case-cache.ts';
import { findCaseFiles } from '../case/loader.ts';
import { createHash } from 'node:crypto';
import { CAPABILITIES, type ValidatedCase } from '../case/schema.ts';
import { preflight } from '../targets/preflight.ts';
import { disproved, probeTarget, type ProbeFinding } from '../targets/probe.ts';
import { createBucketClient } from '../engine/buckets.ts';
import { forgetRun, recordRun } from '../engine/run-journal.ts';
import { randomBytes } from 'node:crypto';
import {
  readProfile,
  resolveTarget,
  UsageError,
  wantsEmbedded,
  withCapabilities,
  type EndpointFlags,
  type TargetProfile,
} from '../targets/resolve.ts';
import { startTarget, type RunningTarget, type Via } from '../targets/start.ts';
import type { Target } from '../engine/target.ts';
import { packageRoot } from '../package-root.ts';
import { parseShard, selectCases, type CaseFilter } from './select.ts';

export const packageVersion: string = JSON.parse(readFileSync(`${packageRoot}/package.json`, 'utf8')).version;

/** The bundled suite as it is: its case count and a hash of its case files, for --version and results. */
export function suiteVersion(): string {
  const hash = createHash('sha256');
  const files = findCaseFiles([bundledSuites]);
  for (const file of files) hash.update(file.slice(packageRoot.length)).update(readFileSync(file));
  return `${packageVersion}+${hash.digest('hex').slice(0, 12)}`;
}
const bundledSuites = `${packageRoot}/suites`;

export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A flag that may be given more than once, each value one of `choices`. */
export function repeatableChoice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string, previous: T[] | undefined): T[] => {
    if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(', ')}`);
    return [...(previous ?? []), value as T];
  };
}

function integerAtLeast(minimum: number, flag: string) {
  return (value: string) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < minimum)
      throw new UsageError(`${flag} must be an integer of at least ${minimum}, not "${value}"`);
    return parsed;
  };
}

/** A flag whose value is one of `choices`. */
export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(', ')}`);
    return value as T;
  };
}

export const positiveInteger = (flag: string) => integerAtLeast(1, flag);
export const nonNegativeInteger = (flag: string) => integerAtLeast(0, flag);

export interface TargetFlags extends EndpointFlags {
  target?: string;
  config?: string;
  virtualHosted?: boolean;
  start?: boolean;
  via?: Via;
  image?: string;
  /** For `probe`, which reports disproved claims itself rather than refusing the target. */
  skipClaimCheck?: boolean;
  bucketPrefix?: string;
}

/** How --start (or `serve`) runs a server the suite launches. */
export function addLaunchOptions(command: Command): Command {
  return command
    .option(
      '--via <how>',
      'how the server runs: process, or testcontainers (a container from a locally built image; needs a Docker engine)',
      oneOf('--via', ['process', 'testcontainers'] as const),
      'process',
    )
    .option(
      '--image <ref>',
      "with --via testcontainers: run this image instead of one built around the local binary (one you have, or an official one your registry serves); its entrypoint must take the server's own arguments",
    );
}

/** Refuses launch flags that do not go together. */
export function checkLaunchFlags(flags: { via?: Via; image?: string }): void {
  if (flags.image !== undefined && flags.via !== 'testcontainers') throw new UsageError('--image goes with --via testcontainers');
}

export function addEndpointOptions(command: Command): Command {
  command
    .option('--endpoint <url>', 'S3 endpoint URL (default: AWS_ENDPOINT_URL, else the embedded server)')
    .option('--target <name>', 'a target profile: fixtures/targets/NAME.yaml, or a path to a profile file')
    .option('--config <file>', 'a target profile file (same format as fixtures/targets/*.yaml)')
    .option('--start', "start the --target's server first (installing what is missing) and stop it afterwards");
  return addLaunchOptions(command)
    .option('--region <region>', 'signing region (default: AWS_REGION, else us-east-1)')
    .option('--access-key <id>', 'access key id (default: AWS_ACCESS_KEY_ID or AWS_PROFILE)')
    .option('--secret-key <key>', 'secret access key (default: AWS_SECRET_ACCESS_KEY or AWS_PROFILE)')
    .option('--path-style', 'path-style addressing (the default)')
    .option('--virtual-hosted', 'virtual-hosted-style addressing (bucket.host)')
    .option('--ca-file <pem>', 'trust this CA for https endpoints')
    .option('--insecure', 'trust any https certificate')
    .option(
      '--capability <name>',
      `what the target supports (repeatable; replaces the profile's claim): ${CAPABILITIES.join(', ')}`,
      repeatableChoice('--capability', CAPABILITIES),
    );
}

export function addSelectionOptions(command: Command): Command {
  return command
    .option('--suites <path>', 'a folder or file of cases instead of the bundled ones (repeatable)', collect)
    .option('--area <area>', 'only cases of this area (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--grep <regex>', 'only cases whose id or title matches')
    .option('--shard <i/n>', "only this CI job's part of the cases: the i-th of n (join the parts' results with `merge`)", parseShard);
}

export function loadSelectedCases(flags: CaseFilter & { suites?: string[] }): ValidatedCase[] {
  return loadCaseSelection(flags).selected;
}

/** Every case of the suites the flags name, and those the filters select. */
export function loadCaseSelection(flags: CaseFilter & { suites?: string[] }): { all: ValidatedCase[]; selected: ValidatedCase[] } {
  const all = loadCasesCached(flags.suites ?? [bundledSuites]);
  const selected = selectCases(all, flags);
  if (selected.length === 0) throw new UsageError('no case matches the given --area/--tag/--grep');
  return { all, selected };
}

export function profileFor(flags: { target?: string; config?: string }): TargetProfile | undefined {
  if (flags.target && flags.config) throw new UsageError('--target and --config both name a profile: give one');
  const name = flags.target;
  if (name) return readProfile(/[/.]/.test(name) ? name : `${packageRoot}/fixtures/targets/${name}.yaml`);
  return flags.config ? readProfile(flags.config) : undefined;
}

/** True when no flag, profile or environment variable names an endpoint: the embedded server runs. */
export function usesEmbeddedByDefault(flags: TargetFlags): boolean {
  return !flags.target && !flags.config && wantsEmbedded(flags, undefined, process.env);
}

/**
 * Runs `work` against the target the flags name, started first when it is a server the suite
 * launches (`--start`, or the embedded default when no endpoint is named anywhere). The target is
 * checked first (reachable, credentials accepted), and whatever was started is stopped.
 */
export async function withTarget<T>(flags: TargetFlags, work: (target: Target, probed: ProbeFinding[]) => Promise<T>): Promise<T> {
  const named = profileFor(flags);
  const endpointFlags: EndpointFlags = { ...flags, pathStyle: flags.virtualHosted ? false : flags.pathStyle };
  const useEmbedded = usesEmbeddedByDefault(flags);
  if (flags.start && !named) throw new UsageError('--start needs --target NAME: the server to start');
  if (flags.via === 'testcontainers' && !flags.start) throw new UsageError('--via testcontainers goes with --start');
  checkLaunchFlags(flags);
  if (named?.launcher && !named.endpoint && !flags.endpoint && !flags.start) {
    throw new UsageError(
      `target "${named.name}" is a server the suite starts: add --start (or run \`s3-conformance serve ${named.name}\`)`,
    );
  }
  let running: RunningTarget | undefined;
  try {
    if (flags.start || useEmbedded)
      running = await startTarget(named ?? readProfile(`${packageRoot}/fixtures/targets/embedded.yaml`), {
        ...endpointFlags,
        via: flags.via,
        image: flags.image,
      });
    const target =
      running?.target ?? withCapabilities(await resolveTarget(endpointFlags, named, process.env), flags.capability ?? named?.capabilities);
    await preflight(target);
    const probed = flags.skipClaimCheck ? [] : await checkClaims(target, flags.bucketPrefix ?? 's3c');
    return await work(target, probed);
  } finally {
    await running?.stop();
  }
}

/** Refuses a target whose profile claims a capability the probe shows it lacks; returns what the probe found. */
async function checkClaims(target: Target, bucketPrefix: string): Promise<ProbeFinding[]> {
  const probePrefix = `${bucketPrefix}-${randomBytes(4).toString('hex')}`;
  recordRun(target.endpoint, probePrefix);
  const findings = await probeTarget(target, createBucketClient(target, 10_000), probePrefix);
  const refuted = disproved(findings);
  forgetRun(probePrefix);
  if (refuted.length > 0) {
    const lines = refuted.map((f) => `  ${f.capability}: ${f.detail}`).join('\n');
    throw new UsageError(`target "${target.name}" claims what it does not do (fix its profile or --capability):\n${lines}`);
  }
  return findings;
}
