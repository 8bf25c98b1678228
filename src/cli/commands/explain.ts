// `explain CASE`: a case, its sources, and what the last run sent and saw for it.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { describeMismatch } from '../../engine/verdict.ts';
import { parseRunResult } from '../../report/model.ts';
import { UsageError } from '../../targets/resolve.ts';
import { loadCaseSelection } from '../options.ts';
import { lastRunPath } from '../reports.ts';

function explain(caseId: string): number {
  // A result of a wire dialect is `<id>@<dialect>`: the case is the id's, the last run's result the whole name's.
  const definitionId = caseId.replace(/@[a-z0-9-]+$/, '');
  const testCase = loadCaseSelection({}).all.find((c) => c.id === definitionId);
  if (!testCase) throw new UsageError(`no case ${caseId} (\`s3-conformance list\` shows them)`);
  const say = (line = '') => process.stdout.write(`${line}\n`);
  say(`${testCase.id}: ${testCase.title}`);
  say(`area ${testCase.area}, defined at ${testCase.source.file}:${testCase.source.line}`);
  if (testCase.requires.length) say(`requires ${testCase.requires.join(', ')}`);
  say('sources:');
  for (const ref of testCase.refs) say(`  ${ref}`);
  if (testCase.note) say(`note: ${testCase.note}`);
  say();
  say(stringify({ given: testCase.given, when: testCase.when, then: testCase.then }).trimEnd());
  if (!existsSync(lastRunPath())) return 0;
  const run = parseRunResult(readFileSync(lastRunPath(), 'utf8'), lastRunPath());
  const last = run.cases.find((c) => c.id === caseId);
  if (!last) return 0;
  say();
  say(`last run, against ${run.target.name} on ${run.startedAt}: ${last.outcome}${last.reason ? ` (${last.reason})` : ''}`);
  for (const m of last.mismatches ?? []) say(`  ${describeMismatch(m)}`);
  const exchange = last.exchange;
  if (exchange) {
    say();
    say(`${exchange.request.method} ${exchange.request.url}`);
    for (const [name, value] of exchange.request.headers) say(`${name}: ${value}`);
    if (exchange.response) {
      say();
      say(`HTTP ${exchange.response.status}`);
      for (const [name, value] of Object.entries(exchange.response.headers)) say(`${name}: ${value}`);
      if (exchange.response.bodyPreview) say(`\n${exchange.response.bodyPreview}`);
    }
  }
  return 0;
}

export function registerExplain(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('explain')
    .description("print a case, its sources, and the last run's request and response for it")
    .argument('<case-id>')
    .action((caseId: string) => setExitCode(explain(caseId)));
}
