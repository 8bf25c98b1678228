// `--via testcontainers`: MinIO, versitygw, SeaweedFS and Garage started by testcontainers from locally built
// FROM-scratch images (no registry; Garage's with the shared libraries its binary links against), cases run
// against them through the real CLI; and, with no Docker engine
// reachable, the same command failing fast with a message that says so. Under CI a missing engine
// or binary fails the test; elsewhere the test is skipped with the reason.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { CONTAINER_LABEL, launchInContainer, requireDockerEngine, sharedLibraries } from '../../src/targets/containers.ts';
import { defaultGarageBinary } from '../../src/targets/garage.ts';
import { defaultRustfsBinary } from '../../src/targets/rustfs.ts';
import { defaultMinioBinary } from '../../src/targets/minio.ts';
import { defaultVersitygwBinary } from '../../src/targets/versitygw.ts';
import { defaultWeedBinary } from '../../src/targets/seaweedfs.ts';
import { cli } from '../support/cli.ts';

const run = promisify(execFile);
// A target's known deviations are in its baseline: the run passes when there is no regression.
const containerRun = (target: string, areas: string[]) => [
  'run',
  '--target',
  target,
  '--start',
  '--via',
  'testcontainers',
  ...areas.flatMap((area) => ['--area', area]),
  '--baseline',
  join(import.meta.dirname, '..', '..', 'fixtures', 'baselines', `${target}.yaml`),
];
/**
 * The areas run per target, and the endpoint's scheme: expected-owner needs the account ids and
 * the second user the launcher makes; sse-c has cases sent over the plain-HTTP port beside the
 * TLS one; no-such-upload needs Garage's layout applied (multipart uploads write to its tables).
 */
const AREAS: [string, string[], 'https' | 'http'][] = [
  ['minio', ['range'], 'https'],
  ['versitygw', ['range', 'expected-owner'], 'https'],
  ['seaweedfs', ['range', 'sse-c'], 'https'],
  ['garage', ['range', 'no-such-upload'], 'http'],
  ['rustfs', ['range', 'no-such-upload'], 'https'],
];

/** Why these servers cannot be started in containers here, or null when they can. */
async function unavailable(): Promise<string | null> {
  try {
    await requireDockerEngine();
  } catch (error) {
    return (error as Error).message;
  }
  for (const [binary, script] of [
    [defaultMinioBinary(), 'install-minio.sh'],
    [defaultVersitygwBinary(), 'install-versitygw.sh'],
    [defaultWeedBinary(), 'install-seaweedfs.sh'],
    [defaultGarageBinary(), 'install-garage.sh'],
    [defaultRustfsBinary(), 'install-rustfs.sh'],
  ]) {
    try {
      await access(binary!, constants.X_OK);
    } catch {
      return `no binary at ${binary} (scripts/${script} builds it)`;
    }
  }
  return null;
}

const reason = await unavailable();

/** Under CI a missing engine is a failure; elsewhere a skip that says why. */
function requireEngine(context: { skip(note?: string): never }): void {
  if (reason === null) return;
  if (process.env.CI) throw new Error(`CI must be able to run servers through testcontainers: ${reason}`);
  context.skip(`servers through testcontainers are unavailable here: ${reason}`);
}

/** Ids of containers the launcher made that still exist (the docker CLI, when there is one). */
async function leftoverContainers(): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${CONTAINER_LABEL}`]);
  return stdout.split('\n').filter(Boolean);
}

describe('--via testcontainers', () => {
  test.for(AREAS)(
    'runs %s in a container from a locally built image: %s',
    { timeout: 300_000 },
    async ([target, areas, scheme], context) => {
      requireEngine(context);
      const before = await leftoverContainers();
      const result = await cli(containerRun(target, areas), {}, 240_000);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/baseline .*: 0 regression\(s\)/);
      expect(result.stdout).toMatch(
        new RegExp(
          `\\d+ passed, \\d+ failed, 0 skipped(, \\d+ errored)? against ${target} at ${scheme}://127\\.0\\.0\\.1:\\d+ \\(${target} [^)]*\\(container`,
        ),
      );
      // stop() removed the container.
      expect(await leftoverContainers()).toEqual(before);
    },
  );

  test('Garage, dynamically linked, has an image holding only its binary, the libraries ldd lists and the loader', {
    timeout: 60_000,
  }, async (context) => {
    requireEngine(context);
    const { stdout: images } = await run('docker', [
      'images',
      '--filter',
      `label=${CONTAINER_LABEL}=s3-conformance/garage`,
      '--format',
      '{{.ID}}',
    ]);
    const image = images.split('\n')[0];
    expect(image, 'a locally built Garage image (the Garage test above builds one)').toBeTruthy();
    const { stdout: created } = await run('docker', ['create', image!]);
    const container = created.trim();
    try {
      // The container's whole file system, as `tar -tv` lines: "-rwxr-xr-x root/root 123 date time path".
      const { stdout: listing } = await run('sh', ['-c', `docker export ${container} | tar -tv`], { maxBuffer: 16 << 20 });
      const files = listing
        .split('\n')
        .filter((line) => line.startsWith('-'))
        .map((line) => line.split(/\s+/).slice(5).join(' '))
        // What the engine makes in every container (.dockerenv, /etc/hosts and the like), not the image.
        .filter((path) => path !== '.dockerenv' && !/^(etc|dev)\//.test(path));
      const libraries = await sharedLibraries(defaultGarageBinary());
      expect(libraries.some((library) => /\/libc\.so\.\d+$/.test(library))).toBe(true);
      expect(libraries.some((library) => /\/ld-linux[^/]*\.so\.\d+$/.test(library))).toBe(true);
      // FROM scratch: no shell, no base image; just what the binary needs to run.
      expect(files.sort()).toEqual(['server', ...libraries.map((library) => library.slice(1))].sort());
    } finally {
      await run('docker', ['rm', container]);
    }
  });

  test('--image runs an image the user already has instead of building one', { timeout: 300_000 }, async (context) => {
    requireEngine(context);
    // Stands in for an official image: one of the locally built MinIO images under another name.
    const { stdout } = await run('docker', ['images', '--filter', `label=${CONTAINER_LABEL}=s3-conformance/minio`, '--format', '{{.ID}}']);
    const id = stdout.split('\n')[0];
    expect(id, 'a locally built MinIO image (the MinIO test above builds one)').toBeTruthy();
    const mine = 'localhost/s3c-test/minio:mine';
    await run('docker', ['tag', id!, mine]);
    try {
      const result = await cli([...containerRun('minio', ['range']), '--image', mine], {}, 240_000);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`(minio (container image ${mine}))`);
    } finally {
      await run('docker', ['rmi', mine]);
    }
  });

  test('publishes the port on 127.0.0.1 only, gives TLS and a second user, and removes the container on stop', {
    timeout: 300_000,
  }, async (context) => {
    requireEngine(context);
    const started = Date.now();
    const server = await launchInContainer('minio');
    const startMs = Date.now() - started;
    let ids: string[] = [];
    try {
      console.log(`MinIO in a container: started in ${startMs} ms (${server.version})`);
      expect(server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.ca).toContain('BEGIN CERTIFICATE');
      expect(server.secondCredentials?.accessKeyId).toBeTruthy();
      ids = await leftoverContainers();
      const { stdout } = await run('docker', ['inspect', '--format', '{{json .HostConfig.PortBindings}}', ...ids]);
      const bindings = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, { HostIp: string }[]>);
      const published = bindings.flatMap((b) => Object.values(b).flat());
      expect(published.length).toBeGreaterThan(0);
      for (const binding of published) expect(binding.HostIp).toBe('127.0.0.1');
    } finally {
      await server.stop();
    }
    const { stdout } = await run('docker', ['ps', '-aq', '--no-trunc']);
    for (const id of ids) expect(stdout).not.toContain(id);
  });

  describe('with no Docker engine reachable', () => {
    let dir: string;
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('fails with exit 2 and says no Docker engine is reachable (a hang is the test timeout to catch)', async () => {
      dir = await mkdtemp(join(tmpdir(), 's3c-no-docker-'));
      const deadSocket = join(dir, 'docker.sock');
      const result = await cli(containerRun('minio', ['range']), { DOCKER_HOST: `unix://${deadSocket}` });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no Docker engine is reachable/);
      expect(result.stderr).toContain(deadSocket);
      expect(result.stdout).not.toMatch(/passed/);
    });
  });
});
