// What a run prints: on a terminal a progress bar and the failures once, by area; piped or with
// --verbose a line per case. A terminal is given by script(1), which runs the CLI on a pseudo-terminal.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { cli, cliPath, endpointArgs, type CliResult } from './support/cli.ts';
import { scratchDir } from './support/scratch.ts';

const stateHome = scratchDir('s3c-first-run-state-');
const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** Runs the CLI on a pseudo-terminal; its stdout and stderr arrive merged, with CRLF line ends. */
function cliOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const command = [process.execPath, cliPath, ...args].map(shellQuote).join(' ');
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'script',
      ['--quiet', '--return', '--command', command, '/dev/null'],
      {
        env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '', AWS_ENDPOINT_URL_S3: '', XDG_STATE_HOME: stateHome, ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? -1) : 0,
          stdout: withoutColour(stdout).replaceAll('\r\n', '\n'),
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}

/** A terminal gets colour whatever NO_COLOR says when the test runner forces it: drop it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what an ANSI colour code starts with.
const withoutColour = (text: string) => text.replace(/\u001b\[[\d;]*m/g, '');

const STATUS_REDRAW = '\r\u001b[2K';
const perCaseLine = /^[✓✗!~-] \[ *\d+\/\d+\] /m;

/** Two areas: a case each that fails on any server (no S3 answers 418), and one that passes. */
function twoAreaSuite(): string {
  const dir = scratchDir('s3c-first-run-suite-');
  const file = (area: string, cases: string) => {
    mkdirSync(join(dir, area));
    writeFileSync(join(dir, area, 'cases.yaml'), `area: ${area}\ncases:\n${cases}`);
  };
  const failing = (id: string) => `  - id: ${id}
    title: GET of a stored object answers 418 (it does not)
    refs: [RFC 9110 section 15.5.19]
    given: [{ op: PutObject, key: k, body: abc }]
    when: { op: GetObject, key: k }
    then: { status: 418 }
`;
  file('alpha', failing('alpha.teapot'));
  file(
    'beta',
    `${failing('beta.teapot')}  - id: beta.stored
    title: GET of a stored object returns it with 200
    refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
    given: [{ op: PutObject, key: k, body: abc }]
    when: { op: GetObject, key: k }
    then: { status: 200, body: abc }
`,
  );
  return dir;
}

describe('a run with no endpoint, on a terminal', () => {
  test('welcomes: the stand-in and its baseline up front, a progress bar, a summary by area, exit 0, and how to test a real server', async () => {
    const result = await cliOnTerminal(['run']);
    expect(result.stdout).toMatch(/^No endpoint given: running the embedded stand-in, s3rver [\d.]+/m);
    expect(result.stdout).toMatch(/judged against its bundled baseline \(fixtures\/baselines\/embedded\.yaml\)/);
    const statuses = result.stdout.split(STATUS_REDRAW).slice(1, -1);
    expect(statuses.length).toBeGreaterThan(100);
    const total = Number(/\/(\d+) /.exec(statuses[0]!)![1]);
    expect(statuses.at(-1)).toMatch(new RegExp(`^[█░]+ ${total}/${total}  \\d+ passed, \\d+ failed, \\d+ skipped`));
    expect(result.stdout).not.toMatch(perCaseLine);
    expect(result.stdout).toMatch(/^ {2}range +\d+ passed, \d+ failed, \d+ skipped.*\(\d+ known deviation\(s\)\)$/m);
    expect(result.stdout).toMatch(/^baseline fixtures\/baselines\/embedded\.yaml: 0 regression\(s\)/m);
    expect(result.stdout).toMatch(new RegExp(`^Reports written: ${stateHome}/s3-conformance/last-run\\.json$`, 'm'));
    expect(result.stdout).toMatch(/^To test a real server:\n {2}\S+ run --endpoint /m);
    expect(result.code).toBe(0);
  });

  test('--verbose keeps a line per case', async () => {
    const result = await cliOnTerminal(['run', '--area', 'range', '--verbose']);
    expect(result.stdout).toMatch(perCaseLine);
    expect(result.stdout).not.toContain(STATUS_REDRAW);
  });
});

describe('failures on a terminal', () => {
  const embedded = inject('embeddedTarget');
  const { args, env } = endpointArgs(embedded);

  test('are listed once, under their area, after the bar; an endpoint run is judged without a baseline', async () => {
    const result = await cliOnTerminal(['run', ...args, '--suites', twoAreaSuite()], env);
    expect(result.stdout).toContain(STATUS_REDRAW);
    const listing = result.stdout.slice(result.stdout.indexOf('Failures, by area:'));
    expect(listing).toMatch(
      /^Failures, by area:\nalpha \(1\)\n {2}✗ alpha\.teapot \(fail: .*\)\n {6}status: expected 418 {2}observed 200\nbeta \(1\)\n {2}✗ beta\.teapot /,
    );
    for (const id of ['alpha.teapot', 'beta.teapot']) expect(result.stdout.split(id)).toHaveLength(2);
    expect(result.stdout).not.toContain('beta.stored');
    expect(result.stdout).not.toMatch(/No endpoint given|To test a real server|^baseline /m);
    expect(result.code).toBe(1);
  });

  test('piped, each case has its line as it finishes and the failures are not listed again', async () => {
    const result = await cli(['run', ...args, '--suites', twoAreaSuite()], env);
    expect(result.stdout).toMatch(/^✓ \[ *\d\/3\] beta\.stored /m);
    expect(result.stdout).toMatch(/^✗ \[ *\d\/3\] alpha\.teapot /m);
    expect(result.stdout.split('alpha.teapot')).toHaveLength(2);
    expect(result.stdout).not.toContain(STATUS_REDRAW);
    expect(result.stdout).not.toContain('Failures, by area');
    expect(result.code).toBe(1);
  });
});
