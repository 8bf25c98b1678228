// What the launcher tests look at: whether a server is installed, the temporary directories a
// launcher made, and the processes still running from them.
import { constants } from 'node:fs';
import { access, readdir, readFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Verdict } from '../../src/engine/verdict.ts';
import type { Target } from '../../src/engine/target.ts';
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

/** A case that passes when an object written to the target is read back. */
export const putGetCase = (target: string, body: string) =>
  caseFromYaml(`
- id: selftest.${target}.put-get
  title: an object written is read back
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html]
  given:
    - { op: PutObject, key: hello, body: ${body} }
  when: { op: GetObject, key: hello }
  then:
    status: 200
    body: ${body}
`);

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
