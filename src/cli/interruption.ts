// Ctrl-C and SIGTERM during a run. The first signal stops new cases from starting and lets those in
// flight finish (each within the case timeout); a second one aborts them. Either way the run then
// removes its buckets and writes its partial result before it exits 130 (SIGINT) or 143 (SIGTERM).
// Later signals cannot cut that short; SIGKILL can, and `cleanup` then removes what is left.

import type { InterruptSignal } from '../report/model.ts';

export interface Interruption {
  /** Aborted by the first signal, with its name as the reason: start no new case. */
  stopScheduling: AbortSignal;
  /** Aborted by the second: end the cases in flight now. */
  abortInFlight: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM (the first signal decides); undefined without one. */
  readonly exitCode: number | undefined;
  stopListening(): void;
}

const EXIT_CODES: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export function listenForInterruption(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Interruption {
  const stop = new AbortController();
  const abort = new AbortController();
  let first: InterruptSignal | undefined;
  const onSignal = (signal: InterruptSignal) => {
    if (first === undefined) {
      first = signal;
      write(
        `\n${signal}: no new case starts; the cases in flight finish, then the run removes its buckets (${signal} again aborts the cases in flight)`,
      );
      stop.abort(signal);
    } else if (!abort.signal.aborted) {
      write(`${signal}: aborting the cases in flight; the run still removes their buckets`);
      abort.abort(signal);
    } else {
      write(
        `${signal}: already stopping: the run's buckets are being removed (after SIGKILL, \`s3-conformance cleanup\` would remove them)`,
      );
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopScheduling: stop.signal,
    abortInFlight: abort.signal,
    get exitCode() {
      return first && EXIT_CODES[first];
    },
    stopListening() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
