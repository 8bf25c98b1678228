// Each case is one vitest test: this file turns the plan the CLI provided into concurrent tests,
// one `describe` per area. The verdict travels to the reporters in the test's meta.
import { afterAll, describe, inject, test } from 'vitest';
import { createBucketClient } from '../engine/buckets.ts';
import { closeAgents } from '../engine/http.ts';
import { runCase } from '../engine/run-case.ts';
import type { Verdict } from '../engine/verdict.ts';
import type { ServerStop } from '../report/model.ts';
import { stopChannelName } from './run-plan.ts';
import { ServerWatch } from './server-watch.ts';

declare module 'vitest' {
  interface TaskMeta {
    verdict?: Verdict;
    /** On the one case that found the server gone. */
    serverStop?: ServerStop;
  }
}

const plan = inject('s3cPlan');
const client = createBucketClient(plan.target, plan.requestTimeoutMs);
const engineOptions = { ...plan, client };
const serverWatch = new ServerWatch(plan.target.endpoint, plan.requestTimeoutMs);

// An interrupted run starts no new case (see run-suite.ts); this worker asks whether it already is.
let stopped = false;
const stopChannel = new BroadcastChannel(stopChannelName(plan.runPrefix));
stopChannel.onmessage = () => (stopped = true);
stopChannel.postMessage('hello');

afterAll(() => {
  stopChannel.close();
  closeAgents();
});

const areas = [...new Set(plan.cases.map((c) => c.area))];
for (const area of areas) {
  describe.concurrent(area, () => {
    for (const testCase of plan.cases.filter((c) => c.area === area)) {
      test(testCase.id, async (context) => {
        // Skipped without a verdict: the CLI lists it as not run.
        if (stopped) context.skip('the run was interrupted');
        const { verdict, found } = await serverWatch.run(testCase.id, () => runCase(testCase, engineOptions));
        context.task.meta.verdict = verdict;
        if (found) context.task.meta.serverStop = found;
        if (verdict.outcome === 'skip') context.skip(verdict.reason);
        if (verdict.outcome !== 'pass') throw new Error(verdict.reason);
      });
    }
  });
}
