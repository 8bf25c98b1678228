// The reporters that write a file, by name: `--reporter NAME` (repeatable) with `--output DIR`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunResult } from '../src/report/model.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { ResultReporter } from './reporter.ts';

export const FILE_REPORTERS = {
  json: { fileName: 'results.json', render: renderJson },
  junit: { fileName: 'junit.xml', render: renderJunit },
  markdown: { fileName: 'report.md', render: renderMarkdown },
  html: { fileName: 'report.html', render: renderHtml },
} as const satisfies Record<string, { fileName: string; render: (run: RunResult) => string }>;

export type FileReporterName = keyof typeof FILE_REPORTERS;

export function fileReporter(path: string, render: (run: RunResult) => string): ResultReporter {
  return {
    onRunEnd(run) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, render(run));
    },
  };
}

export function namedFileReporter(name: FileReporterName, outputDir: string): ResultReporter {
  const { fileName, render } = FILE_REPORTERS[name];
  return fileReporter(join(outputDir, fileName), render);
}
