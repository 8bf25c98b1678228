import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadCaseFile, loadCases, CaseFileError } from '../src/case/loader.ts';
import { caseFileJsonSchema, caseFileJsonSchemaPath } from '../src/tools/case-file-json-schema.ts';
import { caseIndex, caseIndexPath } from '../src/tools/case-index.ts';

const validCase = `area: demo
cases:
  - id: demo.one
    title: one
    refs: [somewhere]
    given:
      - { op: PutObject, key: k, body: x, capture: { etag: "header:ETag" } }
    when: { op: GetObject, key: k, headers: { If-Match: "\${etag}" } }
    then: { status: 200 }
`;

function problemsOf(text: string) {
  return loadCaseFile('cases.yaml', text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe('case file loader', () => {
  test('accepts a valid file and records where each case starts', () => {
    const { cases, problems } = loadCaseFile('cases.yaml', validCase);
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.id, c.area, c.source.line])).toEqual([['demo.one', 'demo', 3]]);
  });

  test('YAML syntax errors name line and column', () => {
    expect(problemsOf('area: demo\ncases:\n  - id: [unclosed\n')).toEqual([expect.stringMatching(/^\d+:\d+ YAML: /)]);
  });

  test('an unknown key is pointed at by its own position', () => {
    expect(problemsOf(validCase.replace('    title: one', '    title: one\n    titel: typo'))).toEqual([
      '5:5 cases.0: unknown key "titel"',
    ]);
  });

  test('a wrong type names the path', () => {
    expect(problemsOf(validCase.replace('then: { status: 200 }', 'then: { status: "ok" }'))).toEqual([
      expect.stringMatching(/^9:\d+ cases\.0\.then\.status: /),
    ]);
  });

  test('an unknown operation is refused with the list of known ones', () => {
    expect(problemsOf(validCase.replace('op: GetObject', 'op: FetchObject'))).toEqual([
      expect.stringMatching(/^8:\d+ cases\.0\.when\.op: .*GetObject/),
    ]);
  });

  test('a capture used before any step makes it is refused', () => {
    expect(problemsOf(validCase.replace('capture: { etag: "header:ETag" }', 'capture: { other: "header:ETag" }'))).toEqual([
      expect.stringMatching(/^8:\d+ demo\.one: \$\{etag\} is used before any step captures it/),
    ]);
  });

  test('a parameter the operation needs is required', () => {
    expect(problemsOf(validCase.replace('{ op: GetObject, key: k,', '{ op: GetObject,'))).toEqual([
      expect.stringMatching(/^8:\d+ demo\.one: GetObject needs "key"/),
    ]);
  });

  test('an expectation on the body of a HEAD response is refused', () => {
    expect(
      problemsOf(
        validCase
          .replace('op: GetObject, key: k,', 'op: HeadObject, key: k,')
          .replace('then: { status: 200 }', 'then: { status: 412, error: PreconditionFailed }'),
      ),
    ).toEqual([expect.stringMatching(/^9:\d+ demo\.one: HeadObject answers without a body: "error" cannot be checked/)]);
  });

  test('an unknown template filter is refused', () => {
    expect(problemsOf(validCase.replace('${etag}', '${etag | shout}'))).toEqual([expect.stringMatching(/unknown filter "shout"/)]);
  });

  test('an alias bomb is a problem of the file, not a crash', () => {
    const levels = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ];
    expect(problemsOf(levels.join('\n'))).toEqual([expect.stringMatching(/^1:1 YAML: Excessive alias count/)]);
  });

  test('duplicate ids across files are refused, naming both places', () => {
    const dir = `${import.meta.dirname}/fixtures/bad-cases/duplicate`;
    expect(() => loadCases([dir])).toThrow(CaseFileError);
    try {
      loadCases([dir]);
    } catch (error) {
      expect((error as CaseFileError).message).toMatch(/b\.yaml:3:1: duplicate id "dup\.case" \(first defined at .*a\.yaml:3\)/);
    }
  });

  test('a folder without case files is named as such', () => {
    expect(() => loadCases([`${import.meta.dirname}/fixtures/bad-cases/duplicate/..`.replace('/duplicate/..', '/no-cases')])).toThrow(
      /no case files under .*no-cases/,
    );
  });

  test('every bundled case loads and cites a source', () => {
    const cases = loadCases([`${import.meta.dirname}/../suites`]);
    expect(cases.length).toBeGreaterThan(25);
    for (const c of cases) expect(c.refs.length, c.id).toBeGreaterThan(0);
  });

  test('the published JSON Schema is generated from the current zod schema (npm run gen)', () => {
    expect(readFileSync(caseFileJsonSchemaPath, 'utf8')).toBe(caseFileJsonSchema());
  });

  test('docs/cases.md is generated from the current case files (npm run gen)', () => {
    expect(readFileSync(caseIndexPath, 'utf8')).toBe(caseIndex());
  });
});

const load = (text: string) => loadCaseFile('cases.yaml', text);
const only = (text: string) => {
  const { cases, problems } = load(text);
  expect(problems).toEqual([]);
  return cases;
};

describe('format v2: what a file writes once', () => {
  test('each expands into one case per combination, ids named by the values, variants merged', () => {
    const cases = only(`area: demo
cases:
  - id: demo.{op}.{form}.mismatch
    tags: [if-match]
    refs: [shared]
    given: [{ op: PutObject, key: k, body: x }]
    when: { key: k }
    then: { status: 412 }
    each:
      op:
        get: { title: "GET {form} is 412 PreconditionFailed", tags: [get], refs: [get-page], when: { op: GetObject }, then: { error: PreconditionFailed } }
        head: { title: "HEAD {form} is 412", tags: [head], when: { op: HeadObject } }
      form:
        quoted: { when: { headers: { If-Match: '"0"' } } }
        bare: { when: { headers: { If-Match: "0" } } }
`);
    expect(cases.map((c) => c.id)).toEqual([
      'demo.get.quoted.mismatch',
      'demo.get.bare.mismatch',
      'demo.head.quoted.mismatch',
      'demo.head.bare.mismatch',
    ]);
    const [getQuoted, , headQuoted] = cases;
    expect(getQuoted).toMatchObject({
      title: 'GET quoted is 412 PreconditionFailed',
      tags: ['if-match', 'get'],
      refs: ['shared', 'get-page'],
    });
    expect(getQuoted!.when).toEqual({ op: 'GetObject', key: 'k', headers: { 'If-Match': '"0"' } });
    expect(getQuoted!.then).toEqual({ status: 412, error: 'PreconditionFailed' });
    expect(headQuoted!.then).toEqual({ status: 412 });
    expect(cases.every((c) => c.source.line === 3)).toBe(true);
  });

  test('an id that does not name every axis, or names one that is not there, is refused', () => {
    const text = (id: string) =>
      `area: demo\ncases:\n  - id: ${id}\n    title: t\n    refs: [r]\n    when: { key: k }\n    then: { status: 200 }\n    each: { op: { get: { when: { op: GetObject } }, head: { when: { op: HeadObject } } } }\n`;
    expect(load(text('demo.fixed')).problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '3 demo.fixed: a case with each needs the axes in its id, e.g. "{op}"',
    ]);
    expect(load(text('demo.{op}.{typo}')).problems.map((p) => `${p.line} ${p.message}`)).toContain(
      '3 "{typo}" names no axis of this case\'s each',
    );
  });

  test('a problem in what one value sets is pointed at in that value', () => {
    const problems = load(`area: demo
cases:
  - id: demo.{op}.x
    title: t
    refs: [r]
    when: { key: k }
    then: { status: 412 }
    each:
      op:
        get: { when: { op: GetObject } }
        head:
          when: { op: HeadObject }
          then: { error: PreconditionFailed }
`).problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '13:26 demo.head.x: HeadObject answers without a body: "error" cannot be checked',
    ]);
  });

  test('presets: given NAME, or { use: NAME } among other steps; an unknown one is refused where it is used', () => {
    const cases = only(`area: demo
presets:
  doc: [{ op: PutObject, key: doc, body: x, capture: { etag: "header:ETag" } }]
cases:
  - { id: demo.a, title: a, refs: [r], given: doc, when: { op: GetObject, key: doc, headers: { If-Match: "\${etag}" } }, then: { status: 200 } }
  - id: demo.b
    title: b
    refs: [r]
    given: [{ use: doc }, { op: DeleteObject, key: doc }]
    when: { op: GetObject, key: doc }
    then: { status: 404 }
`);
    expect(cases[0]!.given).toEqual([{ op: 'PutObject', key: 'doc', body: 'x', capture: { etag: 'header:ETag' } }]);
    expect(cases[1]!.given.map((step) => step.op)).toEqual(['PutObject', 'DeleteObject']);
    const problems = load(
      'area: demo\ncases:\n  - id: demo.a\n    title: a\n    refs: [r]\n    given: docs\n    when: { op: GetObject, key: doc }\n    then: { status: 200 }\n',
    ).problems;
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '6:12 demo.a: no preset "docs" in this file (presets: none)',
    ]);
  });

  test('sseC and copySourceSseC write out the three headers of a key; then.sseC the two S3 echoes', () => {
    const [copy] = only(`area: demo
cases:
  - { id: demo.c, title: c, refs: [r], when: { op: CopyObject, key: t, copySource: { key: s }, sseC: B, copySourceSseC: A }, then: { status: 200, sseC: B } }
`);
    expect(copy!.when.headers).toEqual({
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-server-side-encryption-customer-key': '${ssecKeyB}',
      'x-amz-server-side-encryption-customer-key-MD5': '${ssecKeyMd5B}',
      'x-amz-copy-source-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-copy-source-server-side-encryption-customer-key': '${ssecKeyA}',
      'x-amz-copy-source-server-side-encryption-customer-key-MD5': '${ssecKeyMd5A}',
    });
    expect(copy!.when).not.toHaveProperty('sseC');
    expect(copy!.then).toEqual({
      status: 200,
      headers: {
        'x-amz-server-side-encryption-customer-algorithm': 'AES256',
        'x-amz-server-side-encryption-customer-key-MD5': '${ssecKeyMd5B}',
      },
    });
  });

  test('a header written both ways is refused', () => {
    const problems = load(
      'area: demo\ncases:\n  - { id: demo.p, title: p, refs: [r], when: { op: PutObject, key: k, sseC: A, headers: { X-Amz-Server-Side-Encryption-Customer-Key: other } }, then: { status: 400 } }\n',
    ).problems;
    expect(problems.map((p) => p.message)).toEqual([
      'demo.p: x-amz-server-side-encryption-customer-key is both in headers and in the SSE-C shorthand: write it one way',
    ]);
  });

  test("defaults fill in what a case leaves out; a case's own value wins", () => {
    const cases = only(`area: demo
defaults: { requires: [tls, sse-c] }
cases:
  - { id: demo.a, title: a, refs: [r], when: { op: GetObject, key: k }, then: { status: 404 } }
  - { id: demo.b, title: b, refs: [r], requires: [], when: { op: GetObject, key: k }, then: { status: 404 } }
`);
    expect(cases.map((c) => c.requires)).toEqual([['tls', 'sse-c'], []]);
  });

  test("areas: a case belongs to its file's area first, then to the areas it names", () => {
    const [shared] = only(
      'area: sse-c\ncases:\n  - { id: sse-c.x, title: x, refs: [r], areas: [invalid-request], when: { op: GetObject, key: k }, then: { status: 400 } }\n',
    );
    expect([shared!.area, shared!.areas]).toEqual(['sse-c', ['sse-c', 'invalid-request']]);
  });
});

describe('a title claims exactly what then asserts', () => {
  const titled = (title: string, then: string, given = '') =>
    load(
      `area: demo\ncases:\n  - { id: demo.t, title: "${title}", refs: [r],${given} when: { op: GetObject, key: k }, then: ${then} }\n`,
    ).problems.map((p) => p.message);

  test('an error code the case also accepts but the title leaves out', () => {
    expect(titled('GET is 400 InvalidRequest', '{ status: 400, error: [InvalidRequest, InvalidArgument] }')).toEqual([
      'demo.t: the title names error code InvalidRequest but then also accepts InvalidArgument',
    ]);
    expect(titled('GET is 400 InvalidRequest or InvalidArgument', '{ status: 400, error: [InvalidRequest, InvalidArgument] }')).toEqual([]);
  });

  test('a status or code the case does not assert', () => {
    expect(titled('GET is 404 NoSuchKey', '{ status: 404 }')).toEqual([
      'demo.t: the title names error code NoSuchKey, which then does not assert (it asserts none)',
    ]);
    expect(titled('GET is 412', '{ status: 200 }')).toEqual([
      'demo.t: the title names status 412, which then does not assert (it asserts 200)',
    ]);
  });

  test('numbers in ranges and sizes, a code the case rules out, and a set-up status are not claims', () => {
    expect(titled('GET bytes=10-100 of 100 bytes is 206, not InvalidRange', '{ status: 206 }')).toEqual([]);
    expect(
      titled('After a 412 on the put, GET is 200', '{ status: 200 }', ' given: [{ op: PutObject, key: k, expectStatus: 412 }],'),
    ).toEqual([]);
  });
});
