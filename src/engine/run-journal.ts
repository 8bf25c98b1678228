// The run journal: before a run creates its first bucket, it writes its prefix, endpoint and process
// id to a file on this machine, and removes the file once its buckets are gone. A run killed between
// creating a bucket and tagging it leaves an untagged bucket; the journal is how `cleanup` still
// knows that bucket is the suite's, and, from the process id, that its run is over.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../state-dir.ts';

const journalDir = () => stateDir('runs');

export function recordRun(endpoint: string, runPrefix: string): void {
  writeFileSync(
    join(journalDir(), `${runPrefix}.json`),
    JSON.stringify({ endpoint, runPrefix, pid: process.pid, startedAt: new Date().toISOString() }),
  );
}

export function forgetRun(runPrefix: string): void {
  rmSync(join(journalDir(), `${runPrefix}.json`), { force: true });
}

export interface UnfinishedRun {
  runPrefix: string;
  /** The run's process, when the journal recorded it (older entries did not). */
  pid?: number;
  /** True when that process no longer exists: the run can never remove its buckets itself. */
  processGone: boolean;
}

/** Runs against this endpoint that did not finish their clean-up. */
export function unfinishedRuns(endpoint: string): UnfinishedRun[] {
  let files: string[];
  try {
    files = readdirSync(journalDir());
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      const entry = JSON.parse(readFileSync(join(journalDir(), file), 'utf8')) as { endpoint: string; runPrefix: string; pid?: unknown };
      if (entry.endpoint !== endpoint) return [];
      const pid = typeof entry.pid === 'number' ? entry.pid : undefined;
      return [{ runPrefix: entry.runPrefix, pid, processGone: pid !== undefined && !processExists(pid) }];
    } catch {
      return [];
    }
  });
}

/**
 * Whether a process with this id runs on this machine. A reused id reads as running, which only
 * makes `cleanup` wait for the age limit, never remove a live run's buckets.
 */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
