// Where s3-conformance keeps what it remembers between runs on this machine: the run journal
// and the last run's result (for `explain`). XDG_STATE_HOME, else ~/.local/state.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(...parts: string[]): string {
  const dir = join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 's3-conformance', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
