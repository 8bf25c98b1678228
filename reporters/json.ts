// The JSON reporter: the result model, written whole to a file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunResult } from '../src/report/model.ts';
import type { ResultReporter } from './reporter.ts';

export class JsonReporter implements ResultReporter {
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  onRunEnd(run: RunResult): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, `${JSON.stringify(run, null, 2)}\n`);
  }
}
