import { describe, expect, it } from 'vitest';
import { _evaluateSteps, evaluate, type EvalStepResult } from '../../src/evaluation/runner/evaluate.js';
import { rankUsers } from '../../src/evaluation/runner/rank-users.js';
import type { EvaluateOptions, ModelSpec } from '../../src/evaluation/runner/types.js';
import { loadMarketplace } from '../../src/io/index.js';
import type { EvalReport } from '../../src/evaluation/report/types.js';

// A lambda sweep fits once: runs whose configs differ only in fairness.rerank reuse the previous fit.
const data = (await loadMarketplace('fixtures/marketplace')).data;
const blend = [{ type: 'ials', factors: 8, iterations: 4 }, { type: 'item-knn' }, { type: 'popularity', weight: 0.5 }];
const model = (name: string, rerank: object, signals: ModelSpec['config']['signals'] = blend): ModelSpec => ({ name, config: { signals, fairness: { rerank } } });
const base = (models: ModelSpec[]): EvaluateOptions => ({
  dataset: { name: 'fixtures', data },
  split: { strategy: 'temporal', quantile: 0.8, dropUsersWithoutTrain: true },
  models,
  metrics: ['ndcg', 'merchant-gini', 'small-share'],
  k: 10,
  keepPerUser: true,
});

/** The fit steps the evaluation asks its driver to run (and the report). */
function drive(options: EvaluateOptions): { fits: number; report: EvalReport } {
  const steps = _evaluateSteps(options);
  let fits = 0;
  let result: EvalStepResult;
  for (;;) {
    const step = steps.next(result);
    if (step.done === true) return { fits, report: step.value };
    const s = step.value;
    if ('fit' in s) {
      fits++;
      s.fit.fitDataset(s.dataset);
      result = undefined;
    } else result = rankUsers(s.rank);
  }
}

const metricsOf = (report: EvalReport, run: number) => report.runs[run]!.metrics;

describe('evaluate reuses a fit across runs that differ only in the reranker', () => {
  const sweep = [model('l0', { lambda: 0 }), model('l3', { lambda: 0.3 }), model('l3-floor', { lambda: 0.3, relevanceFloor: 0.5, exploration: { share: 0.2 } })];
  const together = drive(base(sweep));

  it('fits once for three reranker settings, and again when the signals change', () => {
    expect(together.fits).toBe(1);
    const mixed = drive(base([sweep[0]!, model('knn', { lambda: 0 }, [{ type: 'item-knn' }]), sweep[1]!]));
    // l0 fits, knn fits (other signals), l3 fits again (the kept fit is knn's).
    expect(mixed.fits).toBe(3);
  });

  it('gives every run the metrics of a run fitted on its own', () => {
    sweep.forEach((m, i) => {
      const alone = evaluate(base([m]));
      expect(metricsOf(together.report, i)).toEqual(metricsOf(alone, 0));
    });
  });

  it('lets the reranker act: the sweep is not three copies of one run', () => {
    const gini = [0, 1, 2].map((i) => metricsOf(together.report, i)['merchant-gini@10']!.mean);
    expect(gini[1]).toBeLessThan(gini[0]!);
    expect(gini[2]).not.toBe(gini[1]);
  });
});
