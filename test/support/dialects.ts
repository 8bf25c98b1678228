// A server behind the fault proxy for the dialect tests, and cases run through the engine in a
// wire dialect against it (`<id>@<dialect>`, as the runner names them).
import { afterAll, beforeAll } from 'vitest';
import type { CaseDefinition } from '../../src/case/schema.ts';
import { createBucketClient } from '../../src/engine/buckets.ts';
import { runCase } from '../../src/engine/run-case.ts';
import type { Target } from '../../src/engine/target.ts';
import type { Verdict } from '../../src/engine/verdict.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';

export interface ProxiedServer {
  /** Started before the describe block's tests, closed after them. */
  readonly proxy: FaultProxy;
  runInDialect(testCase: CaseDefinition, dialect: string): Promise<Verdict>;
}

/** Call inside a describe block: its hooks start and close the proxy. */
export function behindFaultProxy(upstream: () => Target, runPrefix: string): ProxiedServer {
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    proxy = await startFaultProxy(upstream());
  });
  afterAll(() => proxy?.close());
  const prefix = `${runPrefix}${Date.now().toString(36)}`;
  return {
    get proxy() {
      if (!proxy) throw new Error('the fault proxy starts in beforeAll');
      return proxy;
    },
    runInDialect(testCase, dialect) {
      const { target } = this.proxy;
      return runCase(
        { ...testCase, id: `${testCase.id}@${dialect}`, dialect },
        { target, client: createBucketClient(target, 10_000), runPrefix: prefix, requestTimeoutMs: 10_000, checksums: 'when-required' },
      );
    },
  };
}
