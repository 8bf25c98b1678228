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
    expect(problemsOf(validCase.replace('    title: one', '    title: one\n    titel: typo'))).toEqual(['5:5 cases.0: unknown key "titel"']);
  });

  test('a wrong type names the path', () => {
    expect(problemsOf(validCase.replace('then: { status: 200 }', 'then: { status: "ok" }'))).toEqual([
      expect.stringMatching(/^9:\d+ cases\.0\.then\.status: /),
    ]);
  });

  test('an unknown operation is refused with the list of known ones', () => {
    expect(problemsOf(validCase.replace('op: GetObject', 'op: FetchObject'))).toEqual([expect.stringMatching(/^8:\d+ cases\.0\.when\.op: .*GetObject/)]);
  });

  test('a capture used before any step makes it is refused', () => {
    expect(problemsOf(validCase.replace('capture: { etag: "header:ETag" }', 'capture: { other: "header:ETag" }'))).toEqual([
      expect.stringMatching(/^8:\d+ \$\{etag\} is used before any step captures it/),
    ]);
  });

  test('a parameter the operation needs is required', () => {
    expect(problemsOf(validCase.replace('{ op: GetObject, key: k,', '{ op: GetObject,'))).toEqual([expect.stringMatching(/^8:\d+ GetObject needs "key"/)]);
  });

  test('an expectation on the body of a HEAD response is refused', () => {
    expect(problemsOf(validCase.replace('op: GetObject, key: k,', 'op: HeadObject, key: k,').replace('then: { status: 200 }', 'then: { status: 412, error: PreconditionFailed }'))).toEqual([
      expect.stringMatching(/^9:\d+ HeadObject answers without a body: "error" cannot be checked/),
    ]);
  });

  test('an unknown template filter is refused', () => {
    expect(problemsOf(validCase.replace('${etag}', '${etag | shout}'))).toEqual([expect.stringMatching(/unknown filter "shout"/)]);
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
