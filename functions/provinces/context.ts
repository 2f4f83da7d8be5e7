/**
 * Composition root of the province API: status and reading rollups here; a rollup on
 * demand runs in the rollup function (a synchronous Invoke), which holds the .xlsx and
 * .docx builders this bundle leaves out.
 */
import { LambdaRollupRunner } from '../../shared/adapters/lambda.ts';
import { requiredEnv } from '../../shared/adapters/clients.ts';
import { UnitService } from '../../shared/registry/service.ts';
import { RollupService } from '../../shared/rollup/service.ts';
import { blobStore, perProcess, registry, reportStore, rollupStore } from '../lib/wiring.ts';

export interface ProvincesContext {
  rollupService: RollupService;
  unitService: UnitService;
}

export const provincesContext = /* @__PURE__ */ perProcess(
  (): ProvincesContext => ({
    rollupService: new RollupService({
      reports: reportStore(),
      rollups: rollupStore(),
      blobs: blobStore(),
      registry: registry(),
      runner: new LambdaRollupRunner(requiredEnv('ROLLUP_FUNCTION_NAME')),
    }),
    unitService: new UnitService(registry()),
  }),
);
