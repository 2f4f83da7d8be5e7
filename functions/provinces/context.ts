/**
 * Composition root of the province API: status and reading rollups here; a rollup on
 * demand runs in the rollup function (a synchronous Invoke), which holds the .xlsx and
 * .docx builders this bundle leaves out. The bucket is only read (summary.json, download
 * links), without the S3 client (shared/adapters/s3-http.ts).
 *
 * Each family of routes loads its use cases' module on its first request: the rollup
 * routes the rollup service (its schemas, the computation), the unit routes the unit
 * service. The adapters and the registry, which every route needs, load with the
 * function. The bundle is one file, so the module is already there: esbuild wraps it
 * to run on the first import() (a few KiB), and loading it costs no I/O.
 */
import { LambdaRollupRunner } from '../../shared/adapters/lambda.ts';
import { requiredEnv } from '../../shared/adapters/clients.ts';
import { S3HttpBlobStore } from '../../shared/adapters/s3-http.ts';
import type { UnitService } from '../../shared/registry/service.ts';
import type { RollupService } from '../../shared/rollup/service.ts';
import { perProcess, registry, reportStore, rollupStore } from '../lib/wiring.ts';

type RollupModule = typeof import('../../shared/rollup/service.ts');
type UnitModule = typeof import('../../shared/registry/service.ts');
let rollupModule: RollupModule | undefined;
let unitModule: UnitModule | undefined;

const rollups = /* @__PURE__ */ perProcess(
  (): RollupService =>
    new rollupModule!.RollupService({
      reports: reportStore(),
      rollups: rollupStore(),
      blobs: new S3HttpBlobStore(requiredEnv('BUCKET_NAME')),
      registry: registry(),
      runner: new LambdaRollupRunner(requiredEnv('ROLLUP_FUNCTION_NAME')),
    }),
);

const units = /* @__PURE__ */ perProcess((): UnitService => new unitModule!.UnitService(registry()));

/** The rollup use cases (status, latest, run now). */
export async function rollupService(): Promise<RollupService> {
  rollupModule ??= await import('../../shared/rollup/service.ts');
  return rollups();
}

/** The unit registry's read use cases. */
export async function unitService(): Promise<UnitService> {
  unitModule ??= await import('../../shared/registry/service.ts');
  return units();
}
