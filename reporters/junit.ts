// The JUnit XML reporter: one <testsuite> per area, one <testcase> per case, for CI dashboards.
// With a baseline, a known deviation is reported as skipped (with its reason) so that only
// regressions show red. A flaky case (failed, then passed a rerun) is a failure: the schema has no
// flaky state, and an unexplained flaky case fails the run.
import { XMLBuilder } from 'fast-xml-parser';
import {
  casesByArea,
  countOutcomes,
  describeInterruption,
  describeServerStop,
  describeUnclaimedCapability,
  type CaseResult,
  type RunResult,
} from '../src/report/model.ts';
import { describeMismatch } from '../src/engine/verdict.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true });
const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderJunit(run: RunResult): string {
  const properties = {
    property: [
      ['target', run.target.name],
      ['endpoint', run.target.endpoint],
      ['server version', run.target.version ?? 'not reported'],
      ['suite version', run.suiteVersion],
      ...(run.unclaimedCapabilities ?? []).map((u) => [
        `unclaimed capability ${u.capability}`,
        describeUnclaimedCapability(run.target.name, u),
      ]),
      ...(run.interrupted ? [['interrupted', describeInterruption(run)!]] : []),
      ...(run.serverStoppedAnswering ? [['server stopped answering', describeServerStop(run)!]] : []),
    ].map(([name, value]) => ({ '@name': name, '@value': value })),
  };
  const suites = casesByArea(run.cases).map(([area, cases], index) => {
    const counts = junitCounts(cases);
    return {
      '@name': area,
      '@package': 's3-conformance',
      '@id': index,
      '@hostname': 'localhost',
      '@tests': cases.length,
      '@failures': counts.failures,
      '@errors': counts.errors,
      '@skipped': counts.skipped,
      '@time': seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)),
      // Without a time zone, as the Ant JUnit schema wants; the run's start is in UTC.
      '@timestamp': run.startedAt.replace(/\.\d+Z$/, ''),
      properties,
      testcase: cases.map(testcase),
      'system-out': '',
      'system-err': '',
    };
  });
  const fuzz = run.fuzz && fuzzSuite(run, suites.length, properties);
  // The root carries no attributes: the Ant JUnit schema that CI tools follow allows none there.
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: { testsuite: fuzz ? [...suites, fuzz] : suites },
  });
}

/** The fuzzed properties as one suite: a property that checked nothing is skipped, never passed. */
function fuzzSuite(run: RunResult, id: number, properties: unknown) {
  const reports = run.fuzz!.properties;
  const count = (outcome: string) => reports.filter((p) => p.outcome === outcome).length;
  return {
    '@name': 'fuzz',
    '@package': 's3-conformance',
    '@id': id,
    '@hostname': 'localhost',
    '@tests': reports.length,
    '@failures': count('failed'),
    '@errors': count('error'),
    '@skipped': count('not run'),
    '@time': seconds(reports.reduce((sum, p) => sum + p.durationMs, 0)),
    '@timestamp': run.startedAt.replace(/\.\d+Z$/, ''),
    properties,
    testcase: reports.map((p) => {
      const base = { '@name': `fuzz.${p.property}`, '@classname': 'fuzz', '@time': seconds(p.durationMs) };
      if (p.outcome === 'not run') return { ...base, skipped: { '@message': `not run: ${p.notRun ?? ''}` } };
      if (p.outcome === 'error') return { ...base, error: { '@message': p.error ?? 'error', '@type': 'error' } };
      if (p.outcome === 'failed')
        return {
          ...base,
          failure: {
            '@message': p.counterexample?.mismatches.join('; ') ?? 'failed',
            '@type': 'counterexample',
            '#text': p.counterexample?.replay ?? '',
          },
        };
      return base;
    }),
    'system-out': '',
    'system-err': '',
  };
}

function junitCounts(cases: CaseResult[]) {
  const known = cases.filter((c) => c.baseline === 'known').length;
  const counts = countOutcomes(cases.filter((c) => c.baseline !== 'known'));
  return { failures: counts.fail + counts.flaky, errors: counts.error, skipped: counts.skip + known };
}

function testcase(result: CaseResult) {
  const base = { '@name': result.id, '@classname': result.area, '@time': seconds(result.durationMs) };
  const details = [
    result.title,
    ...(result.mismatches ?? []).map(describeMismatch),
    ...(result.fingerprintChange
      ? [`baseline fingerprint: ${result.fingerprintChange.baseline}`, `observed fingerprint: ${result.fingerprintChange.observed}`]
      : []),
    ...result.refs.map((ref) => `ref: ${ref}`),
  ].join('\n');
  if (result.baseline === 'known')
    return { ...base, skipped: { '@message': `known deviation: ${result.baselineReason ?? result.reason ?? ''}` } };
  switch (result.outcome) {
    case 'fail':
      return {
        ...base,
        failure: {
          '@message': result.reason ?? 'failed',
          '@type': result.baseline === 'changed' ? 'changed' : 'mismatch',
          '#text': details,
        },
      };
    case 'flaky':
      return {
        ...base,
        failure: {
          '@message': `flaky (${(result.attempts ?? []).map((a) => a.outcome).join(', ')}): ${result.reason ?? 'failed'}`,
          '@type': 'flaky',
          '#text': details,
        },
      };
    case 'error':
      return { ...base, error: { '@message': result.reason ?? 'error', '@type': 'error', '#text': details } };
    case 'skip':
      return { ...base, skipped: { '@message': result.reason ?? 'skipped' } };
    default:
      return base;
  }
}
