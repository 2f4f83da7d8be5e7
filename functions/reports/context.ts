/**
 * Composition root of the reports API: the report and review use cases, the forms and
 * download links. No renderer: documents are built by the artifacts function.
 */
import type { FormCatalog } from '../../shared/forms/catalog.ts';
import { ReportService } from '../../shared/report/service.ts';
import { ReviewService } from '../../shared/review/service.ts';
import { requiredEnv } from '../../shared/adapters/clients.ts';
import { S3UrlSigner } from '../../shared/adapters/s3-url-signer.ts';
import type { UrlSigner } from '../../shared/storage/ports.ts';
import { forms, links, perProcess, registry, reportStore, writeQuota } from '../lib/wiring.ts';

export interface ReportsContext {
  reportService: ReportService;
  reviewService: ReviewService;
  forms: FormCatalog;
  /** Download links only: signed without the S3 client (shared/adapters/s3-url-signer.ts). */
  urls: UrlSigner;
}

export const reportsContext = /* @__PURE__ */ perProcess(
  (): ReportsContext => ({
    reportService: new ReportService({ reports: reportStore(), registry: registry(), forms: forms(), quota: writeQuota() }),
    reviewService: new ReviewService({ reports: reportStore(), registry: registry(), links: links(), quota: writeQuota() }),
    forms: forms(),
    urls: new S3UrlSigner(requiredEnv('BUCKET_NAME')),
  }),
);
