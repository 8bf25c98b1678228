// No secret reaches any output: a run that uses SSE-C and a second account, with cases that fail
// (so requests and responses are shown), writes every report format; none holds a key, a secret,
// an SSE-C key or its MD5, or a signature.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CUSTOMER_KEYS } from '../../src/engine/values.ts';
import { profileOf, readProfile } from '../../src/targets/resolve.ts';
import { startTarget, type RunningTarget } from '../../src/targets/start.ts';
import { scratchDir } from '../support/scratch.ts';

const root = join(import.meta.dirname, '..', '..');

const cases = `area: secrets
cases:
  - id: secrets.ssec.fails
    title: an SSE-C read whose expectation is wrong on purpose, so the exchange is shown
    refs: [planted for this test]
    requires: [tls, sse-c]
    given:
      - op: PutObject
        key: k
        body: secret-free body
        headers:
          x-amz-server-side-encryption-customer-algorithm: AES256
          x-amz-server-side-encryption-customer-key: "\${ssecKeyA}"
          x-amz-server-side-encryption-customer-key-MD5: "\${ssecKeyMd5A}"
    when:
      op: GetObject
      key: k
      headers:
        x-amz-server-side-encryption-customer-algorithm: AES256
        x-amz-server-side-encryption-customer-key: "\${ssecKeyB}"
        x-amz-server-side-encryption-customer-key-MD5: "\${ssecKeyMd5B}"
    then:
      status: 299
      headers: { x-amz-server-side-encryption-customer-key-MD5: "\${ssecKeyMd5A}" }
  - id: secrets.second-account.fails
    title: a read as the second account whose expectation is wrong on purpose
    refs: [planted for this test]
    requires: [second-account]
    given: [{ op: PutObject, key: k, body: x }]
    when: { op: GetObject, key: k, credentials: second }
    then: { status: 299 }
`;

describe('secrets in outputs', () => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await startTarget(readProfile(join(root, 'fixtures/targets/minio.yaml')));
  }, 60_000);
  afterAll(() => running?.stop());

  test('every report format of a run with SSE-C and a second account is free of secrets', async () => {
    const { target } = running;
    const dir = scratchDir('s3c-secrets-');
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'cases.yaml'), cases);
    writeFileSync(join(dir, 'ca.pem'), target.ca ?? '');
    writeFileSync(join(dir, 'target.yaml'), stringify(profileOf(target, join(dir, 'ca.pem'))));

    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          join(root, 'bin/s3-conformance.js'),
          'run',
          '--config',
          join(dir, 'target.yaml'),
          '--suites',
          join(dir, 'cases.yaml'),
          ...['console', 'json', 'junit', 'markdown', 'html'].flatMap((r) => ['--reporter', r]),
          '--output',
          out,
          '--json',
          join(dir, 'run.json'),
        ],
        { env: { ...process.env, NO_COLOR: '1' } },
        (_error, stdout, stderr) => resolve({ stdout, stderr }),
      ),
    );
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    // The cases failed and their exchanges are in the reports: there was something to leak.
    expect(run.cases.map((c: { outcome: string }) => c.outcome)).toEqual(['fail', 'fail']);
    expect(JSON.stringify(run)).toContain('x-amz-server-side-encryption-customer-key');

    const secrets = [
      target.credentials.accessKeyId,
      target.credentials.secretAccessKey,
      target.secondCredentials!.accessKeyId,
      target.secondCredentials!.secretAccessKey,
      ...Object.values(CUSTOMER_KEYS).flatMap((k) => [k.key, k.md5]),
    ];
    const outputs = {
      stdout,
      stderr,
      'run.json': readFileSync(join(dir, 'run.json'), 'utf8'),
      ...Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])),
    };
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'report.md', 'report.html']));
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of secrets) expect(text.includes(secret), `${name} holds a secret`).toBe(false);
      expect(text, name).not.toMatch(/Signature=[0-9a-f]{64}|X-Amz-Signature=[0-9a-f]/i);
    }
  }, 90_000);
});
