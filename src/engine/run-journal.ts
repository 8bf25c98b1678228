// The run journal: before a run creates its first bucket, it writes its prefix and endpoint to a
// file on this machine, and removes the file once its buckets are gone. A run killed between
// creating a bucket and tagging it leaves an untagged bucket; the journal is how `cleanup` still
// knows that bucket is the suite's.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../state-dir.ts';

const journalDir = () => stateDir('runs');

export function recordRun(endpoint: string, runPrefix: string): void {
  writeFileSync(join(journalDir(), `${runPrefix}.json`), JSON.stringify({ endpoint, runPrefix, startedAt: new Date().toISOString() }));
}

export function forgetRun(runPrefix: string): void {
  rmSync(join(journalDir(), `${runPrefix}.json`), { force: true });
}

/** Prefixes of runs against this endpoint that did not finish their clean-up. */
export function unfinishedRuns(endpoint: string): string[] {
  let files: string[];
  try {
    files = readdirSync(journalDir());
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      const entry = JSON.parse(readFileSync(join(journalDir(), file), 'utf8')) as { endpoint: string; runPrefix: string };
      return entry.endpoint === endpoint ? [entry.runPrefix] : [];
    } catch {
      return [];
    }
  });
}
