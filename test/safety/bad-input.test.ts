// Bad input gets a clear message naming what is wrong and exit 2, with nothing created on the
// server: profiles, baselines, credentials, a region the server refuses, a skewed clock.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sdkClient } from '../support/sdk.ts';
import { startMinio, type StartedServer } from '../../src/targets/minio.ts';
import { cli, cliPath } from '../support/cli.ts';
import { InputFileError, readTextFile } from '../../src/case/input-file.ts';

const dir = mkdtempSync(join(tmpdir(), 's3c-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
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
    expect(result.stderr).toMatch(/profile\.yaml:2:9: \(top level\): .*"regoin"/);
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

describe('a server that is not installed', () => {
  test('run --start names the install script and exits 2, no stack trace', async () => {
    const result = await cli(['run', '--target', 'versitygw', '--start', '--area', 'range'], {
      S3C_TOOLS: mkdtempSync(join(dir, 'tools-')),
    });
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/versitygw is missing: run scripts\/install-versitygw\.sh/);
    expect(result.code).toBe(2);
  });
});

describe('a server that does not start', () => {
  test('run --start says so with its last output and exits 2, no stack trace', async () => {
    const tools = mkdtempSync(join(dir, 'tools-'));
    mkdirSync(join(tools, 'bin'));
    // It echoes its root secret as some servers' banners do: the message must not show it.
    writeFileSync(
      join(tools, 'bin', 'versitygw'),
      '#!/bin/sh\necho "versitygw: no storage here; secret $ROOT_SECRET_ACCESS_KEY" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    const result = await cli(['run', '--target', 'versitygw', '--start', '--area', 'range'], { S3C_TOOLS: tools });
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/did not start/);
    expect(result.stderr).toContain('versitygw: no storage here; secret ***');
    expect(result.code).toBe(2);
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
    for (let level = 1; level < 9; level++)
      levels.push(
        `${'abcdefghi'[level]}: &${'abcdefghi'[level]} [${Array(10)
          .fill(`*${'abcdefghi'[level - 1]}`)
          .join(', ')}]`,
      );
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

describe('bad target profiles, baselines and flags: exit 2 naming the file (line:col where there is one) or the flag, never a stack trace', () => {
  const folder = mkdtempSync(join(dir, 'profiles-and-baselines-'));
  const write = (name: string, content: string | Buffer) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const aliasBomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, level) => `${'bcdefghi'[level]}: &${'bcdefghi'[level]} [${Array(10).fill(`*${'abcdefghi'[level]}`).join(', ')}]`,
    ),
  ].join('\n');
  // What every kind of file can get wrong: each makes the file, and names what the message must say after its path.
  const problems: [string, () => string, RegExp][] = [
    ['missing', () => join(folder, 'missing.yaml'), /missing\.yaml: cannot be read \(ENOENT\)/],
    [
      'unreadable (a folder)',
      () => {
        mkdirSync(join(folder, 'folder.yaml'), { recursive: true });
        return join(folder, 'folder.yaml');
      },
      /folder\.yaml: cannot be read \(EISDIR\)/,
    ],
    [
      'not UTF-8',
      () => write('latin1.yaml', Buffer.concat([Buffer.from('# comment\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')])),
      /latin1\.yaml:2:6: not UTF-8 text/,
    ],
    [
      'too large',
      () => write('large.yaml', `# ${'x'.repeat(8 * 1024 * 1024)}\n`),
      /large\.yaml: 8388611 bytes is more than a (target profile|baseline) may have \(\d+ bytes, \d+ MiB\)/,
    ],
    ['not YAML', () => write('broken.yaml', 'target: x\nregion: [us-east-1\n'), /broken\.yaml:3:1: not YAML: /],
    ['an alias bomb', () => write('bomb.yaml', `${aliasBomb}\n`), /bomb\.yaml: Excessive alias count .*at most 100 YAML aliases/],
    [
      'a list, not a mapping',
      () => write('list.yaml', '- endpoint: http://127.0.0.1:9\n'),
      /list\.yaml:1:1: \(top level\): .*expected object, received array/,
    ],
  ];
  const expectRefused = async (args: string[], path: string, expected: RegExp) => {
    const result = await cli(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  };

  test.each(problems)('--config: a target profile %s', async (_problem, make, expected) => {
    const path = make();
    await expectRefused(['run', '--config', path], path, expected);
  });

  test.each(problems)('--baseline: a baseline %s', async (_problem, make, expected) => {
    const path = make();
    await expectRefused(['run', '--baseline', path, '--area', 'range'], path, expected);
  });

  test('--target: a profile path that is missing', async () => {
    const path = join(folder, 'no-such-target.yaml');
    await expectRefused(['run', '--target', path], path, /no-such-target\.yaml: cannot be read \(ENOENT\)/);
  });

  test('a target profile of the wrong shape: the key and its place', async () => {
    const path = write('wrong-type.yaml', 'endpoint: http://127.0.0.1:9\npathStyle: maybe\n');
    await expectRefused(['run', '--config', path], path, /wrong-type\.yaml:2:12: pathStyle: .*expected boolean/);
  });

  test('an empty target profile', async () => {
    const path = write('empty.yaml', '');
    await expectRefused(['run', '--config', path], path, /empty\.yaml: empty \(a target profile cannot be\)/);
  });

  test('a baseline of the wrong shape: the key and its place', async () => {
    const path = write('wrong-deviations.yaml', 'target: minio\ndeviations: { id: a, reason: b }\n');
    await expectRefused(['run', '--baseline', path, '--area', 'range'], path, /wrong-deviations\.yaml:2:13: deviations: .*expected array/);
  });

  // Where the first bad byte is, in a file of any size: found by bisection, so a large file with
  // its bad byte at the end takes a few dozen decodes, not one per byte.
  test.each([
    ['a Latin-1 byte mid-line', Buffer.from('ok\nregi\xe9on: x\n', 'latin1'), 2, 5],
    ['a lead byte without its continuation', Buffer.concat([Buffer.from('é\n€\n'), Buffer.from([0xc3, 0x28])]), 3, 1],
    ['a stray continuation byte after a whole character', Buffer.concat([Buffer.from('é'), Buffer.from([0x80])]), 1, 3],
    ['a sequence cut short at the very end', Buffer.concat([Buffer.from('abc'), Buffer.from([0xe2, 0x82])]), 1, 4],
    ['a bad byte at the end of a 1 MiB file', Buffer.concat([Buffer.alloc(1024 * 1024 - 1, 0x61), Buffer.from([0xff])]), 1, 1024 * 1024],
  ])('not UTF-8, %s: the line and column of the first bad byte', (_what, bytes, line, column) => {
    const path = write('bad-bytes.yaml', bytes);
    let problem: InputFileError | undefined;
    try {
      readTextFile(path, { name: 'a test file', maxBytes: 1024 * 1024 });
    } catch (error) {
      problem = error as InputFileError;
    }
    expect(problem).toBeInstanceOf(InputFileError);
    expect({ line: problem!.line, column: problem!.column, message: problem!.message }).toEqual({
      line,
      column,
      message: 'not UTF-8 text (a test file is UTF-8)',
    });
  });

  test.each([
    [['run', '--concurrency', '0'], /--concurrency must be an integer of at least 1, not "0"/],
    [['run', '--reporter', 'pdf'], /--reporter: "pdf" is not one of console, /],
    [['run', '--checksums', 'sometimes'], /option '--checksums <mode>' argument 'sometimes' is invalid/],
    [['run', '--bucket-prefix', 'UPPER'], /--bucket-prefix must be 3 to 20 lower-case letters, digits or dashes/],
    [['run', '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['cleanup', '--older-than', 'soon'], /--older-than: "soon" is not a duration \(e\.g\. 30m, 1h, 2d\)/],
  ])('a bad flag: %j', async (args, expected) => {
    const result = await cli(args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(/^\s+at /m);
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
  const args = (...extra: string[]) => [
    'run',
    '--endpoint',
    server.endpoint,
    '--access-key',
    server.accessKeyId,
    '--area',
    'range',
    ...extra,
  ];

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
      execFileSync(
        'faketime',
        ['-f', '-1h', process.execPath, cliPath, ...args('--secret-key', server.secretAccessKey), '--region', 'us-west-2'],
        {
          env: { ...process.env, NO_COLOR: '1', AWS_ENDPOINT_URL: '' },
          stdio: 'pipe',
        },
      );
    } catch (error) {
      code = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(code).toBe(2);
    expect(stderr).toMatch(/refuses the request time: this machine's clock says \S+, the server's .+ GMT/);
  });
});
