// Case files → validated cases. Everything wrong with a case file is found here, before any
// request is sent, and reported with file:line:column.
import { readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { nearestNode, nodeAt } from './yaml-nodes.ts';
import type { ZodError } from 'zod';
import { OPERATIONS } from './operations.ts';
import { caseFileSchema, caseSchema, type CaseDefinition, type RequestSpec, type ValidatedCase } from './schema.ts';
import { BUILTIN_NAMES, parseTemplate, TemplateError } from './template.ts';
import { expandCaseFile } from './expand.ts';
import { checkTitle } from './title.ts';
import { InputFileError, MAX_ALIAS_COUNT, readTextFile } from './input-file.ts';

/** A case file is a page of YAML, not a data set; anything larger is refused before it is parsed. */
export const MAX_CASE_FILE_BYTES = 1024 * 1024;

export interface CaseFileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class CaseFileError extends Error {
  readonly problems: CaseFileProblem[];
  constructor(problems: CaseFileProblem[]) {
    // A problem with the whole file (unreadable, too large) has no line to name.
    super(problems.map((p) => `${p.file}${p.line > 0 ? `:${p.line}:${p.column}` : ''}: ${p.message}`).join('\n'));
    this.problems = problems;
  }
}

/** Every `*.yaml`/`*.yml` below the given folders or files, in a stable order. */
export function findCaseFiles(paths: string[]): string[] {
  const files: string[] = [];
  const problems: CaseFileProblem[] = [];
  const problem = (file: string, message: string): void => {
    problems.push({ file: relative(process.cwd(), file) || file, line: 0, column: 0, message });
  };
  const foldersVisited = new Set<string>();
  const visit = (path: string): void => {
    let stats: Stats | undefined;
    try {
      stats = statSync(path, { throwIfNoEntry: false });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return problem(
        path,
        code === 'ELOOP' ? 'a symbolic link that points back to itself (ELOOP)' : `cannot be read (${code ?? String(error)})`,
      );
    }
    if (!stats) return problem(path, 'no such file or folder');
    if (stats.isDirectory()) {
      // A link to a folder above it would be walked forever.
      const real = realpathSync(path);
      if (foldersVisited.has(real)) return problem(path, `a symbolic link loop: this folder is ${real}, already visited`);
      foldersVisited.add(real);
      let entries: string[];
      try {
        entries = readdirSync(path).sort();
      } catch (error) {
        return problem(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      for (const entry of entries) visit(join(path, entry));
      foldersVisited.delete(real);
    } else if (/\.ya?ml$/.test(path)) {
      files.push(path);
    }
  };
  for (const path of paths) {
    const found = files.length;
    const problemsBefore = problems.length;
    visit(resolve(path));
    if (files.length === found && problems.length === problemsBefore)
      problem(resolve(path), `no case files under ${path} (a case file ends in .yaml or .yml)`);
  }
  if (problems.length > 0) throw new CaseFileError(problems);
  return files;
}

/** Loads and validates case files; throws one CaseFileError listing every problem found. */
export function loadCases(paths: string[]): ValidatedCase[] {
  const problems: CaseFileProblem[] = [];
  const cases: ValidatedCase[] = [];
  const firstSeen = new Map<string, string>();
  for (const file of findCaseFiles(paths)) {
    const displayName = relative(process.cwd(), file) || file;
    const text = readCaseFile(file, displayName);
    if (typeof text !== 'string') {
      problems.push(text);
      continue;
    }
    const loaded = loadCaseFile(displayName, text);
    problems.push(...loaded.problems);
    for (const testCase of loaded.cases) {
      const where = `${displayName}:${testCase.source.line}`;
      const earlier = firstSeen.get(testCase.id);
      if (earlier) {
        problems.push({
          file: displayName,
          line: testCase.source.line,
          column: 1,
          message: `duplicate id "${testCase.id}" (first defined at ${earlier})`,
        });
      } else {
        firstSeen.set(testCase.id, where);
        cases.push(testCase);
      }
    }
  }
  if (problems.length > 0) throw new CaseFileError(problems);
  return cases;
}

/** The file's text, or the problem that keeps it from being read: unreadable, too large, not UTF-8. */
function readCaseFile(file: string, displayName: string): string | CaseFileProblem {
  try {
    return readTextFile(file, { name: 'a case file', maxBytes: MAX_CASE_FILE_BYTES });
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    return { file: displayName, line: error.line, column: error.column, message: error.message };
  }
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
  let content: unknown;
  try {
    content = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // An alias bomb: aliases of aliases that would expand beyond any memory.
    return {
      cases: [],
      problems: [at(0, `YAML: ${(error as Error).message} (a case file may expand at most ${MAX_ALIAS_COUNT} aliases)`)],
    };
  }
  const parsed = caseFileSchema.safeParse(content);
  if (!parsed.success) {
    return { cases: [], problems: describeSchemaErrors(parsed.error, document, at) };
  }
  const problems: CaseFileProblem[] = [];
  const cases: ValidatedCase[] = [];
  for (const expanded of expandCaseFile(parsed.data)) {
    const inCase = ['cases', expanded.index];
    const offsetOf = (path: (string | number)[]): number => {
      // A key a variant of `each` set is pointed at where that variant writes it.
      const written = expanded.variantPaths
        .map((variant) => nodeAt(document, [...inCase, ...variant, ...path]))
        .find((node) => node !== undefined);
      return (written ?? nearestNode(document, [...inCase, ...path]))?.range?.[0] ?? 0;
    };
    const id = String(expanded.definition.id);
    const named = (message: string) => (id.includes('{') ? message : `${id}: ${message}`);
    for (const problem of expanded.problems) problems.push(at(offsetOf(problem.path), named(problem.message)));
    const validated = caseSchema.safeParse(expanded.definition);
    if (!validated.success) {
      for (const issue of validated.error.issues) {
        const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
        problems.push(at(offsetOf(path), named(`${path.join('.') || '(case)'}: ${issue.message}`)));
      }
      continue;
    }
    const definition = validated.data;
    for (const problem of checkCaseSemantics(definition)) problems.push(at(offsetOf(problem.path), named(problem.message)));
    const areas = [parsed.data.area, ...definition.areas.filter((area) => area !== parsed.data.area)];
    cases.push({
      ...definition,
      area: parsed.data.area,
      areas,
      source: { file, line: lineCounter.linePos(nodeAt(document, inCase)?.range?.[0] ?? 0).line },
    });
  }
  // A problem in what the combinations of an `each` share is found once per combination: say it once.
  const unique = new Map(problems.map((problem) => [`${problem.line}:${problem.column}:${problem.message}`, problem]));
  return { cases, problems: [...unique.values()] };
}

function describeSchemaErrors(
  error: ZodError,
  document: Document,
  at: (offset: number, message: string) => CaseFileProblem,
): CaseFileProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    const where = path.length > 0 ? path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      // Point at the unknown key itself rather than at the object holding it.
      const keyNode = findKeyNode(nodeAt(document, path), issue.keys[0] ?? '');
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return at(
        keyNode?.range?.[0] ?? nodeAt(document, path)?.range?.[0] ?? 0,
        `${path.length > 0 ? `${where}: ` : ''}unknown key ${keys}`,
      );
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
      if (definition.then[key] !== undefined)
        problems.push({ path: ['then', key], message: `${definition.when.op} answers without a body: "${key}" cannot be checked` });
    }
  }
  const setUpStatuses = definition.given.flatMap((step) => (step.expectStatus === undefined ? [] : [step.expectStatus].flat()));
  for (const message of checkTitle(definition.title, definition.then, setUpStatuses)) problems.push({ path: ['title'], message });
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
