/**
 * Runs the signal contract against every signal type the registry knows (signalTypes()), so a signal added
 * to the registry is checked without touching this file. Per-type options give small, fast
 * configs and the reasons for any check a type is exempt from.
 */
import { describe, expect, it } from 'vitest';
import { signalFactory, signalTypes } from '../../src/engine/signal-registry.js';
import { runSignalContract, type SignalContractOptions } from './signal-contract.js';

const OPTIONS: ReadonlyMap<string, SignalContractOptions> = new Map<string, SignalContractOptions>([
  // cgSteps = factors solves each row exactly: with the default 3 CG steps this 15-user fixture
  // (alpha 40, badly conditioned) is not converged after 15 sweeps (loss 0.182 vs 0.122) and one
  // user of 15 gets a product of another group first.
  ['ials', { config: { factors: 8, iterations: 15, regularization: 0.01, cgSteps: 8 } }],
  ['item-knn', { config: {} }],
  ['ease', { config: { regularization: 1 } }],
  [
    'popularity',
    {
      skipKnownAnswer: 'popularity is the same for every user, so it cannot know a per-user held-out item',
      // Purchases weigh most: the purchased position-4 products lead, ties by product index (g0 first).
      variedAnswer: ['g1-user3', 'g0-item4'],
    },
  ],
  [
    'trending',
    {
      skipKnownAnswer: 'trending scores topic heat, not a user history',
      // The topic "sapphire denim" matches g1-item3 on both words; g1-user3 has not seen it.
      variedAnswer: ['g1-user3', 'g1-item3'],
    },
  ],
]);

describe('signal registry', () => {
  it('holds at least the four built-in signals', () => {
    for (const type of ['ials', 'item-knn', 'ease', 'popularity', 'content', 'trending']) expect(signalTypes()).toContain(type);
  });
});

for (const type of signalTypes()) runSignalContract(type, signalFactory(type)!, OPTIONS.get(type) ?? {});
