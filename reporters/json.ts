// The JSON reporter: the result model as it is.
import type { RunResult } from '../src/report/model.ts';

export function renderJson(run: RunResult): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}
