// Capabilities a profile leaves out though the server has them: the probe shows they work, and
// every case that requires one is skipped for nothing. `probe` and every run say so, with the
// number of such cases; --strict-capabilities makes it bad input (exit 2).
import type { ValidatedCase } from '../case/schema.ts';
import { missingCapabilities } from '../engine/run-case.ts';
import type { Target } from '../engine/target.ts';
import { describeUnclaimedCapability, type UnclaimedCapability } from '../report/model.ts';
import { unclaimedButWorking, type ProbeFinding } from '../targets/probe.ts';
import { UsageError } from '../targets/resolve.ts';

/** The findings the profile leaves out, each with the cases of `cases` that skip for lack of it. */
export function unclaimedCapabilities(findings: ProbeFinding[], cases: readonly ValidatedCase[], target: Target): UnclaimedCapability[] {
  return unclaimedButWorking(findings).map(({ capability, detail }) => ({
    capability,
    detail,
    skippedCases: cases.filter((testCase) => missingCapabilities(testCase, target).includes(capability)).length,
  }));
}

/** --strict-capabilities: a profile that leaves out what the server does is bad input. */
export function refuseUnclaimed(target: Pick<Target, 'name'>, unclaimed: readonly UnclaimedCapability[]): void {
  if (unclaimed.length === 0) return;
  throw new UsageError(
    `--strict-capabilities: target "${target.name}" does not claim what its server supports (claim it in the profile):\n` +
      unclaimed.map((u) => `  ${describeUnclaimedCapability(target.name, u)}`).join('\n'),
  );
}
