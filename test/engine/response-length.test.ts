// A response whose body is shorter than its Content-Length is not judged (see
// bodyShortOfItsLength in src/engine/http.ts): moto under Expect: 100-continue sends 100 Continue
// twice, and about one response in 500 reaches Node complete with an empty body. The glitch cannot
// be produced on demand, so the rule is tested here and was measured against moto (closing note
// of issue 16: 1 short body in 2,400 POSTs, each now an error instead of a failure).
import { describe, expect, test } from 'vitest';
import { bodyShortOfItsLength } from '../../src/engine/http.ts';

describe('a response body short of its Content-Length', () => {
  test('is named, with both lengths', () => {
    expect(bodyShortOfItsLength('POST', 200, { 'content-length': '283' }, 0)).toBe(
      'the response body read is 0 bytes, short of its Content-Length 283',
    );
  });

  test('is not a problem where HTTP sends no body, or the body is whole', () => {
    expect(bodyShortOfItsLength('HEAD', 200, { 'content-length': '283' }, 0)).toBeUndefined();
    expect(bodyShortOfItsLength('GET', 304, { 'content-length': '283' }, 0)).toBeUndefined();
    expect(bodyShortOfItsLength('DELETE', 204, { 'content-length': '10' }, 0)).toBeUndefined();
    expect(bodyShortOfItsLength('GET', 200, { 'content-length': '5' }, 5)).toBeUndefined();
    expect(bodyShortOfItsLength('GET', 200, {}, 0)).toBeUndefined();
    // A decoded body's length is not the length on the wire.
    expect(bodyShortOfItsLength('GET', 200, { 'content-length': '5', 'content-encoding': 'gzip' }, 20)).toBeUndefined();
  });
});
