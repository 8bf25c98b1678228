// merge: shards join into one run only when they add up to one selection: every shard of one
// split, each once. Each way a set of result files can fall short is refused, naming the file.
import { describe, expect, test } from 'vitest';
import { selectCases } from '../../src/cli/select.ts';
import { mergeRuns, type ResultFile } from '../../src/report/merge.ts';
import { countOutcomes, ResultFileError } from '../../src/report/model.ts';
import { describeSelection } from '../../src/report/selection.ts';
import { caseResult, definition, runResult } from './results.ts';

const ALL = ['a.one', 'a.two', 'b.one', 'b.two', 'c.one', 'c.two', 'c.three'].map((id) => definition(id));

/** The result file of `run --shard index/count` over `suite`: every case passes but `c.two`, which fails. */
function shard(index: number, count: number, suite = ALL, path = `shard-${index}.json`): ResultFile {
  const taken = selectCases(suite, { shard: { index, count } });
  const cases = taken.map((c) => caseResult(c.id, c.id === 'c.two' ? { outcome: 'fail', reason: 'planted' } : {}));
  return {
    path,
    run: runResult(cases, {
      selection: describeSelection({ all: suite, chosen: suite, taken, shard: { index, count }, suiteVersion: '0.0.0+test' }),
    }),
  };
}

const refusal = (files: ResultFile[]) => {
  try {
    mergeRuns(files);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultFileError);
    return (error as Error).message;
  }
  throw new Error('merge accepted the files');
};

describe('merging shards', () => {
  test('all three shards make the unsharded selection, with its counts', () => {
    const merged = mergeRuns([shard(2, 3), shard(3, 3), shard(1, 3)]);
    expect(merged.selection.caseIds).toEqual(ALL.map((c) => c.id).sort());
    expect(merged.selection.shard).toBeUndefined();
    expect(merged.summary).toEqual({ ...countOutcomes([]), total: 7, pass: 6, fail: 1 });
  });

  test('shards run from checkouts in different places still add up: where a case was read from is not hashed', () => {
    const elsewhere = ALL.map((c) => ({ ...c, source: { file: '/other/checkout/cases.yaml', line: 9 } }));
    expect(mergeRuns([shard(1, 3), shard(2, 3, elsewhere), shard(3, 3)]).summary.total).toBe(7);
  });

  test('a missing shard is named', () => {
    expect(refusal([shard(1, 3), shard(2, 3)])).toBe('shard 3/3 missing: merge needs all 3 shards of the split');
  });

  test('a shard given twice is named with both files', () => {
    expect(refusal([shard(1, 3), shard(2, 3), shard(2, 3, ALL, 'again.json'), shard(3, 3)])).toBe(
      'shard 2/3 is given twice: shard-2.json and again.json',
    );
  });

  test('a shard of another split (another count, another suite, other filters) is named', () => {
    expect(refusal([shard(1, 3), shard(2, 3), shard(2, 2, ALL, 'of-two.json')])).toMatch(
      /^of-two\.json is not a shard of the same selection as shard-1\.json: its shard count is 2, not 3$/,
    );
    const edited = ALL.map((c) => (c.id === 'a.two' ? definition('a.two', ' (edited)') : c));
    expect(refusal([shard(1, 3), shard(2, 3), shard(3, 3, edited, 'edited.json')])).toMatch(
      /^edited\.json is not a shard .*its case files \(hash\) is/,
    );
    const fewer = ALL.filter((c) => c.id !== 'b.one');
    const other = shard(3, 3, fewer, 'filtered.json');
    other.run.selection.casesHash = shard(1, 3).run.selection.casesHash;
    expect(refusal([shard(1, 3), shard(2, 3), other])).toMatch(/^filtered\.json is not a shard .*its selected cases \(hash\) is/);
  });

  test('a shard cut short (fewer results than the cases it selected) is named', () => {
    const cut = shard(2, 3);
    cut.run.cases.pop();
    expect(refusal([shard(1, 3), cut, shard(3, 3)])).toMatch(/^shard-2\.json holds 1 results for the 2 cases it selected/);
    const interrupted = shard(3, 3);
    interrupted.run.interrupted = { signal: 'SIGINT', notRun: [interrupted.run.cases.pop()!.id] };
    expect(refusal([shard(1, 3), shard(2, 3), interrupted])).toBe(
      'shard-3.json is a run interrupted by SIGINT (1 case(s) not run): a run cut short is no shard to merge',
    );
  });

  test('a run of another target, and two unsharded runs, are refused', () => {
    const elsewhere = shard(3, 3);
    elsewhere.run.target = { ...elsewhere.run.target, name: 'ceph' };
    expect(refusal([shard(1, 3), shard(2, 3), { ...elsewhere, path: 'ceph.json' }])).toMatch(/^ceph\.json: a run of ceph, not minio/);
    const whole = { path: 'whole.json', run: runResult([caseResult('a.one')]) };
    expect(refusal([whole, { ...whole, path: 'whole-again.json' }])).toMatch(/^whole-again\.json: these are unsharded runs/);
    expect(mergeRuns([whole]).summary.pass).toBe(1);
  });
});
