/**
 * Writes a version's artifacts to the blob store: its canonical JSON and its
 * official .docx, rendered by the injected DocRenderer (shared/documents/). Runs in
 * the artifacts function when the submission's job item appears on the table's
 * stream, and again from the scheduled sweep for every job still pending (S3 down,
 * generation failed), so nobody resubmits.
 */
import type { ReportBody } from '../forms/body.ts';
import type { FormCatalog } from '../forms/catalog.ts';
import type { ReportFacts } from '../forms/facts.ts';
import type { FormDef } from '../forms/model.ts';
import { parsePeriod } from '../periods/period.ts';
import type { RegistryProvider } from '../registry/loader.ts';
import { canonicalJson } from './canonical.ts';
import { objectKeys } from '../storage/keys.ts';
import type { ArtifactJob, BlobStore, DocumentState, ReportStore } from '../storage/ports.ts';

export interface DocContext {
  unitCode: string;
  unitName: string;
  period: string;
  version: number;
}

/** A version to render: its body, the form version it was filled against, the facts the server supplied. */
export interface RenderInput {
  body: ReportBody;
  form: FormDef;
  facts: ReportFacts;
}

export interface DocRenderer {
  render(input: RenderInput, ctx: DocContext): Promise<Uint8Array>;
  fileName(ctx: DocContext): string;
  contentType: string;
}

/** After this many failed attempts a job is marked failed (and still retried, more slowly). */
export const MAX_FAST_ATTEMPTS = 5;

export class ArtifactWriter {
  constructor(
    private readonly reports: ReportStore,
    private readonly blobs: BlobStore,
    private readonly renderer: DocRenderer,
    private readonly registry: RegistryProvider,
    private readonly forms: FormCatalog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Writes the JSON and .docx of one version; records the outcome. Never throws for S3 faults. */
  async process(job: ArtifactJob, content?: RenderInput): Promise<DocumentState> {
    const now = this.clock().toISOString();
    try {
      const input = content ?? (await this.load(job));
      const body = input.body;
      const registry = await this.registry({ units: [job.unit] });
      const period = parsePeriod(job.period);
      const ctx: DocContext = {
        unitCode: job.unit,
        // The unit as it was named in the report's period.
        unitName: (period && registry.unitForPeriod(job.unit, period))?.name ?? job.unit,
        period: job.period,
        version: job.version,
      };
      const docx = await this.renderer.render(input, ctx);
      const fileName = this.renderer.fileName(ctx);
      const jsonKey = objectKeys.reportJson(job.province, job.period, job.unit, job.version);
      const docxKey = objectKeys.reportDocx(job.province, job.period, job.unit, job.version);
      await this.blobs.put(jsonKey, canonicalJson(body), { contentType: 'application/json; charset=utf-8' });
      await this.blobs.put(docxKey, docx, { contentType: this.renderer.contentType, downloadName: fileName });
      const state: DocumentState = { state: 'ready', key: docxKey, size: docx.byteLength, fileName, updatedAt: now };
      await this.reports.setDocumentState(job, state, true);
      return state;
    } catch (e) {
      const attempts = job.attempts + 1;
      const lastError = describe(e);
      const state: DocumentState =
        attempts >= MAX_FAST_ATTEMPTS
          ? { state: 'failed', attempts, lastError, updatedAt: now }
          : { state: 'pending', attempts, lastError, updatedAt: now };
      try {
        await this.reports.setDocumentState(job, state, false);
      } catch {
        // The table is unreachable too: the job item still says pending; the sweeper retries.
      }
      return state;
    }
  }

  private async load(job: ArtifactJob): Promise<RenderInput> {
    const v = await this.reports.getVersion(job.unit, job.period, job.version);
    if (!v) throw new Error(`version ${job.version} not found`);
    const form = await this.forms.find(v.content.form);
    if (!form) throw new Error(`form ${v.content.form.id} v${v.content.form.version} not found`);
    return { body: v.content, form, facts: v.facts };
  }

  /** Retries every pending job (the sweeper). Returns how many became ready. */
  async sweep(limit = 100): Promise<{ tried: number; ready: number }> {
    const jobs = await this.reports.pendingArtifactJobs(limit);
    let ready = 0;
    for (const job of jobs) {
      const s = await this.process(job);
      if (s.state === 'ready') ready++;
    }
    return { tried: jobs.length, ready };
  }
}

/** A short reason for operators, without stack traces. */
function describe(e: unknown): string {
  const err = e as Error & { cause?: Error };
  const inner = err.cause ? `${err.cause.name}: ${err.cause.message}` : '';
  return `${err.name}: ${err.message}${inner ? ` (${inner})` : ''}`.slice(0, 300);
}
