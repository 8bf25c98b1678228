// Case files → validated cases. Everything wrong with a case file is found here, before any
// request is sent, and reported with file:line:column.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { nearestNode, nodeAt } from './yaml-nodes.ts';
import type { ZodError } from 'zod';
import { OPERATIONS } from './operations.ts';
import { caseFileSchema, type CaseDefinition, type RequestSpec, type ValidatedCase } from './schema.ts';
import { BUILTIN_NAMES, parseTemplate, TemplateError } from './template.ts';

export interface CaseFileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class CaseFileError extends Error {
  readonly problems: CaseFileProblem[];
  constructor(problems: CaseFileProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.problems = problems;
  }
}

/** Every `*.yaml`/`*.yml` below the given folders or files, in a stable order. */
export function findCaseFiles(paths: string[]): string[] {
  const files: string[] = [];
  const visit = (path: string): void => {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) throw new CaseFileError([{ file: path, line: 0, column: 0, message: 'no such file or folder' }]);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (/\.ya?ml$/.test(path)) {
      files.push(path);
    }
  };
  for (const path of paths) visit(resolve(path));
  return files;
}

/** Loads and validates case files; throws one CaseFileError listing every problem found. */
export function loadCases(paths: string[]): ValidatedCase[] {
  const problems: CaseFileProblem[] = [];
  const cases: ValidatedCase[] = [];
  const firstSeen = new Map<string, string>();
  for (const file of findCaseFiles(paths)) {
    const displayName = relative(process.cwd(), file) || file;
    const loaded = loadCaseFile(displayName, readFileSync(file, 'utf8'));
    problems.push(...loaded.problems);
    for (const testCase of loaded.cases) {
      const where = `${displayName}:${testCase.source.line}`;
      const earlier = firstSeen.get(testCase.id);
      if (earlier) {
        problems.push({ file: displayName, line: testCase.source.line, column: 1, message: `duplicate id "${testCase.id}" (first defined at ${earlier})` });
      } else {
        firstSeen.set(testCase.id, where);
        cases.push(testCase);
      }
    }
  }
  if (problems.length > 0) throw new CaseFileError(problems);
  return cases;
}

export function loadCaseFile(file: string, text: string): { cases: ValidatedCase[]; problems: CaseFileProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): CaseFileProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, message };
  };
  if (document.errors.length > 0) {
    return { cases: [], problems: document.errors.map((error) => at(error.pos[0], `YAML: ${error.message.split('\n')[0]}`)) };
  }
  const parsed = caseFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return { cases: [], problems: describeSchemaErrors(parsed.error, document, at) };
  }
  const problems: CaseFileProblem[] = [];
  const cases = parsed.data.cases.map((definition, index): ValidatedCase => {
    const offsetOf = (path: (string | number)[]): number => nodeAt(document, ['cases', index, ...path])?.range?.[0] ?? 0;
    for (const problem of checkCaseSemantics(definition)) problems.push(at(offsetOf(problem.path), problem.message));
    return { ...definition, area: parsed.data.area, source: { file, line: lineCounter.linePos(offsetOf([])).line } };
  });
  return { cases, problems };
}

function describeSchemaErrors(error: ZodError, document: Document, at: (offset: number, message: string) => CaseFileProblem): CaseFileProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    const where = path.length > 0 ? path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      // Point at the unknown key itself rather than at the object holding it.
      const keyNode = findKeyNode(nodeAt(document, path), issue.keys[0] ?? '');
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return at(keyNode?.range?.[0] ?? nodeAt(document, path)?.range?.[0] ?? 0, `${path.length > 0 ? `${where}: ` : ''}unknown key ${keys}`);
    }
    return at(nearestNode(document, path)?.range?.[0] ?? 0, `${where}: ${issue.message}`);
  });
}

function findKeyNode(mapNode: Node | undefined, key: string): Node | undefined {
  if (!isMap(mapNode)) return undefined;
  const pair = mapNode.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

interface SemanticProblem {
  path: (string | number)[];
  message: string;
}

/** What the schema alone cannot say: parameters an operation needs, templates, capture order. */
export function checkCaseSemantics(definition: CaseDefinition): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const known = new Set<string>([...BUILTIN_NAMES, ...definition.buckets.map((alias) => `bucket.${alias}`)]);

  const checkRequest = (request: RequestSpec, path: (string | number)[]): void => {
    for (const param of OPERATIONS[request.op].required) {
      if (request[param] === undefined) problems.push({ path: [...path, 'op'], message: `${request.op} needs "${param}"` });
    }
    for (const alias of [request.bucket, request.copySource?.bucket]) {
      if (alias !== undefined && !definition.buckets.includes(alias)) {
        problems.push({ path, message: `bucket alias "${alias}" is not in this case's buckets (${definition.buckets.join(', ')})` });
      }
    }
    checkTemplates(request, path);
  };

  const checkTemplates = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      try {
        for (const part of parseTemplate(value)) {
          if (typeof part !== 'string' && !known.has(part.name)) {
            problems.push({ path, message: `\${${part.name}} is used before any step captures it` });
          }
        }
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        problems.push({ path, message: error.message });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => checkTemplates(item, [...path, index]));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // Regular expressions and header names are not templates.
        if (key !== 'matches' && key !== 'message') checkTemplates(item, [...path, key]);
      }
    }
  };

  definition.given.forEach((step, index) => {
    const { capture, ...request } = step;
    checkRequest(request, ['given', index]);
    for (const name of Object.keys(capture ?? {})) {
      if (known.has(name) && (BUILTIN_NAMES as readonly string[]).includes(name)) {
        problems.push({ path: ['given', index, 'capture', name], message: `"${name}" is a built-in value and cannot be captured` });
      }
      known.add(name);
    }
  });
  checkRequest(definition.when, ['when']);
  checkTemplates(definition.then, ['then']);
  if (OPERATIONS[definition.when.op].method === 'HEAD') {
    // A HEAD response has no body (RFC 9110 section 9.3.2): an expectation on one could never be met.
    for (const key of ['error', 'message', 'xml'] as const) {
      if (definition.then[key] !== undefined) problems.push({ path: ['then', key], message: `${definition.when.op} answers without a body: "${key}" cannot be checked` });
    }
  }
  const { then } = definition;
  const expectations = [...Object.values(then.headers ?? {}), ...Object.values(then.xml ?? {})];
  const patterns = [then.message, ...expectations.map((e) => (typeof e === 'object' && 'matches' in e ? e.matches : undefined))];
  for (const pattern of patterns) {
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern);
    } catch {
      problems.push({ path: ['then'], message: `invalid regular expression: ${pattern}` });
    }
  }
  return problems;
}
