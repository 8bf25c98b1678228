// A CLI started with spawnCli, watched as it runs: tests that signal or kill it wait for a line it
// prints (or for a request a proxy holds), never for a guessed time.
import type { ChildProcess } from 'node:child_process';

/** A CLI run under test: its output so far, and a way to wait for a line of it or its end. */
export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Watches a CLI's stdout and stderr; a wait for a line that never comes fails when the CLI exits. */
export function watch(child: ChildProcess): RunningCli {
  let output = '';
  let ended: string | undefined;
  const waiters: { pattern: RegExp; resolve: () => void; reject: (error: Error) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters.filter((w) => w.pattern.test(output))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = `the CLI ended (code ${code}, signal ${signal})`;
      for (const waiter of waiters.splice(0))
        waiter.reject(new Error(`${ended} without printing ${waiter.pattern}; it printed:\n${output.slice(-2000)}`));
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => output,
    waitFor: (pattern) =>
      pattern.test(output)
        ? Promise.resolve()
        : ended
          ? Promise.reject(new Error(`${ended} without printing ${pattern}`))
          : new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject })),
    exit,
  };
}

/** A promise and the function that settles it. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
