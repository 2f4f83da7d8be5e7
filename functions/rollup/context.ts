/** Composition root of the rollup function: the rollup use cases with the .xlsx and .docx builders and the forms. */
import { rollupRenderers } from '../../shared/rollup/renderers.ts';
import { RollupService } from '../../shared/rollup/service.ts';
import { blobStore, forms, perProcess, registry, reportStore, rollupStore } from '../lib/wiring.ts';

export interface RollupContext {
  rollupService: RollupService;
}

export const rollupContext = /* @__PURE__ */ perProcess((): RollupContext => {
  const catalog = forms();
  return {
    rollupService: new RollupService({
      reports: reportStore(),
      rollups: rollupStore(),
      blobs: blobStore(),
      registry: registry(),
      forms: (ref) => catalog.find(ref),
      renderers: rollupRenderers,
    }),
  };
});
