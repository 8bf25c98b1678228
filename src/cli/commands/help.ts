// First-run help: `init` writes a commented profile and an empty baseline for a new endpoint;
// `explain CASE` prints a case, its sources, and what the last run sent and saw.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { parseRunResult } from '../../report/model.ts';
import { describeMismatch } from '../../engine/verdict.ts';
import { UsageError } from '../../targets/resolve.ts';
import { stateDir } from '../../state-dir.ts';
import { loadSelectedCases } from '../options.ts';

export const lastRunPath = () => join(stateDir(), 'last-run.json');

function init(flags: { endpoint: string; name: string; dir: string }): number {
  const profilePath = join(flags.dir, `${flags.name}.target.yaml`);
  const baselinePath = join(flags.dir, `${flags.name}.baseline.yaml`);
  for (const path of [profilePath, baselinePath]) if (existsSync(path)) throw new UsageError(`${path} exists already; nothing was written`);
  writeFileSync(
    profilePath,
    `# A target profile for s3-conformance: run --config ${profilePath}
name: ${flags.name}
endpoint: ${flags.endpoint}
# The region requests are signed for.
region: us-east-1
# Path-style (https://host/bucket/key) or, with false, virtual-hosted (https://bucket.host/key).
pathStyle: true
# Credentials come from the environment, never from this file.
credentials:
  accessKeyIdEnv: AWS_ACCESS_KEY_ID
  secretAccessKeyEnv: AWS_SECRET_ACCESS_KEY
# For https with a private CA:
# caFile: ca.pem
# The account that owns the suite's buckets, for the expected-owner cases:
# accountId: "123456789012"
# A second account, for the cross-account cases:
# secondAccountId: "210987654321"
# secondCredentials:
#   accessKeyIdEnv: SECOND_AWS_ACCESS_KEY_ID
#   secretAccessKeyEnv: SECOND_AWS_SECRET_ACCESS_KEY
# What the server supports; cases needing anything else are skipped with the reason. tls,
# plain-http, account-id and second-account follow from the settings above. \`s3-conformance
# probe --config ${profilePath}\` checks the claims.
capabilities: [versioning, multipart, large-objects]
`,
  );
  writeFileSync(
    baselinePath,
    `# Known deviations of ${flags.name} from Amazon S3: case id and a one-line reason.
# Fill it from a first run: s3-conformance run --config ${profilePath} --update-baseline ${baselinePath}
${stringify({ target: flags.name, deviations: [] })}`,
  );
  process.stdout.write(`wrote ${profilePath} and ${baselinePath}\n`);
  return 0;
}

function explain(caseId: string): number {
  const [testCase] = loadSelectedCases({ grep: `^${caseId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` });
  if (!testCase) throw new UsageError(`no case ${caseId}`);
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

export function registerHelpCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented target profile and an empty baseline for a new endpoint')
    .requiredOption('--endpoint <url>', 'the endpoint')
    .option('--name <name>', 'the target name', 'my-target')
    .option('--dir <dir>', 'where to write', '.')
    .action((flags) => setExitCode(init(flags)));
  program
    .command('explain')
    .description("print a case, its sources, and the last run's request and response for it")
    .argument('<case-id>')
    .action((caseId: string) => setExitCode(explain(caseId)));
}
