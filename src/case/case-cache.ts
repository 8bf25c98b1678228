// Validated cases, remembered between runs: parsing and validating the bundled YAML costs about
// half a second, which a one-case run would otherwise pay every time. An entry is keyed by a hash
// of everything the validated cases are a function of (the case files' paths and contents, the
// loader's own code, the working directory that `source.file` is relative to), so any change to
// those misses and is loaded afresh. The cache is an optimisation only: an entry that cannot be
// read, parsed or written is ignored, and the cases are loaded from the files.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../state-dir.ts';
import { findCaseFiles, loadCases } from './loader.ts';
import type { ValidatedCase } from './schema.ts';

/** Bumped when the shape of an entry changes. */
const ENTRY_FORMAT = 1;
/** Entries kept: one per suite folder and checkout a user runs from is plenty. */
const ENTRIES_KEPT = 8;

interface CacheEntry {
  format: number;
  key: string;
  cases: ValidatedCase[];
}

/** The cases of `paths`, validated: from the cache when nothing they depend on changed. */
export function loadCasesCached(paths: string[], cacheDir: () => string = () => stateDir('case-cache')): ValidatedCase[] {
  // A case file that cannot be read has no key: the loader reports it (exit 2, no stack trace).
  const key = tryOrUndefined(() => cacheKey(findCaseFiles(paths)));
  if (!key) return loadCases(paths);
  const dir = tryOrUndefined(cacheDir);
  const entryPath = dir && join(dir, `${key}.json`);
  const cached = entryPath && readEntry(entryPath, key);
  if (cached) return cached;
  // Case file errors propagate: a file with problems is never cached.
  const cases = loadCases(paths);
  if (dir && entryPath) tryOrUndefined(() => writeEntry(dir, entryPath, { format: ENTRY_FORMAT, key, cases }));
  return cases;
}

function cacheKey(caseFiles: string[]): string {
  const hash = createHash('sha256').update(`format ${ENTRY_FORMAT}\0cwd ${process.cwd()}\0`);
  // The loader's code, as it runs (the .ts sources in a checkout, the built .js when installed).
  const loaderDir = dirname(fileURLToPath(import.meta.url));
  const loaderFiles = readdirSync(loaderDir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
  for (const file of loaderFiles.sort())
    hash
      .update(`code ${file}\0`)
      .update(readFileSync(join(loaderDir, file)))
      .update('\0');
  for (const file of caseFiles) hash.update(`case ${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

function readEntry(path: string, key: string): ValidatedCase[] | undefined {
  return tryOrUndefined(() => {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheEntry> | null;
    const whole =
      entry?.format === ENTRY_FORMAT &&
      entry.key === key &&
      Array.isArray(entry.cases) &&
      entry.cases.every((c) => typeof c?.id === 'string');
    return whole ? entry.cases : undefined;
  });
}

function writeEntry(dir: string, path: string, entry: CacheEntry): void {
  // Written aside and renamed: a run reading at the same time sees the old entry or the new one.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(entry), { mode: 0o600 });
  renameSync(partial, path);
  const byAge = readdirSync(dir)
    .map((name) => ({ path: join(dir, name), modified: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const stale of byAge.slice(ENTRIES_KEPT)) rmSync(stale.path, { force: true });
}

function tryOrUndefined<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
