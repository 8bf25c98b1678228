// The JSON Schema of case files, generated from the zod schema so that the two cannot drift.
// `npm run gen` writes it to schema/case-file.schema.json; a self-test checks it is current.
import { join } from 'node:path';
import { z } from 'zod';
import { caseFileSchema } from '../case/schema.ts';
import { packageRoot } from '../package-root.ts';

export const caseFileJsonSchemaPath = join(packageRoot, 'schema', 'case-file.schema.json');

export function caseFileJsonSchema(): string {
  // `input`: what a person writes, so keys with defaults are optional.
  const schema = z.toJSONSchema(caseFileSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 's3-conformance case file' }, null, 2)}\n`;
}
