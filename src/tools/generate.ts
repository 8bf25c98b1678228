// Regenerates every generated file: `npm run gen`. A self-test fails when one is stale.
import { writeFileSync } from 'node:fs';
import { caseFileJsonSchema, caseFileJsonSchemaPath } from './case-file-json-schema.ts';
import { caseIndex, caseIndexPath } from './case-index.ts';

for (const [path, content] of [
  [caseFileJsonSchemaPath, caseFileJsonSchema()],
  [caseIndexPath, caseIndex()],
] as const) {
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
