// The matrix's dialect section: server × dialect pass rates from runs with --dialect, and no
// section for runs in the default dialect alone.
import { describe, expect, test } from 'vitest';
import { renderMatrixHtml, renderMatrixMarkdown } from '../../reporters/matrix.ts';
import { buildMatrix } from '../../src/report/matrix.ts';
import { caseResult, runResult } from '../report/results.ts';

describe('matrix by wire dialect', () => {
  const minio = runResult([
    caseResult('range.a'),
    caseResult('range.b'),
    caseResult('range.a@streaming-signed', { dialect: 'streaming-signed' }),
    caseResult('range.b@streaming-signed', { dialect: 'streaming-signed', outcome: 'fail' }),
    caseResult('range.a@presigned', { dialect: 'presigned', outcome: 'skip' }),
  ]);
  const other = runResult(
    [
      caseResult('range.a', { outcome: 'fail' }),
      caseResult('range.b'),
      caseResult('range.a@streaming-signed', { dialect: 'streaming-signed' }),
    ],
    {
      target: { name: 'other', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', capabilities: [] },
    },
  );

  test('one row per dialect, signed first, each column its passes over judged cases', () => {
    expect(buildMatrix([minio, other]).dialects).toEqual([
      {
        dialect: 'signed',
        scores: [
          { pass: 2, judged: 2 },
          { pass: 1, judged: 2 },
        ],
      },
      {
        dialect: 'presigned',
        scores: [
          { pass: 0, judged: 0 },
          { pass: 0, judged: 0 },
        ],
      },
      {
        dialect: 'streaming-signed',
        scores: [
          { pass: 1, judged: 2 },
          { pass: 1, judged: 1 },
        ],
      },
    ]);
    const markdown = renderMatrixMarkdown(buildMatrix([minio, other]));
    expect(markdown).toContain('## By wire dialect');
    expect(markdown).toContain('| streaming-signed | 50% (1/2) | 100% (1/1) |');
    expect(renderMatrixHtml(buildMatrix([minio, other]))).toContain('<h2>By wire dialect</h2>');
  });

  test('runs in the default dialect alone get no dialect section', () => {
    const signedOnly = runResult([caseResult('range.a'), caseResult('range.b')]);
    expect(renderMatrixMarkdown(buildMatrix([signedOnly]))).not.toContain('By wire dialect');
    expect(renderMatrixHtml(buildMatrix([signedOnly]))).not.toContain('By wire dialect');
  });
});
