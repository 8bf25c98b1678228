// The real-clients lane against MinIO: every scenario through @aws-sdk/client-s3 and the minio
// client with their defaults, and, behind a proxy that flips a byte of every GET's body, the
// scenarios that read an object back fail.
import { describe, expect, inject, test } from 'vitest';
import { createBucketClient } from '../../src/engine/buckets.ts';
import { LANE_CLIENT_NAMES, runScenario } from '../../src/engine/clients/run-lane.ts';
import { newScenarioContext, SCENARIOS } from '../../src/engine/clients/scenarios.ts';
import { behindFaultProxy } from '../support/dialects.ts';
import { passThrough } from '../support/fault-proxy.ts';

const minio = inject('minioTarget');

describe.skipIf(minio === null)('real clients against MinIO', () => {
  const server = behindFaultProxy(() => minio!, 's3c-clients');
  const runPrefix = `s3c-clients${Date.now().toString(36)}`;
  const context = newScenarioContext();
  const run = (scenario: (typeof SCENARIOS)[number], client: (typeof LANE_CLIENT_NAMES)[number]) =>
    runScenario(scenario, client, {
      target: server.proxy.target,
      client: createBucketClient(server.proxy.target, 10_000),
      runPrefix,
      context,
    });

  for (const client of LANE_CLIENT_NAMES) {
    test(`${client}: every scenario passes, or is skipped for what the target or the client lacks`, async () => {
      server.proxy.setFault(passThrough);
      const outcomes: Record<string, string> = {};
      for (const scenario of SCENARIOS) {
        const verdict = await run(scenario, client);
        outcomes[scenario.id] =
          verdict.outcome === 'skip' ? `skip: ${verdict.reason}` : `${verdict.outcome}${verdict.reason ? `: ${verdict.reason}` : ''}`;
      }
      expect(outcomes).toEqual({
        'clients.put-get': 'pass',
        'clients.put-stream-get': 'pass',
        'clients.range-get': 'pass',
        'clients.head': 'pass',
        'clients.multipart-copy': 'pass',
        'clients.conditional-write': client === 'minio-js' ? 'skip: minio-js has no conditional PutObject' : 'pass',
        'clients.sse-c': `skip: target "${server.proxy.target.name}" lacks sse-c, tls`,
        'clients.delete-marker': 'pass',
      });
    });

    test(`${client}: a server that returns a changed byte fails the scenarios that read back`, async () => {
      server.proxy.setFault((request, response) => {
        if (request.method !== 'GET' || response.status >= 300 || response.body.length === 0 || request.url.includes('versions'))
          return passThrough(request, response);
        const body = Buffer.from(response.body);
        body[0] = body[0]! ^ 1;
        return { kind: 'respond', response: { ...response, body } };
      });
      try {
        for (const id of ['clients.put-get', 'clients.range-get']) {
          const verdict = await run(SCENARIOS.find((s) => s.id === id)!, client);
          expect(verdict.outcome, `${id}: ${verdict.reason}`).toBe('fail');
        }
      } finally {
        server.proxy.setFault(passThrough);
      }
    });
  }
});
