// The suite touches only buckets it made. Every bucket name starts with the run prefix, and every
// bucket carries the ownership tag (see buckets.ts); these functions find the suite's buckets, refuse
// a prefix that could reach someone else's, and remove what crashed runs left behind.
import { destroyBucket, listBuckets, suiteRunOf, type BucketClient } from './buckets.ts';
import { forgetRun, unfinishedRuns } from './run-journal.ts';

export class OwnershipError extends Error {}

async function bucketsStartingWith(client: BucketClient, prefix: string): Promise<{ name: string; createdAt?: Date }[]> {
  return (await listBuckets(client)).filter((bucket) => bucket.name.startsWith(`${prefix}-`));
}

/** Refuses a bucket prefix under which a bucket exists that the suite did not make. */
export async function checkPrefixIsOurs(client: BucketClient, prefix: string): Promise<void> {
  for (const bucket of await bucketsStartingWith(client, prefix)) {
    if ((await suiteRunOf(client, bucket.name)) === undefined) {
      throw new OwnershipError(
        `bucket prefix "${prefix}" could reach bucket ${bucket.name}, which the suite did not make: choose another --bucket-prefix`,
      );
    }
  }
}

/**
 * Removes every bucket of one run (its prefix is unique to it); returns what could not be removed.
 * `announce` hears of each batch found before it is removed. A case aborted mid-request may have
 * sent a CreateBucket the server completes after a listing, so the run is listed again until a
 * listing shows nothing new.
 */
export async function sweepRun(
  client: BucketClient,
  runPrefix: string,
  announce: (names: string[]) => void = () => undefined,
): Promise<string[]> {
  const leftovers: string[] = [];
  const tried = new Set<string>();
  for (;;) {
    const found = (await bucketsStartingWith(client, runPrefix)).map((bucket) => bucket.name).filter((name) => !tried.has(name));
    if (found.length === 0) return leftovers;
    announce(found);
    for (const name of found) {
      tried.add(name);
      leftovers.push(...(await destroyBucket(client, name)));
    }
  }
}

/**
 * The end of a run's bucket lifecycle: sweep its buckets, tell `warn` what could not be removed,
 * and forget the run in the journal only when nothing is left. A run whose buckets cannot even be
 * listed (the server is gone) stays in the journal for `cleanup`.
 */
export async function endRun(
  client: BucketClient,
  runPrefix: string,
  warn: (line: string) => void,
  announce?: (names: string[]) => void,
): Promise<void> {
  let leftovers: string[];
  try {
    leftovers = await sweepRun(client, runPrefix, announce);
  } catch (error) {
    warn(`could not list the run's buckets to remove them; \`cleanup\` will: ${(error as Error).message}`);
    return;
  }
  for (const leftover of leftovers) warn(`could not remove ${leftover}`);
  if (leftovers.length === 0) forgetRun(runPrefix);
}

export interface CleanupReport {
  removed: string[];
  kept: { name: string; why: string }[];
  leftovers: string[];
}

/** `--older-than`: the limit in milliseconds, and as the user wrote it (for messages). */
export interface AgeLimit {
  ms: number;
  written: string;
}

/**
 * Removes the suite's buckets that earlier runs left: at once those of runs this machine's journal
 * shows are over (their process is gone), and those older than `olderThan` (by creation date) of
 * runs it cannot account for (run elsewhere, or still running). A bucket is the suite's when it
 * has the ownership tag, or is named with the prefix of a journaled run (killed before it could
 * tag a bucket it had just made).
 */
export async function cleanupStale(client: BucketClient, prefix: string, olderThan: AgeLimit, now = Date.now()): Promise<CleanupReport> {
  const report: CleanupReport = { removed: [], kept: [], leftovers: [] };
  const journaled = unfinishedRuns(client.target.endpoint);
  for (const bucket of await bucketsStartingWith(client, prefix)) {
    const { name } = bucket;
    const entry = journaled.find((run) => name.startsWith(`${run.runPrefix}-`));
    const run = (await suiteRunOf(client, name)) ?? entry?.runPrefix;
    if (run === undefined) {
      report.kept.push({ name, why: 'no s3-conformance ownership tag' });
      continue;
    }
    if (!entry?.processGone && bucket.createdAt && now - bucket.createdAt.getTime() < olderThan.ms) {
      const running = entry?.pid === undefined ? '' : `, its process ${entry.pid} is still running`;
      report.kept.push({ name, why: `younger than --older-than ${olderThan.written} (run ${run}${running})` });
      continue;
    }
    const leftovers = await destroyBucket(client, name);
    if (leftovers.length === 0) report.removed.push(name);
    report.leftovers.push(...leftovers);
  }
  // A journaled run that is over and none of whose buckets remain is finished now; a running one
  // keeps its entry, for the buckets it has yet to make.
  const remaining = await bucketsStartingWith(client, prefix);
  for (const { runPrefix, pid, processGone } of journaled) {
    if ((processGone || pid === undefined) && !remaining.some((bucket) => bucket.name.startsWith(`${runPrefix}-`))) forgetRun(runPrefix);
  }
  return report;
}
