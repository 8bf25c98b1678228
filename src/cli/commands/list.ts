// `s3-conformance list`: the cases, filterable like `run`.
import type { Command } from 'commander';
import { addSelectionOptions, loadSelectedCases } from '../options.ts';
import type { CaseFilter } from '../select.ts';

function list(flags: CaseFilter & { suites?: string[]; json?: boolean }): number {
  const cases = loadSelectedCases(flags);
  if (flags.json) {
    const rows = cases.map(({ id, area, title, tags, requires, refs }) => ({ id, area, title, tags, requires, refs }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const c of cases)
    process.stdout.write(`${c.id}\t${c.area}\t${c.title}${c.requires.length ? `\t[requires ${c.requires.join(', ')}]` : ''}\n`);
  const perArea = new Map<string, number>();
  for (const c of cases) perArea.set(c.area, (perArea.get(c.area) ?? 0) + 1);
  process.stdout.write(`\n${[...perArea].map(([area, count]) => `${area}: ${count}`).join(', ')}; ${cases.length} cases\n`);
  return 0;
}

export function registerList(program: Command, setExitCode: (code: number) => void): void {
  addSelectionOptions(program.command('list').description('list the cases'))
    .option('--json', 'print JSON')
    .action((flags) => setExitCode(list(flags)));
}
