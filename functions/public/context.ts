/**
 * Composition root of the public routes: the health probes only (the OpenAPI document
 * needs no storage). The bucket is reached without the S3 client (shared/adapters/s3-http.ts).
 */
import { documentClient, requiredEnv } from '../../shared/adapters/clients.ts';
import { DynamoHealthProbe, DynamoReadProbe } from '../../shared/adapters/health.ts';
import { S3HttpBlobStore, S3HttpReadProbe } from '../../shared/adapters/s3-http.ts';
import type { BlobStore, HealthProbe, ReadProbe } from '../../shared/storage/ports.ts';
import { perProcess, tableName } from '../lib/wiring.ts';

export interface PublicContext {
  /** The public check: reads only. */
  reads: { table: ReadProbe; bucket: ReadProbe };
  /** The administrators' deep check: writes and reads back. */
  health: HealthProbe;
  blobs: BlobStore;
}

export const publicContext = /* @__PURE__ */ perProcess(
  (): PublicContext => ({
    reads: { table: new DynamoReadProbe(documentClient(), tableName()), bucket: new S3HttpReadProbe(requiredEnv('BUCKET_NAME')) },
    health: new DynamoHealthProbe(documentClient(), tableName()),
    blobs: new S3HttpBlobStore(requiredEnv('BUCKET_NAME')),
  }),
);
