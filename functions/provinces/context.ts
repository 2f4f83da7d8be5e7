/**
 * Composition root of the province API: status and reading rollups here; a rollup on
 * demand runs in the rollup function (a synchronous Invoke), which holds the .xlsx and
 * .docx builders this bundle leaves out. The bucket is only read (summary.json, download
 * links), through a reader signed without the S3 client (shared/adapters/s3-reader.ts).
 */
import { LambdaRollupRunner } from '../../shared/adapters/lambda.ts';
import { requiredEnv } from '../../shared/adapters/clients.ts';
import { S3ObjectReader } from '../../shared/adapters/s3-reader.ts';
import { UnitService } from '../../shared/registry/service.ts';
import { RollupService } from '../../shared/rollup/service.ts';
import { perProcess, registry, reportStore, rollupStore } from '../lib/wiring.ts';

export interface ProvincesContext {
  rollupService: RollupService;
  unitService: UnitService;
}

export const provincesContext = /* @__PURE__ */ perProcess(
  (): ProvincesContext => ({
    rollupService: new RollupService({
      reports: reportStore(),
      rollups: rollupStore(),
      blobs: new S3ObjectReader(requiredEnv('BUCKET_NAME')),
      registry: registry(),
      runner: new LambdaRollupRunner(requiredEnv('ROLLUP_FUNCTION_NAME')),
    }),
    unitService: new UnitService(registry()),
  }),
);
