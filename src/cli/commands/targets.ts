// `s3-conformance probe` (what a target really supports) and `s3-conformance serve` (start a
// launched target and keep it up until Ctrl-C, for runs from another terminal).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { createBucketClient } from '../../engine/buckets.ts';
import { cleanupStale, type AgeLimit } from '../../engine/ownership.ts';
import { disproved, probeTarget } from '../../targets/probe.ts';
import { startTarget, type Via } from '../../targets/start.ts';
import { describeEndpoint } from '../../engine/target.ts';
import { profileOf, UsageError } from '../../targets/resolve.ts';
import { refuseUnclaimed, unclaimedCapabilities } from '../unclaimed-capabilities.ts';
import {
  addEndpointOptions,
  loadSelectedCases,
  addLaunchOptions,
  checkLaunchFlags,
  profileFor,
  withTarget,
  type TargetFlags,
} from '../options.ts';

async function probe(flags: TargetFlags & { strictCapabilities?: boolean }): Promise<number> {
  return withTarget({ ...flags, skipClaimCheck: true }, async (target) => {
    {
      const findings = await probeTarget(
        target,
        createBucketClient(target, 10_000),
        `${flags.bucketPrefix ?? 's3c'}-${randomBytes(4).toString('hex')}`,
      );
      const unclaimed = unclaimedCapabilities(findings, loadSelectedCases({}), target);
      process.stdout.write(`${target.name} at ${describeEndpoint(target.endpoint)}${target.version ? ` (${target.version})` : ''}\n`);
      for (const f of findings) {
        const verdict = f.works === undefined ? 'not shown' : f.works ? 'works' : 'does not work';
        const skipped = unclaimed.find((u) => u.capability === f.capability)?.skippedCases;
        const flag =
          f.claimed && f.works === false
            ? '  <- claimed by the profile'
            : skipped !== undefined
              ? `  <- not claimed: ${skipped} case(s) skip for lack of it`
              : '';
        process.stdout.write(`  ${f.capability.padEnd(15)} ${verdict.padEnd(14)} ${f.detail}${flag}\n`);
      }
      process.stdout.write(`  capabilities in force: ${target.capabilities.join(', ')}\n`);
      if (flags.strictCapabilities) refuseUnclaimed(target, unclaimed);
      return disproved(findings).length > 0 ? 1 : 0;
    }
  });
}

/**
 * Starts the named target and writes a profile for it (endpoint, throwaway credentials, CA) to a
 * private temporary file, so other commands can use it with --config without a secret being
 * printed. Stops the server on Ctrl-C or SIGTERM.
 */
async function serve(name: string, flags: { via: Via; image?: string }): Promise<number> {
  checkLaunchFlags(flags);
  const profile = profileFor({ target: name });
  if (!profile?.launcher) throw new UsageError(`target "${name}" is not one the suite can start`);
  const running = await startTarget(profile, flags);
  const { target } = running;
  const dir = mkdtempSync(join(tmpdir(), `s3c-serve-${name}-`));
  chmodSync(dir, 0o700);
  const caFile = target.ca ? join(dir, 'ca.pem') : undefined;
  if (caFile) writeFileSync(caFile, target.ca!, { mode: 0o600 });
  const profilePath = join(dir, `${name}.yaml`);
  writeFileSync(profilePath, stringify(profileOf(target, caFile)), { mode: 0o600 });
  process.stdout.write(
    `${target.name} (${target.version ?? 'version unknown'}) is up at ${target.endpoint}${target.alternateEndpoint ? ` and ${target.alternateEndpoint}` : ''} after ${target.startMs} ms\n` +
      `its profile, with the throwaway credentials: ${profilePath}\n` +
      `  s3-conformance run --config ${profilePath}\n` +
      'Ctrl-C stops it.\n',
  );
  // A server in a container holds nothing open in this process: keep it alive until a signal.
  const keepAlive = setInterval(() => undefined, 60_000);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  clearInterval(keepAlive);
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${target.name} stopped (${signal})\n`);
  return signal === 'SIGINT' ? 130 : 143;
}

function parseDuration(value: string): AgeLimit {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--older-than: "${value}" is not a duration (e.g. 30m, 1h, 2d)`);
  return {
    ms: Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'],
    written: value.trim(),
  };
}

async function cleanup(flags: TargetFlags & { olderThan: AgeLimit }): Promise<number> {
  return withTarget({ ...flags, skipClaimCheck: true }, async (target) => {
    {
      const report = await cleanupStale(createBucketClient(target, 10_000), flags.bucketPrefix ?? 's3c', flags.olderThan);
      for (const name of report.removed) process.stdout.write(`removed ${name}\n`);
      for (const { name, why } of report.kept) process.stdout.write(`kept ${name}: ${why}\n`);
      for (const leftover of report.leftovers) process.stderr.write(`could not remove ${leftover}\n`);
      process.stdout.write(`${report.removed.length} bucket(s) removed, ${report.kept.length} kept\n`);
      return report.leftovers.length > 0 ? 1 : 0;
    }
  });
}

export function registerTargetCommands(program: Command, setExitCode: (code: number) => void): void {
  addEndpointOptions(program.command('probe').description("check what a target really supports against its profile's claims"))
    .option('--strict-capabilities', 'exit 2 when the server supports a capability its profile does not claim')
    .action(async (flags: TargetFlags & { strictCapabilities?: boolean }) => setExitCode(await probe(flags)));
  addEndpointOptions(
    program
      .command('cleanup')
      .description(
        "remove the buckets that earlier (crashed) runs left: only the suite's (its ownership tag, or this machine's run journal); at once for runs the journal shows are over",
      ),
  )
    .addOption(
      new Option(
        '--older-than <duration>',
        "for runs this machine's journal cannot show are over: only buckets at least this old (e.g. 30m, 1h, 2d)",
      )
        .argParser(parseDuration)
        .default(parseDuration('1h'), '1h'),
    )
    .option('--bucket-prefix <prefix>', 'the prefix the runs used', 's3c')
    .action(async (flags) => setExitCode(await cleanup(flags)));
  addLaunchOptions(
    program
      .command('serve')
      .description('start a target the suite can launch (fixtures/targets/NAME.yaml) and keep it up until Ctrl-C')
      .argument('<name>', 'the target profile name'),
  ).action(async (name: string, flags: { via: Via; image?: string }) => setExitCode(await serve(name, flags)));
}
