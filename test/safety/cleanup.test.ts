// `cleanup` against MinIO: after a run killed with SIGKILL, `cleanup` with no flags removes the
// run's buckets at once (the journal shows its process is gone), back to exactly the bucket list
// before; the buckets of runs it cannot account for (still running, or not in this machine's
// journal) wait for the --older-than limit, and a bucket the suite did not make is never touched.

import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, test } from 'vitest';
import { createBucket, createBucketClient } from '../../src/engine/buckets.ts';
import { forgetRun, recordRun, unfinishedRuns } from '../../src/engine/run-journal.ts';
import { cli, endpointArgs, spawnCli } from '../support/cli.ts';
import type { Target } from '../../src/engine/target.ts';
import { faultProxyForTests, holdCreateBucket, passThrough } from '../support/fault-proxy.ts';
import { watch } from '../support/running-cli.ts';
import { bucketNames, sdkClient } from '../support/sdk.ts';
import { scratchDir } from '../support/scratch.ts';

const minio = inject('minioTarget');

test('the help shows the --older-than default as written', async () => {
  const help = await cli(['cleanup', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('(default: 1h)');
  expect(help.stdout).not.toContain('3600000');
});

describe.skipIf(minio === null)('cleanup against MinIO', () => {
  const through = faultProxyForTests(() => minio!);
  const bucketsOnMinio = () => bucketNames(minio!);
  // A journal of these tests' own, so that the runs they record are the only ones in it.
  const stateHome = scratchDir('s3c-cleanup-state-');
  /** `cleanup` of the endpoint a run used (the journal knows runs by endpoint). */
  const cleanup = (endpoint: Target, ...extra: string[]) => {
    const { args, env } = endpointArgs(endpoint);
    return cli(['cleanup', ...args, ...extra], { ...env, XDG_STATE_HOME: stateHome });
  };

  test("after SIGKILL mid-run, cleanup with no flags removes the run's buckets at once, untagged ones too", async () => {
    const before = await bucketsOnMinio();
    // The 20th CreateBucket is held: its bucket exists, and the killed run never tags it.
    const hold = holdCreateBucket(through.proxy, 20);
    const { args, env } = endpointArgs(through.proxy.target);
    const run = watch(spawnCli(['run', ...args, '--concurrency', '8'], { ...env, XDG_STATE_HOME: stateHome }));
    await hold.held;
    run.child.kill('SIGKILL');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGKILL' });
    hold.release();
    expect(await bucketsOnMinio()).toContain(hold.heldBucket());

    through.proxy.setFault(passThrough);
    const result = await cleanup(through.proxy.target);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`removed ${hold.heldBucket()}`);
    expect(result.stdout).toMatch(/^[1-9]\d* bucket\(s\) removed, 0 kept$/m);
    expect(await bucketsOnMinio()).toEqual(before);
  });

  test('runs it cannot account for keep the age guard; a bucket the suite did not make is never removed', async () => {
    const stamp = Date.now().toString(36);
    // A user's bucket under the suite's prefix, without the ownership tag.
    const usersBucket = `s3c-users-${stamp}`;
    const client = sdkClient(minio!);
    await client.send(new CreateBucketCommand({ Bucket: usersBucket }));
    const before = await bucketsOnMinio();
    const buckets = createBucketClient(minio!, 10_000);
    // A run still going: journaled by this very process, which is alive.
    const running = `s3c-running-${stamp}`;
    withStateHome(() => recordRun(minio!.endpoint, running));
    // A run still going that has no bucket at the moment: its journal entry must outlive cleanup.
    const starting = `s3c-starting-${stamp}`;
    withStateHome(() => recordRun(minio!.endpoint, starting));
    await createBucket(buckets, `${running}-0000000000-main`, running);
    // A run this machine never journaled (another machine's): only its ownership tag says it is the suite's.
    const elsewhere = `s3c-elsewhere-${stamp}`;
    await createBucket(buckets, `${elsewhere}-0000000000-main`, elsewhere);
    try {
      const guarded = await cleanup(minio!);
      expect(guarded.code, guarded.stderr).toBe(0);
      expect(guarded.stdout).toContain(
        `kept ${running}-0000000000-main: younger than --older-than 1h (run ${running}, its process ${process.pid} is still running)`,
      );
      expect(guarded.stdout).toContain(`kept ${elsewhere}-0000000000-main: younger than --older-than 1h (run ${elsewhere})`);
      expect(guarded.stdout).toContain(`kept ${usersBucket}: no s3-conformance ownership tag`);
      expect(withStateHome(() => unfinishedRuns(minio!.endpoint)).map((run) => run.runPrefix)).toContain(starting);

      const aged = await cleanup(minio!, '--older-than', '0s');
      expect(aged.code, aged.stderr).toBe(0);
      expect(aged.stdout).toContain(`removed ${running}-0000000000-main`);
      expect(aged.stdout).toContain(`removed ${elsewhere}-0000000000-main`);
      expect(aged.stdout).toContain(`kept ${usersBucket}: no s3-conformance ownership tag`);
      expect(await bucketsOnMinio()).toEqual(before);
    } finally {
      withStateHome(() => [running, starting].forEach(forgetRun));
      await client.send(new DeleteBucketCommand({ Bucket: usersBucket }));
      client.destroy();
    }
  });

  /** Runs `work` with this process's state directory set to the tests' journal. */
  function withStateHome<T>(work: () => T): T {
    const saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = stateHome;
    try {
      return work();
    } finally {
      if (saved === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved;
    }
  }
});
