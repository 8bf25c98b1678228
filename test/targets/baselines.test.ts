// Every target the suite can start, started from its profile, runs the whole suite judged against
// its committed baseline: no regression, no stale entry. This is what CI gates on, and what keeps
// the baselines true to the servers' pinned versions. Under CI a target that cannot start fails.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from '../support/cli.ts';

const root = join(import.meta.dirname, '..', '..');
const TARGETS = ['embedded', 'minio', 'versitygw', 'seaweedfs', 'ceph', 'moto', 'localstack', 's3proxy', 'garage', 'rustfs'];

describe('the whole suite against each launched target, with its baseline', () => {
  for (const target of TARGETS) {
    test(target, async () => {
      // --strict-baseline: an entry naming no case (stale) or a deviation fixed fails the run too.
      const result = await cli(
        [
          'run',
          '--target',
          target,
          '--start',
          '--baseline',
          join(root, 'fixtures', 'baselines', `${target}.yaml`),
          '--strict-baseline',
          '--concurrency',
          '16',
        ],
        {},
        600_000,
      );
      const summary = result.stdout.split('\n').filter((line) => /^baseline |passed, .* failed/.test(line));
      expect(result.code, `${result.stderr}\n${summary.join('\n')}`).toBe(0);
      expect(result.stdout).toMatch(/0 regression\(s\), 0 changed, [1-9]\d* known deviation\(s\), 0 fixed/);
      expect(result.stdout).not.toContain('no fingerprint');
    }, 600_000);
  }

  // Every case in every wire dialect: a variant failing as its signed entry says is known, the
  // rest are the baseline's `<id>@<dialect>` entries; a new dialect deviation fails the gate.
  test('minio in every wire dialect', async () => {
    const baseline = join(root, 'fixtures', 'baselines', 'minio.yaml');
    const args = ['run', '--target', 'minio', '--start', '--dialect', 'all', '--baseline', baseline, '--strict-baseline'];
    const result = await cli([...args, '--concurrency', '32'], {}, 600_000);
    const summary = result.stdout.split('\n').filter((line) => /^baseline |passed, .* failed/.test(line));
    expect(result.code, `${result.stderr}\n${summary.join('\n')}`).toBe(0);
    expect(result.stdout).toMatch(/0 regression\(s\), 0 changed, [1-9]\d* known deviation\(s\), 0 fixed/);
  }, 600_000);
});
