// One scenario through one client against a target: a bucket of its own (made and removed by the
// engine, as for cases), the client's calls, and a verdict in the engine's terms.
import type { Target } from '../target.ts';
import { createBucket, destroyBucket, type BucketClient } from '../buckets.ts';
import { Redactor } from '../redact.ts';
import { bucketNamesFor, missingCapabilities } from '../run-case.ts';
import { targetSecrets } from '../values.ts';
import type { Verdict } from '../verdict.ts';
import type { LaneClient, LaneEndpoint } from './lane-client.ts';
import { minioJsClient } from './minio-js.ts';
import { ScenarioMismatch, type Scenario, type ScenarioContext } from './scenarios.ts';
import { sdkV3Client } from './sdk-v3.ts';

export const LANE_CLIENTS = { 'sdk-v3': sdkV3Client, 'minio-js': minioJsClient } as const;
export type LaneClientName = keyof typeof LANE_CLIENTS;
export const LANE_CLIENT_NAMES = Object.keys(LANE_CLIENTS) as LaneClientName[];

export const laneResultId = (scenario: Scenario, client: LaneClientName) => `${scenario.id}@${client}`;

function laneEndpoint(target: Target): LaneEndpoint {
  const { credentials } = target;
  return { endpoint: target.endpoint, region: target.region, ...credentials, ca: target.ca, insecure: target.insecure };
}

export async function runScenario(
  scenario: Scenario,
  clientName: LaneClientName,
  options: { target: Target; client: BucketClient; runPrefix: string; context: ScenarioContext },
): Promise<Verdict> {
  const { target } = options;
  const missing = missingCapabilities(scenario, target);
  if (missing.length > 0) return { outcome: 'skip', reason: `target "${target.name}" lacks ${missing.join(', ')}` };
  const [bucket] = bucketNamesFor(laneResultId(scenario, clientName), ['main'], options.runPrefix).values();
  const laneClient: LaneClient = LANE_CLIENTS[clientName](laneEndpoint(target), bucket!);
  const unsupported = scenario.unsupported?.(laneClient);
  if (unsupported) return { outcome: 'skip', reason: unsupported };
  const redactor = new Redactor([...targetSecrets(target), { value: options.context.sseCKey.toString('base64'), label: 'SSE-C key' }]);
  let verdict: Verdict;
  try {
    await createBucket(options.client, bucket!, options.runPrefix);
  } catch (error) {
    return { outcome: 'error', reason: redactor.text(`could not create bucket ${bucket}: ${(error as Error).message}`) };
  }
  try {
    await scenario.run(laneClient, options.context);
    verdict = { outcome: 'pass' };
  } catch (error) {
    const mismatch =
      error instanceof ScenarioMismatch
        ? error.mismatch
        : { what: `${clientName} call`, expected: 'success', observed: `${(error as Error).name}: ${(error as Error).message}` };
    const shown = { what: mismatch.what, expected: redactor.text(mismatch.expected), observed: redactor.text(mismatch.observed) };
    verdict = { outcome: 'fail', reason: `${shown.what}: expected ${shown.expected}, observed ${shown.observed}`, mismatches: [shown] };
  } finally {
    laneClient.close();
  }
  const leftovers = await destroyBucket(options.client, bucket!, { hadUploads: true });
  return leftovers.length > 0 ? { ...verdict, leftovers: leftovers.map((l) => redactor.text(l)) } : verdict;
}
