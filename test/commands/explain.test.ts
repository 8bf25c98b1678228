// `explain CASE`: the case as written (its sources, its requests and expectation), and what the
// last run on this machine sent and saw for it, secrets redacted; an unknown case is bad input.
import { describe, expect, inject, test } from 'vitest';
import { cli, endpointArgs } from '../support/cli.ts';

const embedded = inject('embeddedTarget');

describe('explain', () => {
  test('a case: id, title, where it is defined, its sources, and its requests and expectation', async () => {
    const result = await cli(['explain', 'range.get.first-last']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^range\.get\.first-last: .+$/m);
    expect(result.stdout).toMatch(/^area range, defined at \S*suites\/range\/\S+\.yaml:\d+$/m);
    expect(result.stdout).toMatch(/^sources:\n {2}\S+/m);
    expect(result.stdout).toMatch(/^when:\n {2}op: GetObject$/m);
    expect(result.stdout).toMatch(/^then:\n {2}status: 206$/m);
  });

  test("after a run, the last run's verdict, request and response for the case, secrets redacted", async () => {
    // s3rver reads bytes=-3 as bytes=0-3: a failure with a request and a response to show.
    const { args, env } = endpointArgs(embedded);
    const run = await cli(['run', ...args, '--grep', '^range\\.get\\.suffix$'], env);
    expect(run.code, run.stderr).toBe(1);
    const result = await cli(['explain', 'range.get.suffix']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^last run, against \S+ on \S+: fail \(header Content-Range: expected bytes 23-25\/26, observed bytes 0-3\/26\)$/m,
    );
    expect(result.stdout).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/\S+\/\S+$/m);
    expect(result.stdout).toMatch(/^range: bytes=-3$/im);
    expect(result.stdout).toMatch(/^HTTP 206$/m);
    expect(result.stdout.includes(embedded.credentials.secretAccessKey), 'explain prints the secret key').toBe(false);
  });

  test('a case the last run did not take: the case alone, no verdict', async () => {
    const result = await cli(['explain', 'conditional.get.if-match.mismatch']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^conditional\.get\.if-match\.mismatch: /m);
    expect(result.stdout).not.toMatch(/^last run/m);
  });

  test('an unknown case is bad input: exit 2, naming it, no stack trace', async () => {
    const result = await cli(['explain', 'range.no-such-case']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no case range\.no-such-case \(`s3-conformance list` shows them\)$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
