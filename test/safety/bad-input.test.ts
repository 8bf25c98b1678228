// Bad input gets a clear message naming what is wrong and exit 2, with nothing created on the
// server: profiles, baselines, credentials, a region the server refuses, a skewed clock.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sdkClient } from '../support/sdk.ts';
import { startMinio, type StartedServer } from '../../src/targets/minio.ts';
import { cli, cliPath } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 's3c-bad-input-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('bad files', () => {
  test('a target profile with an unknown key', async () => {
    const profile = file('profile.yaml', 'endpoint: http://127.0.0.1:9\nregoin: us-east-1\n');
    const result = await cli(['run', '--config', profile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/profile\.yaml: .*regoin/);
  });

  test('a baseline that is not YAML', async () => {
    const baseline = file('baseline.yaml', 'deviations:\n  - id: a\n    reason: one: two\n');
    const result = await cli(['run', '--baseline', baseline, '--area', 'range']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/baseline\.yaml:3:\d+: /);
  });

  test('a baseline entry without a reason', async () => {
    const baseline = file('no-reason.yaml', 'deviations:\n  - id: range.get.suffix\n');
    const result = await cli(['run', '--baseline', baseline, '--area', 'range']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no-reason\.yaml:2:\d+: deviations\.0\.reason/);
  });
});

describe('bad case files: exit 2, the file and the problem, never a stack trace', () => {
  const suites = (name: string) => mkdtempSync(join(dir, `${name}-`));
  const listing = async (path: string) => {
    const result = await cli(['list', '--suites', path]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
    return result.stderr;
  };

  test('a YAML alias bomb', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) levels.push(`${'abcdefghi'[level]}: &${'abcdefghi'[level]} [${Array(10).fill(`*${'abcdefghi'[level - 1]}`).join(', ')}]`);
    const bomb = file('bomb.yaml', `${levels.join('\n')}\n`);
    expect(await listing(bomb)).toMatch(/bomb\.yaml:1:1: YAML: Excessive alias count .*at most 100 aliases/);
  });

  test('a symbolic link that points at itself', async () => {
    const folder = suites('self-link');
    symlinkSync(join(folder, 'loop.yaml'), join(folder, 'loop.yaml'));
    expect(await listing(folder)).toMatch(/loop\.yaml: a symbolic link that points back to itself \(ELOOP\)/);
  });

  test('a link to a folder above it', async () => {
    const folder = suites('folder-loop');
    mkdirSync(join(folder, 'area'));
    writeFileSync(join(folder, 'area', 'cases.yaml'), 'area: demo\ncases: []\n');
    symlinkSync(folder, join(folder, 'area', 'up'));
    expect(await listing(folder)).toMatch(/area\/up: a symbolic link loop: this folder is .*, already visited/);
  });

  test('a file that cannot be read', async () => {
    // /proc/self/mem cannot be read from its start, even by root (whom a chmod 000 would not stop).
    const folder = suites('unreadable');
    symlinkSync('/proc/self/mem', join(folder, 'mem.yaml'));
    expect(await listing(folder)).toMatch(/mem\.yaml: cannot be read \(EIO\)/);
  });

  test('a folder without case files', async () => {
    const folder = suites('empty');
    writeFileSync(join(folder, 'README.md'), 'no cases here\n');
    const stderr = await listing(folder);
    expect(stderr).toMatch(/no case files under .*empty-\w+ \(a case file ends in \.yaml or \.yml\)/);
    expect(stderr).not.toContain('--area/--tag/--grep');
  });

  test('a file over the 1 MiB limit', async () => {
    const large = file('large.yaml', `area: demo\n# ${'x'.repeat(1024 * 1024)}\ncases: []\n`);
    expect(await listing(large)).toMatch(/large\.yaml: 1048600 bytes is more than a case file may have \(1048576 bytes, 1 MiB\)/);
  });

  test('bytes that are not UTF-8', async () => {
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.concat([Buffer.from('area: demo\n# caf'), Buffer.from([0xe9]), Buffer.from('\ncases: []\n')]));
    expect(await listing(latin1)).toMatch(/latin1\.yaml:2:6: not UTF-8 text \(a case file is UTF-8\)/);
  });
});

describe('an endpoint that refuses the run', () => {
  let server: StartedServer;
  const bucketsOnServer = async () => {
    const client = sdkClient({ endpoint: server.endpoint, region: server.region, credentials: server });
    try {
      return ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    } finally {
      client.destroy();
    }
  };
  const args = (...extra: string[]) => ['run', '--endpoint', server.endpoint, '--access-key', server.accessKeyId, '--area', 'range', ...extra];

  beforeAll(async () => {
    server = await startMinio({ region: 'us-west-2' });
  });
  afterAll(() => server?.stop());

  test('wrong credentials: 403 named with the access key id, never the secret', async () => {
    const result = await cli([...args('--secret-key', 'not-the-secret-at-all'), '--region', 'us-west-2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`refused the credentials of access key id ${server.accessKeyId}: SignatureDoesNotMatch`);
    expect(result.stderr + result.stdout).not.toContain('not-the-secret-at-all');
    expect(await bucketsOnServer()).toEqual([]);
  });

  test('a region the server does not serve', async () => {
    const result = await cli([...args('--secret-key', server.secretAccessKey), '--region', 'eu-central-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused region eu-central-1: AuthorizationHeaderMalformed/);
    expect(await bucketsOnServer()).toEqual([]);
  });

  const faketime = (() => {
    try {
      execFileSync('faketime', ['-f', '+0', 'true']);
      return true;
    } catch {
      return false;
    }
  })();
  test.skipIf(!faketime && !process.env.CI)('a clock an hour slow: RequestTimeTooSkewed with both times', () => {
    if (!faketime) throw new Error('CI must have faketime (scripts/install-test-tools.sh installs it)');
    let stderr = '';
    let code = 0;
    try {
      execFileSync('faketime', ['-f', '-1h', process.execPath, cliPath, ...args('--secret-key', server.secretAccessKey), '--region', 'us-west-2'], {
        env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '' },
        stdio: 'pipe',
      });
    } catch (error) {
      code = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(code).toBe(2);
    expect(stderr).toMatch(/refuses the request time: this machine's clock says \S+, the server's .+ GMT/);
  });
});
