// The matrix model's per-row refs and dialect and per-cell expected/observed line, and the page
// keeping what a server answered (which may hold markup) as text.
import { describe, expect, test } from 'vitest';
import { renderMatrixHtml } from '../../reporters/matrix.ts';
import { buildMatrix } from '../../src/report/matrix.ts';
import { caseResult, errorMismatch, failure, runResult, statusMismatch } from './results.ts';

describe('matrix rows and cells', () => {
  const refs = ['S3 API Reference, GetObject, Range', 'https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2 (suffix ranges)'];
  const minio = runResult([
    caseResult('range.suffix', { refs }),
    failure('range.suffix@presigned', [statusMismatch('206', '200'), errorMismatch('(none)', '<b>InvalidRange</b>')]),
    caseResult('range.whole', { outcome: 'error', reason: 'connection reset' }),
    caseResult('range.long', { outcome: 'skip', reason: 'x'.repeat(400) }),
  ]);

  test('a row has its dialect (from the id where the result names none) and its refs, a web address a link', () => {
    const rows = buildMatrix([minio]).rows;
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row('range.suffix').dialect).toBe('signed');
    expect(row('range.suffix@presigned').dialect).toBe('presigned');
    expect(row('range.suffix').refs).toEqual([
      { text: 'S3 API Reference, GetObject, Range' },
      { href: 'https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2', text: ' (suffix ranges)' },
    ]);
  });

  test('a cell says "as expected" for a pass, the mismatches for a failure, the reason otherwise, cut at 300 characters', () => {
    const details = Object.fromEntries(buildMatrix([minio]).rows.map((r) => [r.id, r.details[0]]));
    expect(details).toEqual({
      'range.suffix': 'as expected',
      'range.suffix@presigned': 'status: expected 206, observed 200; error: expected (none), observed <b>InvalidRange</b>',
      'range.whole': 'connection reset',
      'range.long': `${'x'.repeat(300)}…`,
    });
  });

  test('the page holds an observed answer as text, never as markup', () => {
    const html = renderMatrixHtml(buildMatrix([minio]));
    expect(html).not.toContain('<b>InvalidRange');
    expect(html).toContain('\\u003cb>InvalidRange\\u003c/b>');
  });
});
