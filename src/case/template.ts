// `${...}` templates in case values. A template inserts a capture made by an earlier step or a
// built-in value, optionally shifted in time and formatted:
//   ${etag}                        the captured value as it was observed
//   ${lastModified + 1d}           an HTTP date one day later, as an IMF-fixdate
//   ${lastModified - 1h | rfc850}  ... in the obsolete RFC 850 format (RFC 9110 section 5.6.7)
//   ${etag | unquote}              the ETag without its quotes;  | weak  gives W/"..."
//   ${versionId | tampered}        the same value with its last four characters changed
// The loader parses every template before anything runs, so a typo is a file:line error, not a
// failure on the server.

export const DATE_FORMATS = ['imf', 'rfc850', 'asctime', 'iso'] as const;
const VALUE_FILTERS = ['unquote', 'weak', 'upper', 'lower', 'tampered'] as const;
export const FILTERS = [...DATE_FORMATS, ...VALUE_FILTERS] as const;
type Filter = (typeof FILTERS)[number];

/** Values the engine provides to every case; `bucket.<alias>` is also built in. */
export const BUILTIN_NAMES = [
  'bucket',
  'now',
  'accountId',
  'secondAccountId',
  'ssecKeyA',
  'ssecKeyMd5A',
  'ssecKeyB',
  'ssecKeyMd5B',
  'ssecShortKey',
  'ssecShortKeyMd5',
] as const;

export interface TemplateRef {
  name: string;
  offsetSeconds: number;
  filters: Filter[];
}

export type TemplatePart = string | TemplateRef;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, y: 365 * 86400 };

export class TemplateError extends Error {}

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    if (start < 0) {
      parts.push(rest);
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start));
    const end = rest.indexOf('}', start);
    if (end < 0) throw new TemplateError(`unterminated \${ in ${JSON.stringify(text)}`);
    parts.push(parseReference(rest.slice(start + 2, end)));
    rest = rest.slice(end + 1);
  }
  return parts;
}

function parseReference(expression: string): TemplateRef {
  const [head = '', ...filterTexts] = expression.split('|').map((piece) => piece.trim());
  const match = /^([A-Za-z][\w.-]*)((?:\s*[+-]\s*\d+\s*[smhdy])*)$/.exec(head);
  if (!match) throw new TemplateError(`cannot read \${${expression}}: expected a name, optional +/- offsets (e.g. + 1d) and | filters`);
  let offsetSeconds = 0;
  for (const offset of (match[2] ?? '').matchAll(/([+-])\s*(\d+)\s*([smhdy])/g)) {
    const seconds = Number(offset[2]) * (UNIT_SECONDS[offset[3]!] ?? 0);
    offsetSeconds += offset[1] === '-' ? -seconds : seconds;
  }
  const filters = filterTexts.map((filter) => {
    if (!(FILTERS as readonly string[]).includes(filter)) {
      throw new TemplateError(`unknown filter "${filter}" in \${${expression}}; known: ${FILTERS.join(', ')}`);
    }
    return filter as Filter;
  });
  return { name: match[1]!, offsetSeconds, filters };
}

export type TemplateValues = ReadonlyMap<string, string>;

export function renderTemplate(text: string, values: TemplateValues): string {
  return parseTemplate(text)
    .map((part) => (typeof part === 'string' ? part : renderReference(part, values)))
    .join('');
}

function renderReference(ref: TemplateRef, values: TemplateValues): string {
  const raw = values.get(ref.name);
  if (raw === undefined) throw new TemplateError(`\${${ref.name}} has no value in this case`);
  const isDate = ref.offsetSeconds !== 0 || ref.filters.some((f) => (DATE_FORMATS as readonly string[]).includes(f));
  let value = raw;
  if (isDate) {
    const instant = Date.parse(raw);
    if (Number.isNaN(instant)) throw new TemplateError(`\${${ref.name}} is not a date: ${JSON.stringify(raw)}`);
    const format = ref.filters.find((f): f is (typeof DATE_FORMATS)[number] => (DATE_FORMATS as readonly string[]).includes(f));
    value = formatHttpDate(new Date(instant + ref.offsetSeconds * 1000), format ?? 'imf');
  }
  for (const filter of ref.filters) value = applyValueFilter(value, filter);
  return value;
}

function applyValueFilter(value: string, filter: Filter): string {
  switch (filter) {
    case 'unquote':
      return value.replace(/^"(.*)"$/, '$1');
    case 'weak':
      return `W/${value}`;
    case 'upper':
      return value.toUpperCase();
    case 'lower':
      return value.toLowerCase();
    case 'tampered':
      // Same length and alphabet, last four characters changed: a well-formed id that names nothing.
      return value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    default:
      return value; // date formats were applied above
  }
}

const DAY_NAMES_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The three HTTP date formats of RFC 9110 section 5.6.7, and ISO 8601 for contrast. */
export function formatHttpDate(date: Date, format: (typeof DATE_FORMATS)[number]): string {
  const imf = date.toUTCString(); // "Sun, 06 Nov 1994 08:49:37 GMT"
  const [dayShort, day, month, year, time] = imf.replace(',', '').split(' ');
  switch (format) {
    case 'imf':
      return imf;
    case 'rfc850':
      return `${DAY_NAMES_LONG[date.getUTCDay()]}, ${day}-${month}-${year!.slice(2)} ${time} GMT`;
    case 'asctime':
      return `${dayShort} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
    case 'iso':
      return date.toISOString();
  }
}
