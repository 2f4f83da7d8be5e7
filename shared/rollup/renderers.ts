/** The rollup's file builders as the RollupRenderers that RollupService is given (rollup function only). */
import { buildRollupDocx } from './docx.ts';
import type { RollupRenderers } from './service.ts';
import { buildRollupXlsx } from './xlsx.ts';

export const rollupRenderers: RollupRenderers = {
  xlsx: (summary, ctx) => buildRollupXlsx(summary, ctx),
  docx: (summary, ctx) => buildRollupDocx(summary, ctx),
};
