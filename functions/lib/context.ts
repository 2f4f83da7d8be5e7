/**
 * Composition root: builds the domain services on the DynamoDB and S3 adapters,
 * once per Lambda container (or local process).
 */
import { documentClient, requiredEnv, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoFormStore, DynamoHealthProbe, DynamoRegistryStore, DynamoReportStore, DynamoRollupStore } from '../../shared/adapters/dynamo.ts';
import { S3BlobStore } from '../../shared/adapters/s3.ts';
import { ArtifactWriter, type DocRenderer } from '../../shared/documents/artifacts.ts';
import { buildReportDocx, DOCX_CONTENT_TYPE, reportDocFileName } from '../../shared/documents/report-docx.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { FormCatalog } from '../../shared/forms/catalog.ts';
import { reportSchema } from '../../shared/forms/report-schema.ts';
import { apiLinks, type Links } from '../../shared/notify/outbox.ts';
import { registryProvider, type RegistryProvider } from '../../shared/registry/loader.ts';
import { UnitService } from '../../shared/registry/service.ts';
import { ReportService } from '../../shared/report/service.ts';
import { ReviewService } from '../../shared/review/service.ts';
import { RollupService } from '../../shared/rollup/v1/service.ts';

export const docRenderer: DocRenderer = {
  render: async (input, ctx) => buildReportDocx(input, ctx),
  fileName: (ctx) => reportDocFileName(ctx),
  contentType: DOCX_CONTENT_TYPE,
};

export interface AppContext {
  table: string;
  bucket: string;
  reports: DynamoReportStore;
  rollups: DynamoRollupStore;
  registryStore: DynamoRegistryStore;
  blobs: S3BlobStore;
  /** The registry from the table (the index cached a minute; only the pieces a request needs are read). */
  registry: RegistryProvider;
  forms: FormCatalog;
  artifacts: ArtifactWriter;
  reportService: ReportService;
  reviewService: ReviewService;
  rollupService: RollupService;
  links: Links;
  unitService: UnitService;
  health: DynamoHealthProbe;
}

let ctx: AppContext | undefined;

export function appContext(): AppContext {
  if (ctx) return ctx;
  const table = requiredEnv('TABLE_NAME');
  const bucket = requiredEnv('BUCKET_NAME');
  const ddb = documentClient();
  const reports = new DynamoReportStore(ddb, table);
  const rollups = new DynamoRollupStore(ddb, table);
  const registryStore = new DynamoRegistryStore(ddb, table);
  const blobs = new S3BlobStore(s3Client(), bucket);
  const registry = registryProvider(registryStore);
  const forms = new FormCatalog(new DynamoFormStore(ddb, table));
  // Check the bundled forms and build their body schemas now, in the container's init, not on the first PUT.
  for (const f of bundledForms()) reportSchema(f);
  const artifacts = new ArtifactWriter(reports, blobs, docRenderer, registry, forms);
  // DOCUMENTS_INLINE=false leaves generation to the scheduled retry (a lighter PUT).
  const inline = process.env.DOCUMENTS_INLINE !== 'false';
  const reportService = new ReportService({ reports, registry, forms, ...(inline ? { artifacts } : {}) });
  const rollupService = new RollupService({ reports, rollups, blobs, registry });
  // Links in notifications: the web app's (or the API's) public address.
  const links = apiLinks(process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000');
  const reviewService = new ReviewService({ reports, registry, links });
  const unitService = new UnitService(registry);
  const health = new DynamoHealthProbe(ddb, table);
  ctx = {
    table,
    bucket,
    reports,
    rollups,
    registryStore,
    blobs,
    registry,
    forms,
    artifacts,
    reportService,
    reviewService,
    rollupService,
    links,
    unitService,
    health,
  };
  return ctx;
}

/** Tests rebuild the context after changing the environment (e.g. an unreachable S3). */
export function resetAppContext(): void {
  ctx = undefined;
}
