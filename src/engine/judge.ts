// The judge: one expectation, one observed response, a list of mismatches. Empty means pass.
import type { Expectation, HeaderExpectation, XmlExpectation } from '../case/schema.ts';
import { renderTemplate, type TemplateValues } from '../case/template.ts';
import { materializeBody } from './bodies.ts';
import { resolveXmlPath, xmlText, type ReadResponse } from './observe.ts';
import type { Mismatch } from './verdict.ts';

const oneOf = (values: readonly (string | number)[]) => (values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`);

export function judge(expectation: Expectation, observed: ReadResponse, values: TemplateValues): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const render = (text: string) => renderTemplate(text, values);

  const statuses = Array.isArray(expectation.status) ? expectation.status : [expectation.status];
  if (!statuses.includes(observed.status)) {
    mismatches.push({ what: 'status', expected: oneOf(statuses), observed: String(observed.status) });
  }

  if (expectation.error !== undefined) {
    const codes = Array.isArray(expectation.error) ? expectation.error : [expectation.error];
    if (observed.errorCode === undefined || !codes.includes(observed.errorCode)) {
      mismatches.push({ what: 'error', expected: oneOf(codes), observed: observed.errorCode ?? describeMissingError(observed) });
    }
  }
  if (expectation.message !== undefined && !new RegExp(expectation.message, 'i').test(observed.errorMessage ?? '')) {
    mismatches.push({ what: 'error message', expected: `/${expectation.message}/i`, observed: observed.errorMessage ?? '(none)' });
  }

  for (const [name, headerExpectation] of Object.entries(expectation.headers ?? {})) {
    const problem = checkValue(headerExpectation, observed.headers[name.toLowerCase()], render);
    if (problem) mismatches.push({ what: `header ${name}`, ...problem });
  }

  for (const [path, xmlExpectation] of Object.entries(expectation.xml ?? {})) {
    const nodes = resolveXmlPath(observed.xml, path);
    if (typeof xmlExpectation === 'object' && 'count' in xmlExpectation) {
      if (nodes.length !== xmlExpectation.count)
        mismatches.push({ what: `xml ${path}`, expected: `${xmlExpectation.count} element(s)`, observed: `${nodes.length}` });
      continue;
    }
    if (nodes.length > 1) {
      mismatches.push({ what: `xml ${path}`, expected: 'exactly one element', observed: `${nodes.length} elements (add [i] to the path)` });
      continue;
    }
    const problem = checkValue(xmlExpectation as HeaderExpectation, nodes.length === 0 ? undefined : xmlText(nodes[0]), render);
    if (problem) mismatches.push({ what: `xml ${path}`, ...problem });
  }

  if (expectation.body !== undefined) {
    const expectedBody =
      typeof expectation.body === 'object' && 'empty' in expectation.body ? Buffer.alloc(0) : materializeBody(expectation.body, values);
    if (!expectedBody.equals(observed.body)) mismatches.push({ what: 'body', ...describeBodyDifference(expectedBody, observed.body) });
  }
  if (expectation.bodyLength !== undefined && observed.body.length !== expectation.bodyLength) {
    mismatches.push({ what: 'body length', expected: String(expectation.bodyLength), observed: String(observed.body.length) });
  }
  return mismatches;
}

function describeMissingError(observed: ReadResponse): string {
  if (observed.xmlError) return `(body is not well-formed XML: ${observed.xmlError})`;
  if (observed.body.length === 0) return '(no error body)';
  return '(no Error/Code in the body)';
}

function checkValue(
  expectation: HeaderExpectation | XmlExpectation,
  observed: string | undefined,
  render: (text: string) => string,
): Omit<Mismatch, 'what'> | undefined {
  const shown = observed ?? '(absent)';
  if (typeof expectation === 'string' || 'equals' in expectation) {
    const expected = render(typeof expectation === 'string' ? expectation : expectation.equals);
    return observed === expected ? undefined : { expected, observed: shown };
  }
  if ('oneOf' in expectation) {
    const accepted = expectation.oneOf.map(render);
    return observed !== undefined && accepted.includes(observed) ? undefined : { expected: oneOf(accepted), observed: shown };
  }
  if ('matches' in expectation) {
    return observed !== undefined && new RegExp(expectation.matches).test(observed)
      ? undefined
      : { expected: `/${expectation.matches}/`, observed: shown };
  }
  if ('present' in expectation) {
    const present = observed !== undefined;
    return present === expectation.present ? undefined : { expected: expectation.present ? '(present)' : '(absent)', observed: shown };
  }
  return undefined;
}

function describeBodyDifference(expected: Buffer, observed: Buffer): Omit<Mismatch, 'what'> {
  let offset = 0;
  while (offset < expected.length && offset < observed.length && expected[offset] === observed[offset]) offset++;
  const preview = (bytes: Buffer) => (bytes.length <= 64 ? JSON.stringify(bytes.toString('latin1')) : `${bytes.length} bytes`);
  return {
    expected: `${preview(expected)} (${expected.length} bytes)`,
    observed: `${preview(observed)} (${observed.length} bytes, first difference at byte ${offset})`,
  };
}
