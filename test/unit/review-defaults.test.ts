/**
 * The review settings a province without any gets are written out (shared/review/defaults.ts)
 * so that reading a registry builds no schema: they must be the schema's own defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVIEW_CONFIG, ReviewConfig } from '../../shared/review/config.ts';

describe('default review settings', () => {
  it('are what the schema makes of an empty configuration', () => {
    expect(DEFAULT_REVIEW_CONFIG).toEqual(ReviewConfig.parse({}));
  });
});
