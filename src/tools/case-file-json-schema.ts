// The JSON Schema of case files, generated from the zod schema so that the two cannot drift.
// `npm run gen` writes it to schema/case-file.schema.json; a self-test checks it is current.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { caseFileSchema } from '../case/schema.ts';

export const caseFileJsonSchemaPath = fileURLToPath(new URL('../../schema/case-file.schema.json', import.meta.url));

export function caseFileJsonSchema(): string {
  // `input`: what a person writes, so keys with defaults are optional.
  const schema = z.toJSONSchema(caseFileSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 's3-conformance case file' }, null, 2)}\n`;
}
