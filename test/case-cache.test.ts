// The validated-case cache must never serve stale or broken cases: a changed case file misses,
// a corrupt entry is ignored, a file with problems is never cached.
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { loadCasesCached } from '../src/case/case-cache.ts';
import { CaseFileError, loadCases } from '../src/case/loader.ts';
import { scratchDir } from './support/scratch.ts';

const bundledSuites = join(import.meta.dirname, '..', 'suites');
const bundledFile = join(bundledSuites, 'range', readdirSync(join(bundledSuites, 'range')).sort()[0]!);

let suiteDir: string;
let cacheDir: string;
const cache = () => cacheDir;
const entries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.json'));

/** Rewrites every title in the one cache entry, so a hit is told apart from a load. */
function plantMarkerInEntry(): void {
  const [entry] = entries();
  const path = join(cacheDir, entry!);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { cases: { title: string }[] };
  for (const c of stored.cases) c.title = 'served from the cache';
  writeFileSync(path, JSON.stringify(stored));
}

beforeEach(() => {
  const root = scratchDir('s3c-case-cache-');
  suiteDir = join(root, 'suite');
  cacheDir = join(root, 'cache');
  mkdirSync(suiteDir);
  mkdirSync(cacheDir);
  copyFileSync(bundledFile, join(suiteDir, 'cases.yaml'));
});

describe('validated-case cache', () => {
  test('a hit returns what the files validate to, and an unchanged file hits', () => {
    const fresh = loadCases([suiteDir]);
    expect(loadCasesCached([suiteDir], cache)).toEqual(fresh);
    expect(entries()).toHaveLength(1);
    plantMarkerInEntry();
    expect(loadCasesCached([suiteDir], cache).map((c) => c.title)).toEqual(fresh.map(() => 'served from the cache'));
  });

  test('the bundled suites come back from the cache exactly as loaded', () => {
    const fresh = loadCases([bundledSuites]);
    loadCasesCached([bundledSuites], cache);
    expect(loadCasesCached([bundledSuites], cache)).toStrictEqual(JSON.parse(JSON.stringify(fresh)));
    expect(loadCasesCached([bundledSuites], cache)).toEqual(fresh);
  });

  test('a changed case file misses: even a comment', () => {
    loadCasesCached([suiteDir], cache);
    plantMarkerInEntry();
    appendFileSync(join(suiteDir, 'cases.yaml'), '\n# edited\n');
    const titles = loadCasesCached([suiteDir], cache).map((c) => c.title);
    expect(titles).not.toContain('served from the cache');
    expect(titles).toEqual(loadCases([suiteDir]).map((c) => c.title));
  });

  test('an added case file misses', () => {
    loadCasesCached([suiteDir], cache);
    plantMarkerInEntry();
    const renamed = readFileSync(join(suiteDir, 'cases.yaml'), 'utf8').replace(/^(\s*- id:\s*)(\S+)/gm, '$1copy.$2');
    writeFileSync(join(suiteDir, 'more.yaml'), renamed);
    const loaded = loadCasesCached([suiteDir], cache);
    expect(loaded.map((c) => c.title)).not.toContain('served from the cache');
    expect(loaded).toHaveLength(2 * loadCases([join(suiteDir, 'cases.yaml')]).length);
  });

  test.each([
    ['truncated JSON', (text: string) => text.slice(0, text.length / 2)],
    ['not JSON at all', () => '\u0000\u0001garbage'],
    ['JSON of another shape', () => JSON.stringify({ cases: 'none' })],
    ['cases that are not cases', (text: string) => JSON.stringify({ ...JSON.parse(text), cases: [1, 2] })],
  ])('a corrupt entry (%s) is ignored and replaced', (_what, corrupt: (text: string) => string) => {
    const fresh = loadCasesCached([suiteDir], cache);
    const path = join(cacheDir, entries()[0]!);
    writeFileSync(path, corrupt(readFileSync(path, 'utf8')));
    expect(loadCasesCached([suiteDir], cache)).toEqual(fresh);
    expect(JSON.parse(readFileSync(path, 'utf8')).cases).toEqual(JSON.parse(JSON.stringify(fresh)));
  });

  test('a case file with problems throws as before and is not cached', () => {
    writeFileSync(join(suiteDir, 'broken.yaml'), 'area: range\ncases:\n  - id: [not, a, string]\n');
    expect(() => loadCasesCached([suiteDir], cache)).toThrow(CaseFileError);
    expect(entries()).toHaveLength(0);
  });

  test('a cache directory that cannot be made does not stop the load', () => {
    const unusable = () => {
      throw new Error('EACCES');
    };
    expect(loadCasesCached([suiteDir], unusable)).toEqual(loadCases([suiteDir]));
  });
});
