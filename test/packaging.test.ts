// The package as users get it: `npm pack`, then `npx ./s3-conformance-*.tgz` in an empty directory,
// run against the embedded server (built JavaScript from dist/, no TypeScript, no checkout).
import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 's3c-pack-'));
// A fresh npm cache: npx must install this tarball, never one of the same name and version it ran before.
const env = {
  ...process.env,
  NO_COLOR: '1',
  AWS_ENDPOINT_URL: '',
  XDG_STATE_HOME: join(work, 'state'),
  npm_config_cache: join(work, 'npm-cache'),
  npm_config_update_notifier: 'false',
};

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  test('runs with npx from its tarball in an empty directory, with only what it needs', { timeout: 300_000 }, async () => {
    const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [pack] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const paths = pack!.files.map((f) => f.path);
    // Runtime code, cases and profiles are in; the engine's own tests and TypeScript sources are not.
    expect(paths).toContain('dist/src/cli/main.js');
    expect(paths.some((p) => p.startsWith('suites/range/'))).toBe(true);
    expect(paths).toContain('fixtures/targets/minio.yaml');
    expect(paths).toContain('scripts/lib/go-install.sh');
    expect(paths.filter((p) => p.startsWith('test/') || (p.startsWith('src/') && p.endsWith('.ts')))).toEqual([]);

    // A directory holding nothing but the tarball, run as the README says: `npx ./s3-conformance-*.tgz`.
    const user = mkdtempSync(join(work, 'user-'));
    renameSync(join(work, pack!.filename), join(user, pack!.filename));
    const npx = (...args: string[]) =>
      run('npx', ['--yes', `./${pack!.filename}`, ...args], { cwd: user, env, maxBuffer: 16 * 1024 * 1024 }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    const version = await npx('--version');
    expect(version.stdout, version.stderr).toMatch(/^s3-conformance \d+\.\d+\.\d+, suite \S+/);

    const result = await npx('run', '--area', 'range', '--baseline', join(root, 'fixtures', 'baselines', 'embedded.yaml'));
    expect(result.stdout).toMatch(/baseline .*: 0 regression\(s\)/);
    expect(result.stdout).toMatch(/\d+ passed, \d+ failed, \d+ skipped.* against embedded/);
    expect('code' in result ? result.code : 0, result.stderr).toBe(0);
  });
});
