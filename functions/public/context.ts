/** Composition root of the public routes: the health probes only (the OpenAPI document needs no storage). */
import { documentClient, requiredEnv, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoHealthProbe, DynamoReadProbe, S3ReadProbe } from '../../shared/adapters/health.ts';
import type { BlobStore, HealthProbe, ReadProbe } from '../../shared/storage/ports.ts';
import { blobStore, perProcess, tableName } from '../lib/wiring.ts';

export interface PublicContext {
  /** The public check: reads only. */
  reads: { table: ReadProbe; bucket: ReadProbe };
  /** The administrators' deep check: writes and reads back. */
  health: HealthProbe;
  blobs: BlobStore;
}

export const publicContext = /* @__PURE__ */ perProcess(
  (): PublicContext => ({
    reads: { table: new DynamoReadProbe(documentClient(), tableName()), bucket: new S3ReadProbe(s3Client(), requiredEnv('BUCKET_NAME')) },
    health: new DynamoHealthProbe(documentClient(), tableName()),
    blobs: blobStore(),
  }),
);
