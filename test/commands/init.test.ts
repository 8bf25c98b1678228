// `init --endpoint URL`: a commented profile and an empty baseline that take a new endpoint, here
// a real MinIO, from nothing to a run judged against its own baseline; it never overwrites.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../support/cli.ts';
import { scratchDir } from '../support/scratch.ts';

const minio = inject('minioTarget');

describe.skipIf(minio === null)('init against MinIO', () => {
  const credentials = () => ({
    AWS_ACCESS_KEY_ID: minio!.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: minio!.credentials.secretAccessKey,
  });

  test('writes a profile and a baseline that probe, run, --update-baseline and --baseline accept', async () => {
    const dir = scratchDir('s3c-init-');
    const written = await cli(['init', '--endpoint', minio!.endpoint, '--name', 'lab', '--dir', dir]);
    expect(written.code, written.stderr).toBe(0);
    const profilePath = join(dir, 'lab.target.yaml');
    const baselinePath = join(dir, 'lab.baseline.yaml');
    expect(written.stdout).toContain(`wrote ${profilePath} and ${baselinePath}`);
    // The credentials come from the environment, never the file.
    const profile = parse(readFileSync(profilePath, 'utf8'));
    expect(profile).toMatchObject({
      name: 'lab',
      endpoint: minio!.endpoint,
      credentials: { accessKeyIdEnv: 'AWS_ACCESS_KEY_ID', secretAccessKeyEnv: 'AWS_SECRET_ACCESS_KEY' },
    });
    expect(parse(readFileSync(baselinePath, 'utf8'))).toEqual({ target: 'lab', deviations: [] });

    // Its claims hold on MinIO: probe finds none disproved.
    const probed = await cli(['probe', '--config', profilePath], credentials());
    expect(probed.code, probed.stderr).toBe(0);
    expect(probed.stdout).toMatch(/^ {2}versioning +works/m);

    // The first run fills the baseline with MinIO's range deviations; the next is judged by it.
    const first = await cli(['run', '--config', profilePath, '--area', 'range', '--update-baseline', baselinePath], credentials());
    expect(first.code, first.stderr).toBe(1);
    const deviations = parse(readFileSync(baselinePath, 'utf8')).deviations as { id: string }[];
    expect(deviations.length).toBeGreaterThan(0);
    expect(deviations.every((d) => d.id.startsWith('range.'))).toBe(true);
    const judged = await cli(['run', '--config', profilePath, '--area', 'range', '--baseline', baselinePath], credentials());
    expect(judged.stdout).toMatch(
      new RegExp(`baseline \\S+: 0 regression\\(s\\), 0 changed, ${deviations.length} known deviation\\(s\\), 0 fixed`),
    );
    expect(judged.code, judged.stderr).toBe(0);
  });

  test('never overwrites: a second init exits 2 and leaves both files as they were', async () => {
    const dir = scratchDir('s3c-init-');
    expect((await cli(['init', '--endpoint', minio!.endpoint, '--dir', dir])).code).toBe(0);
    const profilePath = join(dir, 'my-target.target.yaml');
    const before = { text: readFileSync(profilePath, 'utf8'), mtime: statSync(profilePath).mtimeMs };
    const again = await cli(['init', '--endpoint', 'http://127.0.0.1:1', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/my-target\.target\.yaml exists already; nothing was written/);
    expect({ text: readFileSync(profilePath, 'utf8'), mtime: statSync(profilePath).mtimeMs }).toEqual(before);
  });
});

describe('init refuses bad input', () => {
  test('an endpoint that is not a URL: exit 2 naming --endpoint, nothing written', async () => {
    const dir = scratchDir('s3c-init-');
    const result = await cli(['init', '--endpoint', 'localhost:9000', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--endpoint: "localhost:9000" is not a URL|--endpoint: "localhost:9000" must use http or https/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
