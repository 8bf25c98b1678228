// docs/cases.md: the case index, per area, generated from the case files (`npm run gen`); a
// self-test checks it is current.
import { join } from 'node:path';
import { loadCases } from '../case/loader.ts';
import { casesByArea } from '../report/model.ts';
import { packageRoot } from '../package-root.ts';

export const caseIndexPath = join(packageRoot, 'docs', 'cases.md');

export function caseIndex(): string {
  const cases = loadCases([join(packageRoot, 'suites')]);
  const areas = casesByArea(cases);
  const lines = [
    '# Case index',
    '',
    'Generated from `suites/` by `npm run gen`; do not edit.',
    '',
    '| area | cases |',
    '|---|---:|',
    ...areas.map(([area, list]) => `| [${area}](#${area}) | ${list.length} |`),
    `| **all** | ${cases.length} |`,
  ];
  for (const [area, list] of areas) {
    lines.push('', `## ${area}`, '', '| id | title | requires | also in |', '|---|---|---|---|');
    for (const c of list)
      lines.push(`| \`${c.id}\` | ${c.title.replace(/\|/g, '\\|')} | ${c.requires.join(', ')} | ${c.areas.slice(1).join(', ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
