// The floors of docs/architecture.md as a test: every import of the sources points to the same
// stage or a lower one, no two modules import each other (directly or around a circle), and no
// CLI command imports another. It reads imports as text: `import ... from '...'`,
// `export ... from '...'`, `import '...'` and `import('...')` with a literal path.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Bottom to top: a module may import its own stage and the ones listed before it. */
const STAGES: { stage: string; folders: string[] }[] = [
  { stage: 'base', folders: ['src'] },
  { stage: 'case files', folders: ['src/case'] },
  { stage: 'engine', folders: ['src/engine'] },
  { stage: 'targets and fuzzing', folders: ['src/targets', 'src/fuzz'] },
  { stage: 'result model', folders: ['src/report'] },
  { stage: 'reporters', folders: ['reporters'] },
  { stage: 'runner', folders: ['src/runner'] },
  { stage: 'command line and tools', folders: ['src/cli', 'src/tools', 'bench'] },
];

/** The stage of a folder: its own entry, or its nearest listed parent's (src/cli/commands is src/cli). */
function stageOf(file: string): number {
  let folder = dirname(file);
  for (;;) {
    const index = STAGES.findIndex(({ folders }) => folders.includes(folder));
    if (index >= 0) return index;
    if (folder === '.' || folder === '') throw new Error(`${file} is in no stage of docs/architecture.md`);
    folder = dirname(folder);
  }
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|(?:^|\n)\s*import\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => relative(root, resolve(root, dirname(file), m[1] ?? m[2] ?? m[3]!)));
}

const files = [...new Set(STAGES.flatMap(({ folders }) => folders.filter((f) => f !== 'src')).flatMap(sourceFiles))].concat(
  readdirSync(join(root, 'src'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `src/${name}`),
);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.endsWith('.ts'))]));

describe('architecture', () => {
  test('the sources are read: every stage has modules, and imports were found', () => {
    for (const { folders } of STAGES)
      expect(files.some((file) => folders.includes(dirname(file)) || folders.some((f) => file.startsWith(`${f}/`)))).toBe(true);
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });

  test('imports only point to the same stage or a lower one', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => stageOf(target) > stageOf(file))
        .map((target) => `${file} (${STAGES[stageOf(file)]!.stage}) -> ${target} (${STAGES[stageOf(target)]!.stage})`),
    );
    expect(upward).toEqual([]);
  });

  test('no CLI command imports another command', () => {
    const commands = files.filter((file) => file.startsWith('src/cli/commands/'));
    const crossing = commands.flatMap((file) =>
      graph
        .get(file)!
        .filter((target) => target.startsWith('src/cli/commands/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  test('no import circle', () => {
    // Depth-first search; a module met again while still on the path closes a circle.
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });
});
