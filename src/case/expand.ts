// Case sources → case definitions: the file's defaults and presets filled in, each `each`
// expanded into one case per combination, and the SSE-C shorthands written out as the headers
// they stand for. What comes out is what the engine runs; nothing of the sugar is left.
import { SSE_C_KEYS, type CaseFileSource, type CaseSource, type GivenStep } from './schema.ts';

export interface ExpansionProblem {
  /** Path below the case in the file, for the file:line:column of the message. */
  path: (string | number)[];
  message: string;
}

export interface ExpandedCase {
  /** What caseSchema validates next: a case without presets, axes or shorthands. */
  definition: Record<string, unknown>;
  /** Index of the case in the file's `cases`, for its line. */
  index: number;
  /** Where the combination's values are written (`['each', axis, value]`), last axis first: a problem in what a value set is found there. */
  variantPaths: string[][];
  problems: ExpansionProblem[];
}

export function expandCaseFile(file: CaseFileSource): ExpandedCase[] {
  return file.cases.flatMap((source, index) =>
    combinations(source).map((combination) => {
      const problems: ExpansionProblem[] = [];
      const merged = applyVariants(source, combination);
      const definition = {
        ...merged,
        id: nameCombination(source.id, combination, ['id'], problems),
        title: merged.title === undefined ? undefined : nameCombination(merged.title, combination, ['title'], problems),
        requires: merged.requires ?? file.defaults?.requires,
        buckets: merged.buckets ?? file.defaults?.buckets,
        given: resolvePresets(merged.given, file.presets ?? {}, problems).map((step, stepIndex) =>
          writeOutSseC(step, ['given', stepIndex], problems),
        ),
        when: writeOutSseC(merged.when, ['when'], problems),
        then: writeOutEchoedSseC(merged.then, problems),
      };
      const variantPaths = combination.map(({ axis, value }) => ['each', axis, value]).reverse();
      return { definition, index, variantPaths, problems };
    }),
  );
}

type Variant = NonNullable<CaseSource['each']>[string][string];
type Combination = { axis: string; value: string; variant: Variant }[];

function combinations(source: CaseSource): Combination[] {
  let result: Combination[] = [[]];
  for (const [axis, values] of Object.entries(source.each ?? {})) {
    result = result.flatMap((partial) => Object.entries(values).map(([value, variant]) => [...partial, { axis, value, variant }]));
  }
  return result;
}

/** Lists (`tags`, `refs`) grow, `when` and `then` merge key by key, every other field is replaced. */
function applyVariants(source: CaseSource, combination: Combination): Omit<CaseSource, 'each'> {
  const { each: _axes, ...base } = source;
  return combination.reduce<Omit<CaseSource, 'each'>>(
    (merged, { variant }) => ({
      ...merged,
      ...variant,
      tags: [...merged.tags, ...(variant.tags ?? [])],
      refs: [...merged.refs, ...(variant.refs ?? [])],
      when: { ...merged.when, ...variant.when },
      then: { ...merged.then, ...variant.then },
    }),
    base,
  );
}

function nameCombination(text: string, combination: Combination, path: string[], problems: ExpansionProblem[]): string {
  let named = text;
  for (const { axis, value } of combination) named = named.replaceAll(`{${axis}}`, value);
  const left = /\{([^}]*)\}/.exec(named);
  if (left) problems.push({ path, message: `"{${left[1]}}" names no axis of this case's each` });
  if (path[0] === 'id' && combination.length > 0 && named === text)
    problems.push({ path, message: `a case with each needs the axes in its id, e.g. "{${combination[0]!.axis}}"` });
  return named;
}

type GivenList = CaseSource['given'];

function resolvePresets(given: GivenList, presets: Record<string, GivenStep[]>, problems: ExpansionProblem[]): GivenStep[] {
  const preset = (name: string, path: (string | number)[]): GivenStep[] => {
    const steps = presets[name];
    if (!steps)
      problems.push({ path, message: `no preset "${name}" in this file (presets: ${Object.keys(presets).join(', ') || 'none'})` });
    return steps ?? [];
  };
  if (typeof given === 'string') return preset(given, ['given']);
  return given.flatMap((step, index) => ('use' in step ? preset(step.use, ['given', index]) : [step]));
}

const SSE_C_HEADER = 'x-amz-server-side-encryption-customer';
const COPY_SOURCE_SSE_C_HEADER = 'x-amz-copy-source-server-side-encryption-customer';

function sseCHeaders(prefix: string, keyName: keyof typeof SSE_C_KEYS): Record<string, string> {
  const [key, keyMd5] = SSE_C_KEYS[keyName];
  return { [`${prefix}-algorithm`]: 'AES256', [`${prefix}-key`]: `\${${key}}`, [`${prefix}-key-MD5`]: `\${${keyMd5}}` };
}

function withHeaders<T extends { headers?: Record<string, unknown> }>(
  target: T,
  added: Record<string, string>,
  path: (string | number)[],
  problems: ExpansionProblem[],
): T {
  const written = Object.keys(target.headers ?? {}).map((name) => name.toLowerCase());
  for (const name of Object.keys(added)) {
    if (written.includes(name.toLowerCase()))
      problems.push({
        path: [...path, 'headers', name],
        message: `${name} is both in headers and in the SSE-C shorthand: write it one way`,
      });
  }
  return { ...target, headers: { ...added, ...target.headers } };
}

function writeOutSseC<
  T extends { sseC?: keyof typeof SSE_C_KEYS; copySourceSseC?: keyof typeof SSE_C_KEYS; headers?: Record<string, string> },
>(request: T, path: (string | number)[], problems: ExpansionProblem[]): Omit<T, 'sseC' | 'copySourceSseC'> {
  const { sseC, copySourceSseC, ...rest } = request;
  let written = rest;
  if (sseC) written = withHeaders(written, sseCHeaders(SSE_C_HEADER, sseC), path, problems);
  if (copySourceSseC) written = withHeaders(written, sseCHeaders(COPY_SOURCE_SSE_C_HEADER, copySourceSseC), path, problems);
  return written;
}

function writeOutEchoedSseC(then: CaseSource['then'], problems: ExpansionProblem[]): Omit<CaseSource['then'], 'sseC'> {
  const { sseC, ...rest } = then;
  if (!sseC) return rest;
  const { [`${SSE_C_HEADER}-key`]: _key, ...echoed } = sseCHeaders(SSE_C_HEADER, sseC);
  return withHeaders(rest, echoed, ['then'], problems);
}
