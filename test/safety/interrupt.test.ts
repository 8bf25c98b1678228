// Ctrl-C and SIGTERM against MinIO, at several moments of a run: before the first case, mid-run,
// with the cases in flight aborted by a second signal, and during the final sweep. Each time the
// bucket list afterwards is exactly the one before, the exit code is 130 (SIGINT) or 143 (SIGTERM),
// and the partial result is written, marked interrupted. A fault proxy in front of MinIO holds
// one chosen response, so that each signal lands at a known moment rather than after a guessed sleep.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { bucketNamesFor } from '../../src/engine/run-case.ts';
import type { RunResult } from '../../src/report/model.ts';
import { endpointArgs, spawnCli } from '../support/cli.ts';
import { holdCreateBucket, startFaultProxy, type FaultProxy, type HoldAlso } from '../support/fault-proxy.ts';
import { gate, watch } from '../support/running-cli.ts';
import { sdkClient } from '../support/sdk.ts';

const minio = inject('minioTarget');
const dir = mkdtempSync(join(tmpdir(), 's3c-interrupt-'));

const ACK_FIRST = /(SIGINT|SIGTERM): no new case starts/;
const ACK_SECOND = /(SIGINT|SIGTERM): aborting the cases in flight/;
const ACK_LATER = /(SIGINT|SIGTERM): already stopping/;

describe.skipIf(minio === null)('interrupting a run against MinIO', () => {
  let proxy: FaultProxy;
  let client: S3Client;
  const bucketNames = async () => ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!).sort();

  beforeAll(async () => {
    proxy = await startFaultProxy(minio!);
    client = sdkClient(minio!);
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
  });

  /** Starts a run through the proxy, which holds the answer to its `nth` CreateBucket (see holdCreateBucket). */
  function runHoldingCreateBucket(nth: number, extra: string[] = [], holdAlso?: HoldAlso) {
    const hold = holdCreateBucket(proxy, nth, holdAlso);
    const json = join(dir, `result-${Date.now()}-${nth}.json`);
    const { args, env } = endpointArgs(proxy.target);
    const cli = watch(spawnCli(['run', ...args, '--concurrency', '8', '--json', json, ...extra], env));
    return { cli, json, ...hold };
  }

  const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunResult;

  /** The case of a bucket the run made, among `ids`. */
  const caseOfBucket = (bucket: string, ids: string[]) => {
    const [, runPrefix, alias] = /^(s3c-[0-9a-f]{8})-[0-9a-f]{10}-(.+)$/.exec(bucket) ?? [];
    return ids.find((id) => bucketNamesFor(id, [alias!], runPrefix!).get(alias!) === bucket);
  };

  test('SIGINT before the first case: no case runs, the probe bucket goes, exit 130, an empty result marked interrupted', async () => {
    const before = await bucketNames();
    const run = runHoldingCreateBucket(1);
    await run.held;
    expect(run.heldBucket()).toMatch(/-probe$/);
    run.cli.child.kill('SIGINT');
    await run.cli.waitFor(ACK_FIRST);
    run.release();
    expect(await run.cli.exit, run.cli.output()).toEqual({ code: 130, signal: null });
    expect(run.cli.output()).not.toMatch(/\n\s+at /);
    expect(await bucketNames()).toEqual(before);
    const result = readResult(run.json);
    expect(result.cases).toEqual([]);
    expect(result.interrupted?.signal).toBe('SIGINT');
    expect([...result.interrupted!.notRun].sort()).toEqual([...result.selection.caseIds].sort());
  });

  test('SIGINT mid-run: the case in flight finishes, every reporter writes the partial result, exit 130', async () => {
    const before = await bucketNames();
    const output = join(dir, 'reports-sigint');
    const run = runHoldingCreateBucket(20, ['--reporter', 'console', '--reporter', 'junit', '--reporter', 'markdown', '--reporter', 'html', '--output', output]);
    await run.held;
    run.cli.child.kill('SIGINT');
    await run.cli.waitFor(ACK_FIRST);
    run.release();
    expect(await run.cli.exit, run.cli.output()).toEqual({ code: 130, signal: null });
    expect(await bucketNames()).toEqual(before);
    const result = readResult(run.json);
    const ran = result.cases.map((c) => c.id);
    // The held case was in flight when the signal came: it ran to a verdict.
    expect(caseOfBucket(run.heldBucket(), ran)).toBeDefined();
    expect(result.cases.length).toBeGreaterThan(0);
    expect(result.interrupted?.signal).toBe('SIGINT');
    expect(result.interrupted!.notRun.length).toBeGreaterThan(0);
    expect([...ran, ...result.interrupted!.notRun].sort()).toEqual([...result.selection.caseIds].sort());
    const notice = `interrupted by SIGINT: ${result.interrupted!.notRun.length} case(s) not run`;
    expect(run.cli.output()).toContain(notice);
    for (const file of ['junit.xml', 'report.md', 'report.html']) expect(readFileSync(join(output, file), 'utf8')).toContain(notice);
  });

  test('SIGTERM mid-run: the same, with exit 143', async () => {
    const before = await bucketNames();
    const run = runHoldingCreateBucket(20);
    await run.held;
    run.cli.child.kill('SIGTERM');
    await run.cli.waitFor(ACK_FIRST);
    run.release();
    expect(await run.cli.exit, run.cli.output()).toEqual({ code: 143, signal: null });
    expect(await bucketNames()).toEqual(before);
    const result = readResult(run.json);
    expect(caseOfBucket(run.heldBucket(), result.cases.map((c) => c.id))).toBeDefined();
    expect(result.interrupted?.signal).toBe('SIGTERM');
  });

  test('a second SIGTERM aborts the case in flight, whose answer never comes; its bucket is still removed, exit 143', async () => {
    const before = await bucketNames();
    const run = runHoldingCreateBucket(20);
    try {
      await run.held;
      run.cli.child.kill('SIGTERM');
      await run.cli.waitFor(ACK_FIRST);
      run.cli.child.kill('SIGTERM');
      await run.cli.waitFor(ACK_SECOND);
      expect(await run.cli.exit, run.cli.output()).toEqual({ code: 143, signal: null });
    } finally {
      run.release();
    }
    expect(run.cli.output()).toContain(run.heldBucket());
    expect(await bucketNames()).toEqual(before);
    const result = readResult(run.json);
    expect(caseOfBucket(run.heldBucket(), result.interrupted!.notRun)).toBeDefined();
  });

  test('a third SIGINT during the sweep does not stop it: every bucket goes, exit 130', async () => {
    const before = await bucketNames();
    // The sweep is the only one to delete the aborted case's bucket: its DeleteBucket is held too.
    const sweeping = gate();
    const releaseSweep = gate();
    const run = runHoldingCreateBucket(20, [], (request, heldBucket) => {
      if (request.method !== 'DELETE' || request.url !== `/${heldBucket}`) return undefined;
      sweeping.open();
      return releaseSweep.promise;
    });
    try {
      await run.held;
      run.cli.child.kill('SIGINT');
      await run.cli.waitFor(ACK_FIRST);
      run.cli.child.kill('SIGINT');
      await run.cli.waitFor(ACK_SECOND);
      await sweeping.promise;
      run.cli.child.kill('SIGINT');
      await run.cli.waitFor(ACK_LATER);
      releaseSweep.open();
      expect(await run.cli.exit, run.cli.output()).toEqual({ code: 130, signal: null });
    } finally {
      run.release();
      releaseSweep.open();
    }
    expect(await bucketNames()).toEqual(before);
  });
});
