// A server that stops answering mid-run (a request crashed it) is a finding, not a reason to hang
// or to report hundreds of unrelated errors: after a case that got no answer (or could not clean
// up), the watch checks whether the server still listens; once it does not, that case is where the
// run found it gone, and every later case ends at once as an error with that cause.
import { connectionRefusal } from '../engine/liveness.ts';
import type { Verdict } from '../engine/verdict.ts';
import type { ServerStop } from '../report/model.ts';

export class ServerWatch {
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly inFlight = new Set<string>();
  private stop?: ServerStop;

  constructor(endpoint: string, timeoutMs: number) {
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Runs one case unless the server is already known gone. `found` is set on the one case that
   * found it gone; the cases after it get an error verdict without a request.
   */
  async run(caseId: string, runCase: () => Promise<Verdict>): Promise<{ verdict: Verdict; found?: ServerStop }> {
    if (this.stop)
      return {
        verdict: { outcome: 'error', reason: `not run: the server stopped answering at case ${this.stop.atCase}: ${this.stop.cause}` },
      };
    this.inFlight.add(caseId);
    let verdict: Verdict;
    try {
      verdict = await runCase();
    } finally {
      this.inFlight.delete(caseId);
    }
    if (this.stop || (verdict.outcome !== 'error' && !verdict.leftovers)) return { verdict };
    const casesInFlight = [caseId, ...this.inFlight];
    const cause = await connectionRefusal(this.endpoint, this.timeoutMs);
    // Another case may have found it first while this one was checking.
    if (!cause || this.stop) return { verdict };
    this.stop = { atCase: caseId, at: new Date().toISOString(), cause, casesInFlight };
    return { verdict, found: this.stop };
  }
}
