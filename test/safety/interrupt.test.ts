// Ctrl-C and SIGTERM against MinIO, at several moments of a run: before the first case, mid-run,
// with the cases in flight aborted by a second signal, and during the final sweep. Each time the
// bucket list afterwards is exactly the one before, the exit code is 130 (SIGINT) or 143 (SIGTERM),
// and the partial result is written, marked interrupted. A fault proxy in front of MinIO holds
// one chosen response, so that each signal lands at a known moment rather than after a guessed sleep.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { bucketNamesFor } from '../../src/engine/run-case.ts';
import type { RunResult } from '../../src/report/model.ts';
import { endpointArgs, spawnCli } from '../support/cli.ts';
import { faultProxyForTests, holdCreateBucket, type HoldAlso } from '../support/fault-proxy.ts';
import { gate, watch } from '../support/running-cli.ts';
import { bucketNames } from '../support/sdk.ts';
import { scratchDir } from '../support/scratch.ts';

const minio = inject('minioTarget');
const dir = scratchDir('s3c-interrupt-');

const ACK_FIRST = /(SIGINT|SIGTERM): no new case starts/;
const ACK_SECOND = /(SIGINT|SIGTERM): aborting the cases in flight/;
const ACK_LATER = /(SIGINT|SIGTERM): already stopping/;

describe.skipIf(minio === null)('interrupting a run against MinIO', () => {
  const through = faultProxyForTests(() => minio!);
  const bucketsOnMinio = () => bucketNames(minio!);

  /** Starts a run through the proxy, which holds the answer to its `nth` CreateBucket (see holdCreateBucket). */
  function runHoldingCreateBucket(nth: number, extra: string[] = [], holdAlso?: HoldAlso) {
    const hold = holdCreateBucket(through.proxy, nth, holdAlso);
    const json = join(dir, `result-${Date.now()}-${nth}.json`);
    const { args, env } = endpointArgs(through.proxy.target);
    const cli = watch(spawnCli(['run', ...args, '--concurrency', '8', '--json', json, ...extra], env));
    return { cli, json, ...hold };
  }

  /**
   * Sends `signal` while the held CreateBucket waits, lets it through once the run says it is
   * stopping, and checks the run's end: the exit code, no stack trace, the bucket list as `before`.
   * Returns the run's result.
   */
  async function interruptWhileHeld(
    run: ReturnType<typeof runHoldingCreateBucket>,
    signal: 'SIGINT' | 'SIGTERM',
    before: string[],
  ): Promise<RunResult> {
    await run.held;
    run.cli.child.kill(signal);
    await run.cli.waitFor(ACK_FIRST);
    run.release();
    expect(await run.cli.exit, run.cli.output()).toEqual({ code: signal === 'SIGINT' ? 130 : 143, signal: null });
    expect(run.cli.output()).not.toMatch(/\n\s+at /);
    expect(await bucketsOnMinio()).toEqual(before);
    const result = JSON.parse(readFileSync(run.json, 'utf8')) as RunResult;
    expect(result.interrupted?.signal).toBe(signal);
    return result;
  }

  /** Sends `signal` twice while the held CreateBucket waits, each once the run has answered the one before. */
  async function signalTwiceWhileHeld(run: ReturnType<typeof runHoldingCreateBucket>, signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
    await run.held;
    run.cli.child.kill(signal);
    await run.cli.waitFor(ACK_FIRST);
    run.cli.child.kill(signal);
    await run.cli.waitFor(ACK_SECOND);
  }

  /** The case of a bucket the run made, among `ids`. */
  const caseOfBucket = (bucket: string, ids: string[]) => {
    const [, runPrefix, alias] = /^(s3c-[0-9a-f]{8})-[0-9a-f]{10}-(.+)$/.exec(bucket) ?? [];
    return ids.find((id) => bucketNamesFor(id, [alias!], runPrefix!).get(alias!) === bucket);
  };

  test('SIGINT before the first case: no case runs, the probe bucket goes, exit 130, an empty result marked interrupted', async () => {
    const before = await bucketsOnMinio();
    const run = runHoldingCreateBucket(1);
    const result = await interruptWhileHeld(run, 'SIGINT', before);
    expect(run.heldBucket()).toMatch(/-probe$/);
    expect(result.cases).toEqual([]);
    expect([...result.interrupted!.notRun].sort()).toEqual([...result.selection.caseIds].sort());
  });

  test('SIGINT mid-run: the case in flight finishes, every reporter writes the partial result, exit 130', async () => {
    const before = await bucketsOnMinio();
    const output = join(dir, 'reports-sigint');
    const run = runHoldingCreateBucket(20, [
      '--reporter',
      'console',
      '--reporter',
      'junit',
      '--reporter',
      'markdown',
      '--reporter',
      'html',
      '--output',
      output,
    ]);
    const result = await interruptWhileHeld(run, 'SIGINT', before);
    const ran = result.cases.map((c) => c.id);
    // The held case was in flight when the signal came: it ran to a verdict.
    expect(caseOfBucket(run.heldBucket(), ran)).toBeDefined();
    expect(result.cases.length).toBeGreaterThan(0);
    expect(result.interrupted!.notRun.length).toBeGreaterThan(0);
    expect([...ran, ...result.interrupted!.notRun].sort()).toEqual([...result.selection.caseIds].sort());
    const notice = `interrupted by SIGINT: ${result.interrupted!.notRun.length} case(s) not run`;
    expect(run.cli.output()).toContain(notice);
    for (const file of ['junit.xml', 'report.md', 'report.html']) expect(readFileSync(join(output, file), 'utf8')).toContain(notice);
  });

  test('SIGTERM mid-run: the same, with exit 143', async () => {
    const before = await bucketsOnMinio();
    const run = runHoldingCreateBucket(20);
    const result = await interruptWhileHeld(run, 'SIGTERM', before);
    expect(
      caseOfBucket(
        run.heldBucket(),
        result.cases.map((c) => c.id),
      ),
    ).toBeDefined();
  });

  test('a second SIGTERM aborts the case in flight, whose answer never comes; its bucket is still removed, exit 143', async () => {
    const before = await bucketsOnMinio();
    const run = runHoldingCreateBucket(20);
    try {
      await signalTwiceWhileHeld(run, 'SIGTERM');
      expect(await run.cli.exit, run.cli.output()).toEqual({ code: 143, signal: null });
    } finally {
      run.release();
    }
    expect(run.cli.output()).toContain(run.heldBucket());
    expect(await bucketsOnMinio()).toEqual(before);
    const result = JSON.parse(readFileSync(run.json, 'utf8')) as RunResult;
    expect(caseOfBucket(run.heldBucket(), result.interrupted!.notRun)).toBeDefined();
  });

  test('a third SIGINT during the sweep does not stop it: every bucket goes, exit 130', async () => {
    const before = await bucketsOnMinio();
    // The sweep is the only one to delete the aborted case's bucket: its DeleteBucket is held too.
    const sweeping = gate();
    const releaseSweep = gate();
    const run = runHoldingCreateBucket(20, [], (request, heldBucket) => {
      if (request.method !== 'DELETE' || request.url !== `/${heldBucket}`) return undefined;
      sweeping.open();
      return releaseSweep.promise;
    });
    try {
      await signalTwiceWhileHeld(run, 'SIGINT');
      await sweeping.promise;
      run.cli.child.kill('SIGINT');
      await run.cli.waitFor(ACK_LATER);
      releaseSweep.open();
      expect(await run.cli.exit, run.cli.output()).toEqual({ code: 130, signal: null });
    } finally {
      run.release();
      releaseSweep.open();
    }
    expect(await bucketsOnMinio()).toEqual(before);
  });
});
