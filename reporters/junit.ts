// The JUnit XML reporter: one <testsuite> per area, one <testcase> per case, for CI dashboards.
// With a baseline, a known deviation is reported as skipped (with its reason) so that only
// regressions show red.
import { XMLBuilder } from 'fast-xml-parser';
import { casesByArea, countOutcomes, type CaseResult, type RunResult } from '../src/report/model.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderJunit(run: RunResult): string {
  const suites = casesByArea(run.cases).map(([area, cases]) => {
    const counts = junitCounts(cases);
    return {
      '@name': area,
      '@tests': cases.length,
      '@failures': counts.failures,
      '@errors': counts.errors,
      '@skipped': counts.skipped,
      '@time': seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)),
      '@timestamp': run.startedAt.replace(/\.\d+Z$/, ''),
      testcase: cases.map(testcase),
    };
  });
  const total = junitCounts(run.cases);
  const document = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': `s3-conformance ${run.suiteVersion} against ${run.target.name}`,
      '@tests': run.cases.length,
      '@failures': total.failures,
      '@errors': total.errors,
      '@skipped': total.skipped,
      '@time': seconds(run.durationMs),
      testsuite: suites,
    },
  };
  return builder.build(document);
}

function junitCounts(cases: CaseResult[]) {
  const known = cases.filter((c) => c.baseline === 'known').length;
  const counts = countOutcomes(cases.filter((c) => c.baseline !== 'known'));
  return { failures: counts.fail, errors: counts.error, skipped: counts.skip + known };
}

function testcase(result: CaseResult) {
  const base = { '@classname': result.area, '@name': result.id, '@time': seconds(result.durationMs), '@file': result.source.split(':')[0] };
  const details = [
    result.title,
    ...(result.mismatches ?? []).map((m) => `${m.what}: expected ${m.expected}, observed ${m.observed}`),
    ...result.refs.map((ref) => `ref: ${ref}`),
  ].join('\n');
  if (result.baseline === 'known') return { ...base, skipped: { '@message': `known deviation: ${result.baselineReason ?? result.reason ?? ''}` } };
  switch (result.outcome) {
    case 'fail':
      return { ...base, failure: { '@message': result.reason ?? 'failed', '@type': 'mismatch', '#text': details } };
    case 'error':
      return { ...base, error: { '@message': result.reason ?? 'error', '@type': 'error', '#text': details } };
    case 'skip':
      return { ...base, skipped: { '@message': result.reason ?? 'skipped' } };
    default:
      return base;
  }
}
