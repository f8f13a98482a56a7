import type { Event } from '../../schema/entities.js';

/** Options every splitter accepts. */
export interface SplitCheckOptions {
  /** Remove test events of users who have no training events. @default false (report and warn) */
  readonly dropUsersWithoutTrain?: boolean;
  /** A fold with fewer events than this gets a "tiny fold" warning. @default 10 */
  readonly minFoldEvents?: number;
}

/** Counts and findings of a split, checked by the splitter itself. */
export interface SplitReport {
  /** `temporal`, `leave-last-n` or `random-holdout`. */
  readonly strategy: string;
  /** Events given to the splitter. */
  readonly events: number;
  readonly trainEvents: number;
  readonly testEvents: number;
  /** Distinct users in train / in test. */
  readonly trainUsers: number;
  readonly testUsers: number;
  /** Users with test events and no training events, sorted (before any dropping). */
  readonly usersWithoutTrain: string[];
  /** Test events removed because their user had no training events. */
  readonly droppedTestEvents: number;
  /** Temporal split only: the cutoff in epoch ms (train = at or before, test = after). */
  readonly cutoff?: number;
}

/** What every splitter returns. Events are the input objects, in input order within each fold. */
export interface SplitResult {
  readonly train: Event[];
  readonly test: Event[];
  readonly warnings: string[];
  readonly report: SplitReport;
}
