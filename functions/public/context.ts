/** Composition root of the public routes: the health probes only (the OpenAPI document needs no storage). */
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoHealthProbe } from '../../shared/adapters/dynamo.ts';
import type { BlobStore, HealthProbe } from '../../shared/storage/ports.ts';
import { blobStore, perProcess, tableName } from '../lib/wiring.ts';

export interface PublicContext {
  health: HealthProbe;
  blobs: BlobStore;
}

export const publicContext = /* @__PURE__ */ perProcess(
  (): PublicContext => ({ health: new DynamoHealthProbe(documentClient(), tableName()), blobs: blobStore() }),
);
