// Regenerates every generated file: `npm run gen`.
import { writeFileSync } from 'node:fs';
import { caseFileJsonSchema, caseFileJsonSchemaPath } from './case-file-json-schema.ts';

writeFileSync(caseFileJsonSchemaPath, caseFileJsonSchema());
console.log(`wrote ${caseFileJsonSchemaPath}`);
