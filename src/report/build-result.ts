// Building the result model: a case's verdict and definition become a CaseResult; the finished
// cases and what the run was become a RunResult. The runner feeds these; reporters only read them.
import type { ValidatedCase } from '../case/schema.ts';
import { describeEndpoint, type Target } from '../engine/target.ts';
import type { Verdict } from '../engine/verdict.ts';
import type { FuzzReport } from '../fuzz/fuzz-report.ts';
import {
  countOutcomes,
  RESULT_SCHEMA_VERSION,
  type CaseResult,
  type InterruptSignal,
  type RunResult,
  type RunSelection,
  type ServerStop,
} from './model.ts';

/** What a run was, apart from its cases' results. */
export interface RunFacts {
  target: Target;
  suiteVersion: string;
  selection: RunSelection;
  fuzz?: FuzzReport;
  startedAt: Date;
  /** Set when the run was interrupted: the signal, and the cases left without a verdict. */
  interrupted?: { signal: InterruptSignal; notRun: string[] };
  /** Set when the server stopped answering mid-run. */
  serverStoppedAnswering?: ServerStop;
}

export function caseResultOf(definition: ValidatedCase & { dialect?: string }, verdict: Verdict, durationMs: number): CaseResult {
  return {
    id: definition.id,
    ...(definition.dialect ? { dialect: definition.dialect } : {}),
    area: definition.area,
    title: definition.title,
    tags: definition.tags,
    refs: definition.refs,
    source: `${definition.source.file}:${definition.source.line}`,
    outcome: verdict.outcome,
    durationMs,
    reason: verdict.reason,
    ...(verdict.outcome === 'fail' ? { expected: definition.then, mismatches: verdict.mismatches } : {}),
    exchange: verdict.outcome === 'pass' || verdict.outcome === 'skip' ? undefined : verdict.exchange,
    leftovers: verdict.leftovers,
    retries: verdict.retries,
  };
}

export function runResultOf(facts: RunFacts, cases: CaseResult[]): RunResult {
  const { target } = facts;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    suiteVersion: facts.suiteVersion,
    startedAt: facts.startedAt.toISOString(),
    durationMs: Date.now() - facts.startedAt.getTime(),
    target: {
      name: target.name,
      endpoint: describeEndpoint(target.endpoint),
      region: target.region,
      version: target.version,
      capabilities: target.capabilities,
    },
    summary: countOutcomes(cases),
    selection: facts.selection,
    cases,
    ...(facts.fuzz ? { fuzz: facts.fuzz } : {}),
    ...(facts.interrupted ? { interrupted: facts.interrupted } : {}),
    ...(facts.serverStoppedAnswering ? { serverStoppedAnswering: facts.serverStoppedAnswering } : {}),
  };
}
