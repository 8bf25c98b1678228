// `s3-conformance fuzz`: property-based checks of byte ranges, copy-source ranges and
// conditional dates against a target, judged by the reference models in src/fuzz/. Exit 0 when
// the models and the server agree, 1 on a counterexample, a property that could not run, or a
// run that checked no input at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { closeAgents } from '../../engine/http.ts';
import { FUZZ_AREAS, runFuzz, type FuzzArea, type FuzzReport } from '../../fuzz/fuzz-target.ts';
import { UsageError } from '../../targets/resolve.ts';
import { addEndpointOptions, positiveInteger, repeatableChoice, withTarget, type TargetFlags } from '../options.ts';

export { runFuzz, type FuzzReport };

interface FuzzFlags extends TargetFlags {
  runs: number;
  seed?: number;
  path?: string;
  area?: FuzzArea[];
  json?: string;
  saveCounterexamples?: string;
  requestTimeout: number;
}

function seedOption(value: string): number {
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < -(2 ** 31) || parsed >= 2 ** 31) {
    throw new UsageError(`--seed must be a 32-bit integer, not "${value}"`);
  }
  return parsed;
}

function pathOption(value: string): string {
  if (!/^\d+(:\d+)*$/.test(value)) throw new UsageError(`--path must be fast-check's replay path (numbers joined by ":"), not "${value}"`);
  return value;
}

/** The non-secret flags that reach the same target, for the replay command. */
export function replayPrefix(flags: FuzzFlags): string {
  const parts = ['s3-conformance fuzz'];
  const quote = (value: string) => (/^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  if (flags.target) parts.push('--target', quote(flags.target));
  if (flags.config) parts.push('--config', quote(flags.config));
  if (flags.start) parts.push('--start');
  if (flags.via && flags.via !== 'process') parts.push('--via', flags.via);
  if (flags.image) parts.push('--image', quote(flags.image));
  if (flags.endpoint) parts.push('--endpoint', quote(flags.endpoint));
  if (flags.region) parts.push('--region', quote(flags.region));
  if (flags.virtualHosted) parts.push('--virtual-hosted');
  if (flags.caFile) parts.push('--ca-file', quote(flags.caFile));
  if (flags.insecure) parts.push('--insecure');
  return parts.join(' ');
}

/** Writes each counterexample's case file into `dir`; returns the paths written. */
export function saveCounterexamples(report: FuzzReport, dir: string): string[] {
  const written: string[] = [];
  for (const property of report.properties) {
    const file = property.counterexample?.caseFile;
    if (!file) continue;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file.fileName);
    writeFileSync(path, file.yaml);
    written.push(path);
  }
  return written;
}

async function fuzz(flags: FuzzFlags): Promise<number> {
  if (flags.path !== undefined && (flags.area?.length ?? 0) !== 1)
    throw new UsageError('--path replays one property: give exactly one --area with it');
  if (flags.path !== undefined && flags.seed === undefined) throw new UsageError('--path needs the --seed it was printed with');
  if (flags.bucketPrefix !== undefined && !/^[a-z0-9][a-z0-9-]{2,19}$/.test(flags.bucketPrefix)) {
    throw new UsageError('--bucket-prefix must be 3 to 20 lower-case letters, digits or dashes');
  }
  const report = await withTarget(flags, (target) =>
    runFuzz(target, {
      areas: flags.area,
      runs: flags.runs,
      seed: flags.seed,
      path: flags.path,
      requestTimeoutMs: flags.requestTimeout,
      bucketPrefix: flags.bucketPrefix,
      replayPrefix: replayPrefix(flags),
      log: (line) => process.stdout.write(`${line}\n`),
    }),
  );
  closeAgents();
  if (flags.json) {
    writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`wrote ${flags.json}\n`);
  }
  if (flags.saveCounterexamples) {
    for (const path of saveCounterexamples(report, flags.saveCounterexamples)) process.stdout.write(`wrote ${path}\n`);
  }
  const named = (...outcomes: string[]) =>
    report.properties
      .filter((p) => outcomes.includes(p.outcome))
      .map((p) => p.property)
      .join(', ');
  const notRun = named('not run') ? `; not run: ${named('not run')}` : '';
  process.stdout.write(
    named('failed', 'error')
      ? `fuzz: disagreement in ${named('failed', 'error')}${notRun} (seed ${report.seed})\n`
      : report.passed
        ? `fuzz: the models and the server agree on ${named('passed')}${notRun} (seed ${report.seed})\n`
        : `fuzz: nothing was checked${notRun} (seed ${report.seed})\n`,
  );
  return report.passed ? 0 : 1;
}

export function registerFuzz(program: Command, setExitCode: (code: number) => void): void {
  addEndpointOptions(
    program.command('fuzz').description('property-based checks of ranges, copy ranges and conditional dates against reference models'),
  )
    .option('--runs <n>', 'generated inputs per property', positiveInteger('--runs'), 100)
    .option('--seed <n>', 'fast-check seed (printed by every run; random when omitted)', seedOption)
    .option('--path <p>', 'fast-check replay path of a counterexample (with --seed and one --area)', pathOption)
    .option(
      '--area <area>',
      `which property (repeatable): ${FUZZ_AREAS.join(', ')}; all when omitted`,
      repeatableChoice('--area', FUZZ_AREAS),
    )
    .option('--json <path>', 'write the report (seed, per property runs/failures/skipped, counterexamples) to this file')
    .option('--save-counterexamples <dir>', 'write each shrunk counterexample as a case file into this folder')
    .option('--bucket-prefix <prefix>', 'prefix of the bucket the fuzzer creates (default s3c)')
    .option('--request-timeout <ms>', 'per-request timeout', positiveInteger('--request-timeout'), 30_000)
    .action(async (flags: FuzzFlags) => setExitCode(await fuzz(flags)));
}
