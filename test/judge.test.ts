// A response that must pass and one that must fail, for every rule of the judge.
import { describe, expect, test } from 'vitest';
import type { Expectation } from '../src/case/schema.ts';
import { judge } from '../src/engine/judge.ts';
import { readResponse } from '../src/engine/observe.ts';

const errorBody = (code: string, message = 'm') =>
  Buffer.from(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
const response = (status: number, headers: Record<string, string> = {}, body: Buffer | string = '') =>
  readResponse({ status, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });
const values = new Map([['etag', '"abc"']]);
const verdictOf = (expectation: Partial<Expectation>, observed: ReturnType<typeof response>) =>
  judge({ status: 200, ...expectation } as Expectation, observed, values).map((m) => m.what);

describe('judge', () => {
  const rules: [string, Partial<Expectation>, ReturnType<typeof response>, ReturnType<typeof response>][] = [
    ['status', { status: 206 }, response(206), response(200)],
    ['status', { status: [400, 403] }, response(403), response(404)],
    [
      'error',
      { status: 412, error: 'PreconditionFailed' },
      response(412, {}, errorBody('PreconditionFailed')),
      response(412, {}, errorBody('InvalidRequest')),
    ],
    [
      'error',
      { status: 412, error: 'PreconditionFailed' },
      response(412, {}, errorBody('PreconditionFailed')),
      response(412, {}, '<Error><Code>Prec'),
    ],
    [
      'error message',
      { status: 400, message: 'must be.*HTTPS' },
      response(400, {}, errorBody('InvalidRequest', 'Requests must be made over HTTPS')),
      response(400, {}, errorBody('InvalidRequest', 'no')),
    ],
    ['header ETag', { headers: { ETag: '${etag}' } }, response(200, { etag: '"abc"' }), response(200, { etag: 'abc' })],
    ['header ETag', { headers: { ETag: { oneOf: ['"x"', '${etag}'] } } }, response(200, { etag: '"abc"' }), response(200, { etag: '"y"' })],
    [
      'header Content-Range',
      { headers: { 'Content-Range': { matches: '^bytes \\*/26$' } } },
      response(200, { 'content-range': 'bytes */26' }),
      response(200, {}),
    ],
    [
      'header x-amz-delete-marker',
      { headers: { 'x-amz-delete-marker': { present: false } } },
      response(200, {}),
      response(200, { 'x-amz-delete-marker': 'true' }),
    ],
    [
      'header x-amz-delete-marker',
      { headers: { 'x-amz-delete-marker': { present: true } } },
      response(200, { 'x-amz-delete-marker': 'true' }),
      response(200, {}),
    ],
    ['body', { body: 'abc' }, response(200, {}, 'abc'), response(200, {}, 'abd')],
    ['body', { status: 304, body: { empty: true } }, response(304, {}, ''), response(304, {}, 'x')],
    [
      'body',
      { body: { pattern: { from: 0, length: 3 } } },
      response(200, {}, Buffer.from([3, 10, 17])),
      response(200, {}, Buffer.from([3, 10, 18])),
    ],
    ['body length', { bodyLength: 2 }, response(200, {}, 'ab'), response(200, {}, 'abc')],
    ['xml R.A', { xml: { 'R.A': 'x' } }, response(200, {}, '<R><A>x</A></R>'), response(200, {}, '<R><A>y</A></R>')],
    ['xml R.A', { xml: { 'R.A': { count: 2 } } }, response(200, {}, '<R><A>x</A><A>y</A></R>'), response(200, {}, '<R><A>x</A></R>')],
    ['xml R.A[1]', { xml: { 'R.A[1]': 'y' } }, response(200, {}, '<R><A>x</A><A>y</A></R>'), response(200, {}, '<R><A>x</A></R>')],
    ['xml R.A', { xml: { 'R.A': { present: false } } }, response(200, {}, '<R></R>'), response(200, {}, '<R><A/></R>')],
  ];
  for (const [what, expectation, passing, failing] of rules) {
    test(`${what}: ${JSON.stringify(expectation)}`, () => {
      expect(verdictOf(expectation, passing)).toEqual([]);
      expect(verdictOf(expectation, failing)).toContain(what);
    });
  }
});
