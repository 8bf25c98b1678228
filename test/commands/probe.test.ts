// `probe`, and the probe every run makes first: against real servers, a claim the server
// disproves is flagged (probe exit 1, run refused with exit 2), and a capability the profile
// leaves out though the server supports it is reported with the cases that skip for lack of it;
// --strict-capabilities makes that exit 2, before the run creates anything.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import type { Target } from '../../src/engine/target.ts';
import { cli } from '../support/cli.ts';
import { sdkClient } from '../support/sdk.ts';
import { scratchDir } from '../support/scratch.ts';

/** The target's endpoint and credentials, claiming exactly `capabilities`. */
function claiming(target: Target, capabilities: string[]) {
  return {
    args: ['--endpoint', target.endpoint, ...capabilities.flatMap((c) => ['--capability', c])],
    env: { AWS_ACCESS_KEY_ID: target.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey },
  };
}

async function bucketNames(target: Target): Promise<string[]> {
  const client = sdkClient(target);
  try {
    return ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name!).sort();
  } finally {
    client.destroy();
  }
}

const embedded = inject('embeddedTarget');
const minio = inject('minioTarget');

describe('probe against the embedded server (s3rver), reached by endpoint: no profile names its account id', () => {
  test('shows account-id works though not claimed, with the cases that skip for it; exit 0', async () => {
    const { args, env } = claiming(embedded, ['multipart']);
    const result = await cli(['probe', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^ {2}account-id +works +ListBuckets 200, owner id 123456789000: give accountId: "123456789000" in the profile {2}<- not claimed: [1-9]\d* case\(s\) skip for lack of it$/m,
    );
    expect(result.stdout).toMatch(/^ {2}versioning +does not work +PutBucketVersioning \d+, version id absent$/m);
  });

  test('--strict-capabilities makes the unclaimed capability an error: exit 2, naming it', async () => {
    const { args, env } = claiming(embedded, ['multipart']);
    const result = await cli(['probe', ...args, '--strict-capabilities'], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--strict-capabilities: target "[^"]+" does not claim what its server supports/);
    expect(result.stderr).toMatch(/capability account-id: not claimed .* [1-9]\d* case\(s\) skip for lack of it/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a claim the server disproves is flagged: exit 1', async () => {
    const { args, env } = claiming(embedded, ['multipart', 'versioning']);
    const result = await cli(['probe', ...args], env);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^ {2}versioning +does not work .*<- claimed by the profile$/m);
  });
});

describe.skipIf(minio === null)('the probe before a run against MinIO, claiming less than MinIO does', () => {
  test('the run reports versioning as supported but not claimed, with the number of cases it skipped, in the console and the JSON', async () => {
    const out = join(scratchDir('s3c-probe-'), 'run.json');
    const { args, env } = claiming(minio!, ['multipart', 'large-objects']);
    const result = await cli(['run', ...args, '--area', 'delete-markers', '--grep', '\\.versioned\\.', '--json', out], env);
    const run = JSON.parse(readFileSync(out, 'utf8'));
    const skippedForVersioning = run.cases.filter(
      (c: { outcome: string; reason?: string }) => c.outcome === 'skip' && /lacks .*versioning/.test(c.reason ?? ''),
    ).length;
    expect(skippedForVersioning).toBeGreaterThan(0);
    expect(run.unclaimedCapabilities).toEqual([
      {
        capability: 'versioning',
        detail: expect.stringMatching(/^PutBucketVersioning 200, version id \S+$/),
        skippedCases: skippedForVersioning,
      },
    ]);
    expect(result.stdout).toContain(`capability versioning: not claimed by target "${run.target.name}", but the server supports it`);
    expect(result.stdout).toContain(`${skippedForVersioning} case(s) skip for lack of it`);
    // Every case chosen needs versioning: all skipped, nothing failed, exit 0.
    expect(run.summary.skip).toBe(run.summary.total);
    expect(result.code, result.stderr).toBe(0);
  });

  test('--strict-capabilities refuses the run with exit 2, before it creates anything', async () => {
    const before = await bucketNames(minio!);
    const { args, env } = claiming(minio!, ['multipart', 'large-objects']);
    const result = await cli(['run', ...args, '--area', 'delete-markers', '--grep', '\\.versioned\\.', '--strict-capabilities'], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/capability versioning: not claimed .* [1-9]\d* case\(s\) skip for lack of it/);
    expect(result.stdout).not.toMatch(/passed, \d+ failed/);
    expect(await bucketNames(minio!)).toEqual(before);
  });

  test("merging a run's shards adds up each shard's cases that skipped for the unclaimed capability", async () => {
    const dir = scratchDir('s3c-probe-');
    const { args, env } = claiming(minio!, ['multipart', 'large-objects']);
    const shards = ['1/2', '2/2'].map((shard, index) => ({ shard, file: join(dir, `shard-${index + 1}.json`) }));
    for (const { shard, file } of shards) {
      const result = await cli(
        ['run', ...args, '--area', 'delete-markers', '--grep', '\\.versioned\\.', '--shard', shard, '--json', file],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
    }
    const skipped = shards.map(({ file }) => JSON.parse(readFileSync(file, 'utf8')).unclaimedCapabilities[0].skippedCases as number);
    expect(skipped.every((count) => count > 0)).toBe(true);
    const merged = join(dir, 'merged.json');
    const result = await cli(['merge', ...shards.map(({ file }) => file), '--json', merged]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(merged, 'utf8')).unclaimedCapabilities).toEqual([
      { capability: 'versioning', detail: expect.stringMatching(/^PutBucketVersioning 200/), skippedCases: skipped[0]! + skipped[1]! },
    ]);
  });

  test('a profile that claims what MinIO does: nothing reported, and --strict-capabilities runs', async () => {
    const out = join(scratchDir('s3c-probe-'), 'run.json');
    const { args, env } = claiming(minio!, ['multipart', 'large-objects', 'versioning']);
    const result = await cli(['run', ...args, '--area', 'range', '--strict-capabilities', '--json', out], env);
    const run = JSON.parse(readFileSync(out, 'utf8'));
    expect(run.unclaimedCapabilities).toBeUndefined();
    expect(result.stdout).not.toMatch(/not claimed/);
    expect(run.summary.pass).toBeGreaterThan(0);
    // MinIO deviates in some range cases (fixtures/baselines/minio.yaml): exit 1, not 2.
    expect(result.code, result.stderr).toBe(1);
  });
});
