import type { Event } from '../../schema/entities.js';
import type { SplitCheckOptions, SplitResult } from './types.js';

/**
 * Internal: the checks every splitter shares: users in test without training data (reported,
 * optionally dropped), empty and tiny folds. `warnings` may already hold the splitter's own.
 */
export function _finalise(
  strategy: string,
  total: number,
  train: Event[],
  test: Event[],
  options: SplitCheckOptions,
  warnings: string[],
  cutoff?: number,
): SplitResult {
  const trainUsers = new Set<string>();
  for (const e of train) trainUsers.add(e.userId);
  const without = new Set<string>();
  for (const e of test) if (!trainUsers.has(e.userId)) without.add(e.userId);
  const usersWithoutTrain = [...without].sort();
  let finalTest = test;
  let dropped = 0;
  if (usersWithoutTrain.length > 0) {
    if (options.dropUsersWithoutTrain === true) {
      finalTest = test.filter((e) => !without.has(e.userId));
      dropped = test.length - finalTest.length;
      warnings.push(`${strategy}: dropped ${dropped} test events of ${usersWithoutTrain.length} users without training events`);
    } else {
      warnings.push(
        `${strategy}: ${usersWithoutTrain.length} users have test events but no training events (e.g. ${JSON.stringify(usersWithoutTrain[0])}); pass dropUsersWithoutTrain to drop them`,
      );
    }
  }
  const minFold = options.minFoldEvents ?? 10;
  for (const [name, fold] of [['train', train], ['test', finalTest]] as const) {
    if (fold.length === 0) warnings.push(`${strategy}: the ${name} fold is empty`);
    else if (fold.length < minFold) warnings.push(`${strategy}: tiny ${name} fold: ${fold.length} events (fewer than ${minFold})`);
  }
  const testUsers = new Set<string>();
  for (const e of finalTest) testUsers.add(e.userId);
  return {
    train,
    test: finalTest,
    warnings,
    report: {
      strategy,
      events: total,
      trainEvents: train.length,
      testEvents: finalTest.length,
      trainUsers: trainUsers.size,
      testUsers: testUsers.size,
      usersWithoutTrain,
      droppedTestEvents: dropped,
      ...(cutoff === undefined ? {} : { cutoff }),
    },
  };
}

/** Internal: events grouped by user, each group as input indices (input order). */
export function _groupByUser(events: readonly Event[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < events.length; i++) {
    const u = events[i]!.userId;
    let g = groups.get(u);
    if (g === undefined) groups.set(u, (g = []));
    g.push(i);
  }
  return groups;
}
