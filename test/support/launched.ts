// What the launcher tests look at: whether a server is installed, the temporary directories a
// launcher made, and the processes still running from them.
import { constants } from 'node:fs';
import { access, readdir, readFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Verdict } from '../../src/engine/verdict.ts';
import type { Target } from '../../src/engine/target.ts';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import { caseFromYaml, verdictOn } from './cases.ts';

/** Why a launcher cannot start here (its executable is missing), or null when it can. */
export async function executableMissing(path: string, installScript: string): Promise<string | null> {
  return access(path, constants.X_OK).then(
    () => null,
    () => `no executable at ${path} (scripts/${installScript} installs it)`,
  );
}

/** The temporary directories whose names start with `prefix` that exist now. */
export async function tempDirsStartingWith(prefix: string): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(prefix)).map((name) => join(tmpdir(), name));
}

/** Processes whose command line (or environment: LocalStack keeps its paths there) names `path`, with their resident memory in kB. */
export async function processesNaming(path: string): Promise<{ pid: number; command: string; rssKb: number }[]> {
  const found: { pid: number; command: string; rssKb: number }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (!cmdline.includes(path) && !environ.includes(path)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    found.push({ pid: Number(entry), command: cmdline.split('\0')[0] ?? '', rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) });
  }
  return found;
}

/** Local addresses (hex ip:port, as /proc/net/tcp writes them) of the listening TCP sockets of a process. */
export async function listeningAddresses(pid: number): Promise<string[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match) inodes.add(match[1]!);
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local rem st ... inode (index 9); state 0A is LISTEN.
      if (fields[3] === '0A' && inodes.has(fields[9] ?? '')) addresses.push(fields[1]!);
    }
  }
  return addresses;
}

/** After stop(): every temporary directory the launcher made is gone, and no process runs from it. */
export async function expectNothingLeftIn(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    await expect(access(dir)).rejects.toThrow();
    expect(await processesNaming(dir)).toEqual([]);
  }
}

export function expectPass(verdict: Verdict): void {
  expect(verdict.reason).toBeUndefined();
  expect(verdict.outcome).toBe('pass');
}

/** A case that passes when an object written to the target is read back, over the endpoint of `scheme` if given (see `scheme:` in docs/cases.md). */
export const putGetCase = (target: string, body: string, scheme?: 'http' | 'https') => {
  const over = scheme ? `scheme: ${scheme}, ` : '';
  return caseFromYaml(`
- id: selftest.${target}.put-get${scheme ? `-${scheme}` : ''}
  title: an object written is read back
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, ${over}key: hello, body: ${body} }
  when: { op: GetObject, ${over}key: hello }
  then:
    status: 200
    body: ${body}
`);
};

/** A case that passes when the second account may not list the main account's bucket. */
export const secondUserRefused = (target: string) =>
  caseFromYaml(`
- id: selftest.${target}.second-user
  title: the second user may not list the first user's bucket
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-overview.html]
  requires: [second-account]
  when: { op: ListObjectsV2, credentials: second }
  then: { status: 403, error: AccessDenied }
`);

/**
 * The second account is another account: the case's bucket (the main account's) is listed for
 * the main account and not for the second.
 */
export async function expectSeparateAccounts(target: Target, name: string): Promise<void> {
  for (const [credentials, count] of [
    ['main', 1],
    ['second', 0],
  ] as const) {
    const listed = await verdictOn(
      target,
      caseFromYaml(`
- id: selftest.${name}.list-buckets-${credentials}
  title: the ${credentials} account lists ${count} bucket(s)
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html]
  requires: [second-account]
  when: { op: ListBuckets, credentials: ${credentials} }
  then:
    status: 200
    xml: { ListAllMyBucketsResult.Buckets.Bucket: { count: ${count} } }
`),
    );
    expectPass(listed);
  }
}

/**
 * A listening socket's local address as /proc/net/tcp{,6} writes it, when it is 127.0.0.1:
 * 0100007F, or its IPv4-mapped IPv6 form (where a JVM's sockets are listed). Never 0.0.0.0 or ::.
 */
const LOOPBACK_LISTENER = /^(0000000000000000FFFF0000)?0100007F:/;

/** A target started from its profile, as the launcher tests see it. */
export interface Launch {
  target: Target;
  /** The processes running from the launcher's temporary directory. */
  processes: { pid: number; command: string; rssKb: number }[];
}

export interface LauncherTestSpec {
  /** The target: its profile is fixtures/targets/NAME.yaml, its temporary directory s3c-NAME-*. */
  name: string;
  /** Why the server cannot start here (not installed), or null. Outside CI the test then skips with it; under CI it fails. */
  unavailable: string | null;
  /** What the test shows, after "starts from its profile". */
  shows: string;
  timeout: number;
  /** What the server makes outside its temporary directory (weed's gRPC sockets in /tmp): nothing new of it may remain after stop(). */
  outsideItsDirectory?: () => Promise<string[]>;
}

/**
 * The launcher test every launched target shares: started from its profile, the target has made
 * one temporary directory, runs processes from it that listen on 127.0.0.1 only, serves an object
 * written and read back both path-style and virtual-hosted (the bucket in the Host name, as the
 * virtual-hosted dialect sends it), passes the target's own `checks`, and after stop() leaves no
 * process and no directory behind.
 */
export function describeLauncher(spec: LauncherTestSpec, checks: (launch: Launch) => Promise<void>): void {
  const profile = readProfile(join(import.meta.dirname, '..', '..', 'fixtures', 'targets', `${spec.name}.yaml`));
  const tempDirs = () => tempDirsStartingWith(`s3c-${spec.name}-`);
  describe(`${spec.name} launcher`, () => {
    test(`starts from its profile on loopback only, serves path-style and virtual-hosted, ${spec.shows}, and stops leaving nothing behind`, {
      timeout: spec.timeout,
    }, async (context) => {
      if (spec.unavailable !== null && !process.env.CI) context.skip(`${spec.name} is unavailable here: ${spec.unavailable}`);
      const before = new Set(await tempDirs());
      const outsideBefore = new Set(await spec.outsideItsDirectory?.());
      const running = await startTarget(profile);
      const dirs = (await tempDirs()).filter((dir) => !before.has(dir));
      try {
        const { target } = running;
        expect(dirs).toHaveLength(1);
        const processes = await processesNaming(dirs[0]!);
        const rssMb = Math.round(processes.reduce((sum, p) => sum + p.rssKb, 0) / 1024);
        console.log(`${spec.name}: started in ${target.startMs} ms (${target.version}); ${processes.length} process(es), ${rssMb} MB RSS`);
        expect(processes).not.toEqual([]);
        const listeners = (await Promise.all(processes.map((p) => listeningAddresses(p.pid)))).flat();
        expect(listeners).not.toEqual([]);
        for (const address of listeners) expect(address).toMatch(LOOPBACK_LISTENER);
        expectPass(await verdictOn(target, putGetCase(spec.name, `hello ${spec.name}`)));
        expectPass(
          await verdictOn(target, { ...putGetCase(`${spec.name}.virtual-hosted`, 'hello bucket host'), dialect: 'virtual-hosted' }),
        );
        await checks({ target, processes });
      } finally {
        await running.stop();
      }
      await expectNothingLeftIn(dirs);
      if (spec.outsideItsDirectory) expect((await spec.outsideItsDirectory()).filter((name) => !outsideBefore.has(name))).toEqual([]);
    });
  });
}
