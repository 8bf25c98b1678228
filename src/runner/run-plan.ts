// What the CLI hands to the vitest worker: the validated cases, the target and the engine's
// settings. Plain data, passed through vitest's `provide`.
import type { CaseInDialect } from './dialect-cases.ts';
import type { ChecksumMode } from '../engine/plan.ts';
import type { Target } from '../engine/target.ts';

export interface RunPlan {
  cases: CaseInDialect[];
  target: Target;
  runPrefix: string;
  requestTimeoutMs: number;
  checksums: ChecksumMode;
  retries: number;
  /** Host-name suffix for the virtual-hosted dialect. */
  virtualHostSuffix?: string;
}

/**
 * The BroadcastChannel on which the CLI tells the worker running `runPrefix`'s cases to start no
 * new case (message `stop`); the worker says hello when it subscribes, and is told if it is late.
 */
export const stopChannelName = (runPrefix: string) => `s3-conformance-stop:${runPrefix}`;

declare module 'vitest' {
  export interface ProvidedContext {
    s3cPlan: RunPlan;
  }
}
