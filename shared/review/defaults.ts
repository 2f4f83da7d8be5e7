/**
 * The review settings a province gets when its configuration names none. Written out
 * rather than parsed from the schema's defaults, so that reading a registry builds no
 * schema; test/unit/review-defaults.test.ts checks that the two agree.
 */
import type { ReviewConfig } from './config.ts';

/** The Decree 09/2019 reporting schedule: quarter I, six months, quarter III, year. */
export const DEFAULT_REMINDED_KINDS = ['Q1', 'H1', 'Q3', 'Y'] as const;

export const DEFAULT_REVIEW_CONFIG: ReviewConfig = {
  graceDays: null,
  countUnaccepted: true,
  remindDaysBefore: 2,
  remindKinds: [...DEFAULT_REMINDED_KINDS],
};
