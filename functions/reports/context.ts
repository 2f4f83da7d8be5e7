/**
 * Composition root of the reports API: the report and review use cases, the forms and
 * the presigner. No renderer: documents are built by the artifacts function.
 */
import type { FormCatalog } from '../../shared/forms/catalog.ts';
import { ReportService } from '../../shared/report/service.ts';
import { ReviewService } from '../../shared/review/service.ts';
import type { BlobStore } from '../../shared/storage/ports.ts';
import { blobStore, forms, links, perProcess, registry, reportStore } from '../lib/wiring.ts';

export interface ReportsContext {
  reportService: ReportService;
  reviewService: ReviewService;
  forms: FormCatalog;
  blobs: BlobStore;
}

export const reportsContext = perProcess(
  (): ReportsContext => ({
    reportService: new ReportService({ reports: reportStore(), registry: registry(), forms: forms() }),
    reviewService: new ReviewService({ reports: reportStore(), registry: registry(), links: links() }),
    forms: forms(),
    blobs: blobStore(),
  }),
);
