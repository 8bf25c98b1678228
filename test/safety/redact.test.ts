// The redactor on the forms a secret takes in what a verdict shows.
import { describe, expect, test } from 'vitest';
import { Redactor } from '../../src/engine/redact.ts';

const key = 'q/Z+0wVb9k3m6y2hHc1rL8dT4sJxE7aN5pUiGoFeWzA=';
const redactor = new Redactor([{ value: key, label: 'SSE-C key A' }]);

describe('redactor', () => {
  test('a secret in a URL, escaped', () => {
    const shown = redactor.text(`https://h/b/k?x=${encodeURIComponent(key)}`);
    expect(shown.includes(encodeURIComponent(key)), shown).toBe(false);
    expect(shown).toContain('[redacted SSE-C key A]');
  });

  test('the signature S3 quotes in a SignatureDoesNotMatch body', () => {
    const shown = redactor.text('<Error><SignatureProvided>0123abcd4567ef</SignatureProvided></Error>');
    expect(shown).toBe('<Error><SignatureProvided>[redacted]</SignatureProvided></Error>');
  });

  test('a secret across the end of a body preview', () => {
    const body = Buffer.from(`${'x'.repeat(30)}${key}`);
    const shown = redactor.preview(body, 40);
    expect(shown).toHaveLength(40);
    expect(key.startsWith(shown.slice(30)), shown).toBe(false);
    expect(shown.slice(30)).toBe('[redacted '.slice(0, 10));
  });
});
