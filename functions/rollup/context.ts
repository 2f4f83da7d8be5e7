/** Composition root of the rollup function: the rollup use cases with the .xlsx and .docx builders. */
import { RollupService } from '../../shared/rollup/v1/service.ts';
import { rollupRenderers } from '../../shared/rollup/v1/renderers.ts';
import { blobStore, perProcess, registry, reportStore, rollupStore } from '../lib/wiring.ts';

export interface RollupContext {
  rollupService: RollupService;
}

export const rollupContext = /* @__PURE__ */ perProcess(
  (): RollupContext => ({
    rollupService: new RollupService({
      reports: reportStore(),
      rollups: rollupStore(),
      blobs: blobStore(),
      registry: registry(),
      renderers: rollupRenderers,
    }),
  }),
);
