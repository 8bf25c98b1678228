// The files a user hands the CLI (case files, target profiles, baselines) are read one way: whole,
// within a size limit, as UTF-8 text; a profile or baseline is then parsed as YAML (JSON is YAML)
// and checked against its schema. Every problem is one line naming the file, with line:column
// where there is one: never a stack trace, never the file's text (a profile may hold secrets).
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { nearestNode } from './yaml-nodes.ts';

/** A file that cannot be used as text; `line` and `column` are 0 where no place applies. */
export class InputFileError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line = 0, column = 0) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** What a kind of file may be: how it is named in messages ("a baseline") and its size limit. */
export interface FileKind {
  name: string;
  maxBytes: number;
}

/** YAML aliases a file may expand: far more than any of ours needs, far fewer than an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

const mebibytes = (bytes: number) => `${+(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** The file's text; throws InputFileError when it cannot be read, is too large or is not UTF-8. */
export function readTextFile(path: string, kind: FileKind): string {
  let bytes: Buffer;
  try {
    const { size } = statSync(path);
    if (size > kind.maxBytes)
      throw new InputFileError(`${size} bytes is more than ${kind.name} may have (${kind.maxBytes} bytes, ${mebibytes(kind.maxBytes)})`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // The file may have grown since it was measured.
  if (bytes.length > kind.maxBytes)
    throw new InputFileError(`more than ${kind.name} may have (${kind.maxBytes} bytes, ${mebibytes(kind.maxBytes)})`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column } = placeOf(bytes, firstInvalidUtf8(bytes));
    throw new InputFileError(`not UTF-8 text (${kind.name} is UTF-8)`, line, column);
  }
}

/**
 * Where the first sequence that is not UTF-8 starts. A streaming decode of a prefix fails exactly
 * when the prefix holds an invalid sequence (one cut short at its end is not yet one), so the
 * shortest failing prefix is found by bisection, a few dozen decodes rather than one per byte;
 * the bad sequence starts where the longest whole-decoding prefix before it ends.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  const decodes = (length: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // Without a failing prefix, the fault is a sequence cut short at the very end.
  let failing = bytes.length;
  if (!decodes(failing, true)) {
    let valid = 0;
    while (failing - valid > 1) {
      const middle = Math.floor((valid + failing) / 2);
      if (decodes(middle, true)) valid = middle;
      else failing = middle;
    }
  }
  let start = failing - 1;
  while (start > 0 && failing - start < 4 && !decodes(start, false)) start--;
  return start;
}

/** Line and column (in bytes, from 1) of a byte offset. */
function placeOf(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  for (const byte of before) if (byte === 10) line++;
  return { line, column: offset - (before.lastIndexOf(10) + 1) + 1 };
}

/**
 * A YAML (or JSON) file of `kind`, parsed and checked against `schema`. An empty file reads as
 * `whenEmpty` when given. Every problem is thrown as `fail(message)`, the message starting with
 * the path and, where there is one, line:column.
 */
export function readYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
  kind: FileKind,
  fail: (message: string) => Error,
  whenEmpty?: z.input<S>,
): z.output<S> {
  let text: string;
  try {
    text = readTextFile(path, kind);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw fail(`${path}${error.line > 0 ? `:${error.line}:${error.column}` : ''}: ${error.message}`);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number, message: string) => {
    const { line, col } = lineCounter.linePos(offset);
    return fail(`${path}:${line}:${col}: ${message}`);
  };
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntaxError] = document.errors;
  if (syntaxError) throw at(syntaxError.pos[0], `not YAML: ${syntaxError.message.split('\n')[0]}`);
  let content: unknown;
  try {
    content = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw fail(`${path}: ${(error as Error).message} (${kind.name} may expand at most ${MAX_ALIAS_COUNT} YAML aliases)`);
  }
  if (content == null && whenEmpty === undefined) throw fail(`${path}: empty (${kind.name} cannot be)`);
  const parsed = schema.safeParse(content ?? whenEmpty);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // An unknown key is shown where it is written, not where its mapping starts.
    const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
    const node = nearestNode(
      document,
      path.filter((p): p is string | number => typeof p !== 'symbol'),
    );
    throw at(node?.range?.[0] ?? 0, `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}
