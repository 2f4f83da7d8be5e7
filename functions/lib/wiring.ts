/**
 * The storage pieces the composition roots share, built once per Lambda container
 * (or local process) and typed to the ports. Each function family has its own root
 * (functions/<family>/context.ts) that takes only what it uses, so a bundle holds
 * only the services, adapters and renderers its function needs.
 */
import { documentClient, requiredEnv, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoFormStore, DynamoRegistryStore, DynamoReportStore, DynamoRollupStore } from '../../shared/adapters/dynamo.ts';
import { DynamoWriteQuota, quotaLimits } from '../../shared/adapters/dynamo-quota.ts';
import { S3BlobStore } from '../../shared/adapters/s3.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { FormCatalog } from '../../shared/forms/catalog.ts';
import { reportSchema } from '../../shared/forms/report-schema.ts';
import { apiLinks, type Links } from '../../shared/notify/outbox.ts';
import { registryProvider, type RegistryProvider } from '../../shared/registry/loader.ts';
import type { BlobStore, ReportStore, RollupStore } from '../../shared/storage/ports.ts';

let generation = 0;

/** Drops every cached root and adapter: tests call it after changing the environment (e.g. an unreachable S3). */
export function resetContexts(): void {
  generation++;
}

/** A value built on first use and kept for the process (until resetContexts). */
export function perProcess<T>(build: () => T): () => T {
  let value: T | undefined;
  let builtIn = -1;
  return () => {
    if (builtIn !== generation) {
      value = build();
      builtIn = generation;
    }
    return value as T;
  };
}

export const tableName = () => requiredEnv('TABLE_NAME');

export const reportStore = /* @__PURE__ */ perProcess((): ReportStore => new DynamoReportStore(documentClient(), tableName()));
export const rollupStore = /* @__PURE__ */ perProcess((): RollupStore => new DynamoRollupStore(documentClient(), tableName()));
export const blobStore = /* @__PURE__ */ perProcess((): BlobStore => new S3BlobStore(s3Client(), requiredEnv('BUCKET_NAME')));

/** The registry from the table (the index cached a minute; only the pieces a request needs are read). */
export const registry = /* @__PURE__ */ perProcess(
  (): RegistryProvider => registryProvider(new DynamoRegistryStore(documentClient(), tableName())),
);

/** The forms: the bundled ones and those an administrator stored in the table. */
export const forms = /* @__PURE__ */ perProcess((): FormCatalog => {
  // Check the bundled forms and build their body schemas now, in the container's init, not on the first PUT.
  for (const f of bundledForms()) reportSchema(f);
  return new FormCatalog(new DynamoFormStore(documentClient(), tableName()));
});

/** The per-principal write quota: WRITE_QUOTA="burst/perMinute", else 30 at once then 30 a minute. */
export const writeQuota = /* @__PURE__ */ perProcess(() => {
  const limits = quotaLimits(process.env.WRITE_QUOTA);
  return { store: new DynamoWriteQuota(documentClient(), tableName(), limits), limits };
});

/** Links in notifications: the web app's (or the API's) public address. */
export const links = /* @__PURE__ */ perProcess((): Links => apiLinks(process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000'));
