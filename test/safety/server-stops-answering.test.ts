// A server that dies mid-run: the run must not die with it nor hang. The case that found it gone
// and every later case are errors with the cause (connection refused), the reports name that
// case, and the run exits 1. Two real deaths: the embedded s3rver crashed by a request (a key
// whose one segment is too long for a file name), and a MinIO this test starts and kills once
// the first cases are judged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { RunResult } from '../../src/report/model.ts';
import { startMinio, type StartedServer } from '../../src/targets/minio.ts';
import { cli, spawnCli } from '../support/cli.ts';
import { processesNaming } from '../support/launched.ts';
import { watch } from '../support/running-cli.ts';
import { scratchDir } from '../support/scratch.ts';

const dir = scratchDir('s3c-server-stops-');
const REF = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html';

/** A case that puts an object under `key` and expects 200. */
const putCase = (id: string, key: string) => `
  - id: ${id}
    title: PutObject of ${key.length} byte(s)
    refs: [${REF}]
    when: { op: PutObject, key: ${key}, body: hello }
    then: { status: 200 }`;

/** Writes a case file (area `stops`) of these cases; returns its folder, for --suites. */
function caseFolder(name: string, cases: string[]): string {
  const folder = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(folder, `${name}.yaml`), `area: stops\ncases:${cases.join('')}\n`);
  return folder;
}

const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunResult;

/** What every run here must show once its server is gone after case `atCase`: the later cases are errors naming it and the refusal. */
function expectCasesAfterStopped(result: RunResult, atCase: string): void {
  const ids = result.cases.map((c) => c.id);
  const later = result.cases.slice(ids.indexOf(atCase) + 1);
  expect(later.length).toBeGreaterThan(0);
  for (const c of later) {
    expect(c.outcome, c.id).toBe('error');
    expect(c.reason, c.id).toContain(`the server stopped answering at case ${atCase}`);
    expect(c.reason, c.id).toMatch(/connection refused \(ECONNREFUSED\)/);
  }
}

describe('the embedded server crashed by a request', () => {
  // s3rver stores an object as a file named after the key's last segment: 300 bytes is more than
  // a file name may have (255), and the write's error is thrown where nothing catches it.
  const crashingKey = 'k'.repeat(300);

  test('the run goes on: the case errors, the later cases error as not run, the reports name the case, exit 1', async () => {
    const suites = caseFolder('crash', [
      // A case that errors while the server still runs (its set-up step gets 404) must not stop the run.
      `
  - id: stops.a.set-up-fails
    title: a case whose set-up fails while the server runs
    refs: [${REF}]
    given: [{ op: GetObject, key: missing }]
    when: { op: PutObject, key: doc, body: hello }
    then: { status: 200 }`,
      putCase('stops.b.ordinary', 'doc'),
      putCase('stops.c.crashing', crashingKey),
      putCase('stops.d.after', 'doc'),
      putCase('stops.e.after', 'other'),
    ]);
    const json = join(dir, 'embedded.json');
    const output = join(dir, 'embedded-reports');
    const run = await cli([
      'run',
      '--suites',
      suites,
      '--concurrency',
      '1',
      '--json',
      json,
      '--output',
      output,
      '--reporter',
      'console',
      '--reporter',
      'markdown',
      '--reporter',
      'junit',
      '--reporter',
      'html',
    ]);

    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    // The server's own log line says why it stopped, as a real server's would.
    expect(run.stderr).toMatch(/the embedded server \(s3rver\) crashed: ENAMETOOLONG/);
    const result = readResult(json);
    expect(result.cases.map((c) => [c.id, c.outcome])).toEqual([
      ['stops.a.set-up-fails', 'error'],
      ['stops.b.ordinary', 'pass'],
      ['stops.c.crashing', 'error'],
      ['stops.d.after', 'error'],
      ['stops.e.after', 'error'],
    ]);
    expect(result.serverStoppedAnswering).toMatchObject({ atCase: 'stops.c.crashing', casesInFlight: ['stops.c.crashing'] });
    expect(result.serverStoppedAnswering!.cause).toMatch(/^connection refused \(ECONNREFUSED\) at 127\.0\.0\.1:\d+$/);
    expectCasesAfterStopped(result, 'stops.c.crashing');
    const named = /the server stopped answering at case stops\.c\.crashing/;
    expect(run.stdout).toMatch(named);
    for (const report of ['report.md', 'junit.xml', 'report.html'])
      expect(readFileSync(join(output, report), 'utf8'), report).toMatch(named);
  });
});

describe.skipIf(inject('minioTarget') === null)('MinIO killed mid-run', () => {
  let minio: StartedServer;
  beforeAll(async () => {
    minio = await startMinio();
  });
  afterAll(async () => {
    await minio?.stop();
  });

  test('the cases after the kill error with connection refused, the result names the case, exit 1', async () => {
    const count = 30;
    const ids = Array.from({ length: count }, (_, i) => `stops.minio.${String(i).padStart(2, '0')}`);
    const suites = caseFolder(
      'minio',
      ids.map((id) => putCase(id, 'doc')),
    );
    const json = join(dir, 'minio.json');
    const port = new URL(minio.endpoint).port;
    // The MinIO this test started, by its listening address (other MinIOs may run beside it).
    const [server, ...others] = await processesNaming(`--address\u0000127.0.0.1:${port}\u0000`);
    expect(others).toEqual([]);
    const cliRun = watch(
      spawnCli(['run', '--endpoint', minio.endpoint, '--suites', suites, '--concurrency', '1', '--verbose', '--json', json], {
        AWS_ACCESS_KEY_ID: minio.accessKeyId,
        AWS_SECRET_ACCESS_KEY: minio.secretAccessKey,
      }),
    );
    // Killed, not stopped: a crash gives the server no time to finish what it was doing.
    await cliRun.waitFor(/\[\s*2\/30\] stops\.minio\.01 /);
    process.kill(server!.pid, 'SIGKILL');

    const { code } = await cliRun.exit;
    expect(code, cliRun.output()).toBe(1);
    expect(cliRun.output()).not.toMatch(/\n\s+at /);
    const result = readResult(json);
    expect(result.cases.map((c) => c.id)).toEqual(ids);
    expect(result.cases.slice(0, 2).map((c) => c.outcome)).toEqual(['pass', 'pass']);
    const atCase = result.serverStoppedAnswering?.atCase;
    expect(ids.slice(2)).toContain(atCase);
    // The cases between the kill's signal and its effect may still have passed; the one that found
    // it gone got no answer, to its judged request (an error) or while removing its bucket.
    const found = result.cases.find((c) => c.id === atCase)!;
    expect(found.outcome === 'error' ? found.reason : found.leftovers?.join('; ')).toMatch(/socket hang up|ECONNRESET|ECONNREFUSED/);
    expect(result.serverStoppedAnswering!.cause).toBe(`connection refused (ECONNREFUSED) at 127.0.0.1:${port}`);
    expectCasesAfterStopped(result, atCase!);
    expect(cliRun.output()).toContain(`the server stopped answering at case ${atCase}`);
  });
});
