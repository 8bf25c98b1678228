// What the CLI hands to the vitest worker: the validated cases, the target and the engine's
// settings. Plain data, passed through vitest's `provide`.
import type { ValidatedCase } from '../case/schema.ts';
import type { ChecksumMode } from '../engine/plan.ts';
import type { Target } from '../engine/target.ts';

export interface RunPlan {
  cases: ValidatedCase[];
  target: Target;
  runPrefix: string;
  requestTimeoutMs: number;
  checksums: ChecksumMode;
  retries: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3cPlan: RunPlan;
  }
}
