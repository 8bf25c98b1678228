// `s3-conformance clients`: the real-clients lane. Fixed scenarios (PUT and GET, a range GET, HEAD,
// a multipart upload with UploadPartCopy, a conditional write, SSE-C, a delete marker) through
// @aws-sdk/client-s3 and the minio client with their default configurations, one result per
// scenario × client in the result model (the client as the result's dialect), so `matrix` shows
// them beside the cases.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderJson } from '../../../reporters/json.ts';
import { createBucketClient } from '../../engine/buckets.ts';
import { LANE_CLIENT_NAMES, laneResultId, runScenario, type LaneClientName } from '../../engine/clients/run-lane.ts';
import { newScenarioContext, SCENARIOS } from '../../engine/clients/scenarios.ts';
import { checkPrefixIsOurs, endRun } from '../../engine/ownership.ts';
import { recordRun } from '../../engine/run-journal.ts';
import { runResultOf } from '../../report/build-result.ts';
import { countOutcomes, parseRunResult, type CaseResult, type RunResult } from '../../report/model.ts';
import { hashIds } from '../../report/selection.ts';
import { UsageError } from '../../targets/resolve.ts';
import { addEndpointOptions, repeatableChoice, suiteVersion, withTarget, type TargetFlags } from '../options.ts';

interface ClientsFlags extends TargetFlags {
  client?: LaneClientName[];
  json?: string;
  addTo?: string;
}

/** A run's result with the lane's results added (replacing earlier ones of the same ids): one target's column in `matrix`. */
function withLaneResults(run: RunResult, lane: RunResult): RunResult {
  const laneIds = new Set(lane.cases.map((c) => c.id));
  const cases = [...run.cases.filter((c) => !laneIds.has(c.id)), ...lane.cases];
  return {
    ...run,
    summary: countOutcomes(cases),
    cases,
    selection: { ...run.selection, dialects: [...new Set([...run.selection.dialects, ...lane.selection.dialects])] },
  };
}

async function clients(flags: ClientsFlags): Promise<number> {
  const chosen = flags.client ?? LANE_CLIENT_NAMES;
  if (flags.addTo && !existsSync(flags.addTo)) throw new UsageError(`--add-to: no result file ${flags.addTo}`);
  const addTo = flags.addTo ? { path: flags.addTo, run: parseRunResult(readFileSync(flags.addTo, 'utf8'), flags.addTo) } : undefined;
  return withTarget(flags, async (target) => {
    if (addTo && addTo.run.target.name !== target.name)
      throw new UsageError(`--add-to: ${addTo.path} is a run against ${addTo.run.target.name}, not ${target.name}`);
    const bucketClient = createBucketClient(target, 30_000);
    const runPrefix = `${flags.bucketPrefix ?? 's3c'}-${randomBytes(4).toString('hex')}`;
    await checkPrefixIsOurs(bucketClient, runPrefix);
    recordRun(target.endpoint, runPrefix);
    const startedAt = new Date();
    const context = newScenarioContext();
    const results: CaseResult[] = [];
    try {
      for (const client of chosen) {
        for (const scenario of SCENARIOS) {
          const started = Date.now();
          const verdict = await runScenario(scenario, client, { target, client: bucketClient, runPrefix, context });
          const result: CaseResult = {
            id: laneResultId(scenario, client),
            dialect: client,
            area: 'clients',
            title: scenario.title,
            tags: [],
            refs: scenario.refs,
            source: 'src/engine/clients/scenarios.ts',
            outcome: verdict.outcome,
            durationMs: Date.now() - started,
            ...(verdict.reason ? { reason: verdict.reason } : {}),
            ...(verdict.mismatches ? { mismatches: verdict.mismatches } : {}),
            ...(verdict.leftovers ? { leftovers: verdict.leftovers } : {}),
          };
          results.push(result);
          process.stdout.write(
            `${{ pass: '✓', fail: '✗', error: '!', skip: '-' }[verdict.outcome]} ${result.id}${verdict.reason ? ` (${verdict.outcome}: ${verdict.reason})` : ''}\n`,
          );
        }
      }
    } finally {
      await endRun(bucketClient, runPrefix, (line) => process.stderr.write(`${line}\n`));
    }
    const ids = results.map((r) => r.id).sort();
    const run = runResultOf(
      {
        target,
        suiteVersion: suiteVersion(),
        selection: { caseIds: ids, dialects: chosen, suiteVersion: suiteVersion(), casesHash: hashIds(ids) },
        startedAt,
      },
      results,
    );
    const { summary } = run;
    process.stdout.write(
      `${summary.pass} passed, ${summary.fail} failed, ${summary.skip} skipped, ${summary.error} errored against ${target.name}\n`,
    );
    if (flags.json) writeFileSync(flags.json, renderJson(run));
    if (addTo) writeFileSync(addTo.path, renderJson(withLaneResults(addTo.run, run)));
    return summary.fail + summary.error === 0 ? 0 : 1;
  });
}

export function registerClients(program: Command, setExitCode: (code: number) => void): void {
  addEndpointOptions(
    program
      .command('clients')
      .description('the real-clients lane: everyday scenarios through @aws-sdk/client-s3 and the minio client, with their defaults'),
  )
    .option(
      '--client <name>',
      `only this client (repeatable): ${LANE_CLIENT_NAMES.join(', ')}`,
      repeatableChoice('--client', LANE_CLIENT_NAMES),
    )
    .option('--bucket-prefix <prefix>', 'prefix of the bucket names this run creates (default s3c)')
    .option('--json <path>', 'write the result model to this file')
    .option(
      '--add-to <results.json>',
      "also add the lane's results to this run's result file (a run of the same target), so `matrix` shows them in its column",
    )
    .action(async (flags: ClientsFlags) => setExitCode(await clients(flags)));
}
