// `npm run bench`: what a run costs against a local MinIO, printed as one table, then each of the
// three performance targets beside its figure.
//   - the start-up of a one-case run: from spawning the CLI to the case's first request (the
//     request trace records when each request was sent), with the case cache warm and cold;
//   - the whole suite through the CLI at concurrency 1, 4, 16 and 64: wall time, cases per
//     second, peak RSS of the runner process;
//   - the request floor: the very requests that run sent (recorded with S3C_TRACE_REQUESTS),
//     replayed through the bare signed client with no test framework, at the same concurrency;
//   - fuzzing throughput of the range property.
// It is a script that prints figures, not a timed test.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { closeAgents, send, type Credentials } from '../src/engine/http.ts';
import { bucketNamesFor } from '../src/engine/run-case.ts';
import type { TracedRequest } from '../src/engine/trace.ts';
import { packageRoot } from '../src/package-root.ts';
import { profileOf, readProfile } from '../src/targets/resolve.ts';
import { startTarget } from '../src/targets/start.ts';
import type { Target } from '../src/engine/target.ts';

const CONCURRENCIES = [1, 4, 16, 64];
const DIALECT_CONCURRENCY = 32;
const ONE_CASE_RUNS = 7;
// The targets (docs: README, Performance).
const TARGETS = { oneCaseStartMs: 800, suitePerFloorAt16: 1.3, peakRssMb: 250, allDialectsS: 60 };
const FUZZ_RUNS = 1000;
const cli = join(packageRoot, 'bin', 's3-conformance.js');

interface ProcessFigures {
  wallMs: number;
  peakRssMb: number;
  exitCode: number;
}

/** The resident set of a process and all its descendants (the vitest worker is a child), in kB. */
function treeRssKb(pid: number): number {
  let total = 0;
  try {
    total = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean))
        total += treeRssKb(Number(child));
    }
  } catch {
    // the process has just ended
  }
  return total;
}

/** Runs the CLI, sampling the resident set of its process tree from /proc while it runs. */
function timedCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessFigures> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    peakKb = Math.max(peakKb, treeRssKb(child.pid!));
  }, 50);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ wallMs: performance.now() - started, peakRssMb: peakKb / 1024, exitCode: code ?? 1 });
    }),
  );
}

interface StartUp {
  /** From spawning the CLI to its first request (the endpoint check). */
  firstRequestMs: number;
  /** From spawning the CLI to the first request of the case itself (its bucket's creation). */
  firstCaseRequestMs: number;
  /** The CPU time the CLI had used by then: what the start-up costs on a machine with nothing else to do. */
  cpuBeforeCaseMs: number;
}

/** A run of the one case `caseId`, timed to its first requests from the request trace. */
async function oneCaseStartUp(runArgs: string[], caseId: string, work: string, env: NodeJS.ProcessEnv): Promise<StartUp> {
  const tracePath = join(work, `one-case-${randomUUID()}.jsonl`);
  // A case's bucket names carry a hash of its id between dashes: `${runPrefix}-${hash}-${alias}`.
  const caseMarker = bucketNamesFor(caseId, ['alias'], 'prefix').get('alias')!.slice('prefix'.length, -'alias'.length);
  const spawnedAt = Date.now();
  const run = await timedCli([...runArgs, '--grep', `^${caseId.replaceAll('.', '\\.')}$`], { ...env, S3C_TRACE_REQUESTS: tracePath });
  if (run.exitCode > 1) throw new Error(`the one-case run of ${caseId} exited ${run.exitCode}`);
  const sent = readFileSync(tracePath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TracedRequest);
  const firstCaseRequest = sent.find((request) => request.path.includes(caseMarker));
  if (!firstCaseRequest) throw new Error(`the one-case run sent no request for ${caseId}`);
  return {
    firstRequestMs: sent[0]!.sentAt - spawnedAt,
    firstCaseRequestMs: firstCaseRequest.sentAt - spawnedAt,
    cpuBeforeCaseMs: firstCaseRequest.cpuMs,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Replays traced requests: each bucket's requests in their order, buckets `concurrency` at a time. */
async function replay(trace: TracedRequest[], target: Target, concurrency: number): Promise<number> {
  const credentials = new Map<string, Credentials>([[target.credentials.accessKeyId, target.credentials]]);
  if (target.secondCredentials) credentials.set(target.secondCredentials.accessKeyId, target.secondCredentials);
  const byBucket = new Map<string, TracedRequest[]>();
  for (const request of trace) {
    const bucket = request.path.split(/[/?]/)[1] ?? '';
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), request]);
  }
  const groups = [...byBucket.values()];
  const base = new URL(target.endpoint);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      for (const request of groups[next++]!) {
        const url = new URL(request.path, base);
        const body = request.body !== undefined ? Buffer.from(request.body, 'base64') : Buffer.alloc(request.bodyLength);
        const signer = credentials.get(request.accessKeyId) ?? target.credentials;
        await send(
          { method: request.method, url, headers: request.headers, body },
          { credentials: signer, region: target.region, timeoutMs: 30_000, ca: target.ca },
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 's3c-bench-'));
  const running = await startTarget(readProfile(join(packageRoot, 'fixtures/targets/minio.yaml')));
  try {
    const { target } = running;
    writeFileSync(join(work, 'ca.pem'), target.ca ?? '');
    writeFileSync(join(work, 'minio.yaml'), stringify(profileOf(target, join(work, 'ca.pem'))), { mode: 0o600 });
    const runArgs = (concurrency: number, out: string) => [
      'run',
      '--config',
      join(work, 'minio.yaml'),
      '--concurrency',
      String(concurrency),
      '--reporter',
      'json',
      '--output',
      out,
    ];

    // The requests a run sends, recorded once (recording slows a run, so it is not a timed one).
    const tracePath = join(work, 'trace.jsonl');
    await timedCli(runArgs(16, join(work, 'traced')), { S3C_TRACE_REQUESTS: tracePath });
    const trace = readFileSync(tracePath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TracedRequest);
    const tracedCases = (JSON.parse(readFileSync(join(work, 'traced', 'results.json'), 'utf8')) as { cases: { id: string }[] }).cases;
    const caseCount = tracedCases.length;

    // A one-case run, first with an empty case cache (a state directory of its own), then warm.
    const oneCase = tracedCases[0]!.id;
    const oneCaseArgs = runArgs(1, join(work, 'one-case'));
    const stateEnv = { XDG_STATE_HOME: join(work, 'state') };
    const cold = await oneCaseStartUp(oneCaseArgs, oneCase, work, stateEnv);
    const warm: StartUp[] = [];
    for (let i = 0; i < ONE_CASE_RUNS; i++) warm.push(await oneCaseStartUp(oneCaseArgs, oneCase, work, stateEnv));

    const rows: string[][] = [];
    const suiteFigures = new Map<number, { ratio: number; peakRssMb: number }>();
    for (const concurrency of CONCURRENCIES) {
      const suite = await timedCli(runArgs(concurrency, join(work, `run-${concurrency}`)));
      const floorMs = await replay(trace, target, concurrency);
      suiteFigures.set(concurrency, { ratio: suite.wallMs / floorMs, peakRssMb: suite.peakRssMb });
      rows.push([
        String(concurrency),
        (suite.wallMs / 1000).toFixed(2),
        (caseCount / (suite.wallMs / 1000)).toFixed(1),
        suite.peakRssMb.toFixed(0),
        (floorMs / 1000).toFixed(2),
        (suite.wallMs / floorMs).toFixed(2),
      ]);
    }
    closeAgents();
    // The same suite in every wire dialect (run --dialect all) beside the default dialect alone, at
    // the concurrency where the dialect run was fastest here (32; 16 and 64 were slower).
    const oneDialect = await timedCli(runArgs(DIALECT_CONCURRENCY, join(work, 'one-dialect')));
    const allDialects = await timedCli([...runArgs(DIALECT_CONCURRENCY, join(work, 'all-dialects')), '--dialect', 'all']);

    const fuzzJson = join(work, 'fuzz.json');
    const fuzz = await timedCli([
      'fuzz',
      '--config',
      join(work, 'minio.yaml'),
      '--runs',
      String(FUZZ_RUNS),
      '--seed',
      '1',
      '--json',
      fuzzJson,
    ]);
    const fuzzFigure =
      fuzz.exitCode <= 1
        ? `${(FUZZ_RUNS / (fuzz.wallMs / 1000)).toFixed(0)} checks/s (${FUZZ_RUNS} checks in ${(fuzz.wallMs / 1000).toFixed(1)} s, peak RSS ${fuzz.peakRssMb.toFixed(0)} MB)`
        : `fuzz exited ${fuzz.exitCode}`;

    const header = ['concurrency', 'suite s', 'cases/s', 'peak RSS MB', 'floor s', 'suite/floor'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
    console.log(
      `s3-conformance bench: ${caseCount} cases, ${trace.length} requests per run, against ${target.version} on ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of rows) console.log(line(row));
    console.log(`range fuzzing: ${fuzzFigure}`);
    const startUp = median(warm.map((w) => w.firstCaseRequestMs));
    const at16 = suiteFigures.get(16)!;
    const peakRss = Math.max(...[...suiteFigures.values()].map((f) => f.peakRssMb));
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    console.log('');
    console.log('| target | figure | goal | |');
    console.log('|---|---|---|---|');
    console.log(
      `| one-case run, start to its first request (median of ${ONE_CASE_RUNS}, case cache warm) | ${startUp} ms | < ${TARGETS.oneCaseStartMs} ms | ${verdict(startUp < TARGETS.oneCaseStartMs)} |`,
    );
    console.log(
      `| full suite / request floor at concurrency 16 | ${at16.ratio.toFixed(2)} | <= ${TARGETS.suitePerFloorAt16} | ${verdict(at16.ratio <= TARGETS.suitePerFloorAt16)} |`,
    );
    const allDialectsS = allDialects.wallMs / 1000;
    console.log(
      `| full suite in every wire dialect at concurrency ${DIALECT_CONCURRENCY} (the default dialect alone: ${(oneDialect.wallMs / 1000).toFixed(1)} s) | ${allDialectsS.toFixed(1)} s | < ${TARGETS.allDialectsS} s | ${verdict(allDialectsS < TARGETS.allDialectsS)} |`,
    );
    console.log(
      `| peak RSS of a full run (the highest of the rows above) | ${peakRss.toFixed(0)} MB | < ${TARGETS.peakRssMb} MB | ${verdict(peakRss < TARGETS.peakRssMb)} |`,
    );
    console.log(
      `one-case run of ${oneCase}: its first request (the endpoint check) at ${median(warm.map((w) => w.firstRequestMs))} ms, the case's at ${startUp} ms, ` +
        `having used ${median(warm.map((w) => w.cpuBeforeCaseMs))} ms of CPU (medians; on a busy machine the CPU figure is the steadier); with an empty case cache ${cold.firstCaseRequestMs} ms, ${cold.cpuBeforeCaseMs} ms of CPU.`,
    );
    console.log(
      `machine load while measuring (1, 5, 15 min): ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} on ${availableParallelism()} cores`,
    );
    console.log(
      'suite s is the CLI from start to exit (process, vitest and MinIO probe start-up included); peak RSS is the CLI process, its vitest worker thread included; floor s replays the same requests through the bare signed client.',
    );
  } finally {
    await running.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
