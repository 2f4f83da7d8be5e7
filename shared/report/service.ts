/**
 * Report use cases: validate, submit (create or amend), read, list versions,
 * locate the document. They throw DomainError; the HTTP edge maps those.
 */
import { assertCanReadUnit, assertCanWrite, type Principal } from '../auth/principal.ts';
import { spendWrite, type QuotaSetting } from '../auth/quota.ts';
import { ConcurrentWriteError, DomainError, forbidden, notFound, validationError } from '../errors/errors.ts';
import type { ReportBody } from '../forms/body.ts';
import type { FormCatalog } from '../forms/catalog.ts';
import { reportFacts, type ReportFacts } from '../forms/facts.ts';
import type { FormDef } from '../forms/model.ts';
import { selectForm } from '../forms/select.ts';
import { message, type Lang } from '../i18n/messages.ts';
import { deadlineDate, isOnTime, parsePeriod, previousPeriod, type Period } from '../periods/period.ts';
import type { RegistryProvider } from '../registry/loader.ts';
import type { OrgUnit, Registry } from '../registry/registry.ts';
import { sameUnit, unitNotInForce } from '../registry/unit.ts';
import { decideAmend } from '../review/machine.ts';
import type { ReviewAction } from '../review/model.ts';
import type { DocumentState, LatestRecord, ReportStore, VersionMeta, VersionPageQuery, VersionRecord } from '../storage/ports.ts';
import { checkReport } from './checks.ts';
import { canonicalJson, contentHash } from './canonical.ts';
import { localise, type Finding } from './finding.ts';
import { summarise } from './summary.ts';
import { capDetails, parseReport } from './validate.ts';

/**
 * What one version may store, in bytes: the version item (canonical report, its first
 * warnings, the facts) plus the latest item's summary. A DynamoDB item holds at most 400 KB,
 * and a body under 256 KB can grow past that once defaults are filled in (`{"footnote":{}}`
 * doubles); bounding the sum also bounds the write units one PUT spends (about 1 per KB,
 * twice in a transaction). The refusal (413 REPORT_TOO_LARGE) names the size and this bound.
 */
export const MAX_STORED_BYTES = 400_000;

/** Warnings stored with a version and returned by PUT and validate: the first ones, with warningCount the total. */
export const MAX_STORED_WARNINGS = 100;

/** Versions kept per (unit, period): an amendment past this is refused (409 TOO_MANY_VERSIONS). */
export const MAX_VERSIONS = 500;

/** GET …/versions: at most this many versions per page (default VERSIONS_PAGE). */
export const MAX_VERSIONS_PAGE = 100;
export const VERSIONS_PAGE = 50;

interface Checked {
  report: ReportBody;
  warnings: Finding[];
  form: FormDef;
  facts: ReportFacts;
  summary: ReturnType<typeof summarise>;
}

export type ReadyDocument = Extract<DocumentState, { state: 'ready' }>;

export interface ReportServiceDeps {
  reports: ReportStore;
  registry: RegistryProvider;
  /** Writes per principal (absent: unlimited, for domain tests). */
  quota?: QuotaSetting;
  forms: FormCatalog;
  clock?: () => Date;
}

export interface SubmitInput {
  principal: Principal;
  unit: string;
  period: string;
  body: unknown;
  /** The version named by If-Match, null when absent. */
  ifMatch: number | null;
  requestId: string;
  lang: Lang;
}

export interface SubmitResult {
  created: boolean;
  latest: LatestRecord;
  /** The first MAX_STORED_WARNINGS warnings. */
  warnings: Finding[];
  warningCount: number;
}

/** A page of a report's history, newest first. */
export interface VersionsPage {
  latest: LatestRecord;
  versions: VersionMeta[];
  /** The review actions on the versions of this page (all of them on the last page). */
  reviews: ReviewAction[];
  /** Where the next (older) page starts; absent on the last page. */
  nextCursor?: string;
}

interface Target {
  registry: Registry;
  /** The unit in force for the period. */
  unit: OrgUnit;
  province: string;
  period: Period;
}

/** Which form applies to a unit and period, with what the server supplies for its header. */
export interface FormChoice {
  form: FormDef;
  facts: ReportFacts;
  deadline: string;
  /** true when the unit's existing report fixes the version (an amendment keeps it). */
  fixedByReport: boolean;
}

const detail = (path: string, code: string, lang: Lang, params: Record<string, string | number> = {}) => ({
  path,
  code,
  message: message(code, lang, params),
});

export class ReportService {
  private readonly clock: () => Date;

  constructor(private readonly deps: ReportServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Resolves unit and period, and checks access. Order: unknown unit (no era of the
   * code), access, period, then the unit in force for the period. A report belongs to the
   * unit and the province in force during its period, looked up that way, never through
   * today's hierarchy.
   */
  private async target(p: Principal, unit: string, periodId: string, mode: 'read' | 'write'): Promise<Target> {
    const registry = await this.deps.registry({ units: [unit, p.unit] });
    const eras = registry.history(unit);
    if (!eras.length) throw notFound('UNKNOWN_UNIT', { unit });
    const period = parsePeriod(periodId);
    if (mode === 'write') assertCanWrite(p, unit);
    else assertCanReadUnit(p, unit, registry, period);
    if (!period) throw new DomainError('not_found', 'UNKNOWN_PERIOD', { period: periodId });
    const org = registry.unitForPeriod(unit, period);
    if (!org) throw unitNotInForce(registry, unit, period, mode);
    // The code named another unit then (28297 was Phường 2 before 2025): not this caller's.
    if (mode === 'write' && !sameUnit(org, registry.principalUnit(p.unit))) throw forbidden();
    const province = registry.provinceOn(unit, registry.referenceDate(period));
    if (!province) throw notFound('UNKNOWN_UNIT', { unit });
    return { registry, unit: org, province: province.code, period };
  }

  /**
   * The form of a unit's report: the version its existing report was filled against
   * (an amendment keeps it), else the newest applicable one (never the client's choice).
   */
  private async choose(t: Target, current: LatestRecord | undefined): Promise<FormChoice> {
    const deadline = deadlineDate(t.period, t.registry.deadlinePolicy(t.province));
    if (current) {
      const form = await this.deps.forms.find(current.summary.form);
      if (form) return { form, facts: reportFacts(t.registry, t.unit, t.period, form), deadline, fixedByReport: true };
    }
    const config = t.registry.provinceConfig(t.province)?.forms;
    const sel = selectForm(await this.deps.forms.all(), { province: t.province, tier: t.unit.kind, period: t.period, config });
    if (!sel.ok)
      throw new DomainError('validation', sel.reason === 'none' ? 'NO_FORM' : 'FORM_AMBIGUOUS', {
        unit: t.unit.code,
        period: t.period.id,
        ...(sel.reason === 'ambiguous' ? { forms: sel.ids.join(', ') } : {}),
      });
    return { form: sel.form, facts: reportFacts(t.registry, t.unit, t.period, sel.form), deadline, fixedByReport: false };
  }

  /** GET .../form: which form applies to this unit and period, and the header facts the server supplies. */
  async formFor(p: Principal, unit: string, periodId: string): Promise<FormChoice> {
    const t = await this.target(p, unit, periodId, 'read');
    if (!t.registry.mayReport(unit, t.period)) throw new DomainError('validation', 'UNIT_NOT_REPORTING', { unit, period: t.period.id });
    return this.choose(t, await this.deps.reports.getLatest(t.province, unit, t.period.id));
  }

  /** A body must name the form the server chose; an unknown form or another version is refused at $.form. */
  private async assertFormRef(body: unknown, form: FormDef, lang: Lang): Promise<void> {
    const ref = body && typeof body === 'object' && !Array.isArray(body) ? (body as { form?: unknown }).form : undefined;
    if (!ref || typeof ref !== 'object') return; // the schema reports a missing or mistyped form
    const { id, version } = ref as { id?: unknown; version?: unknown };
    if (typeof id !== 'string' || typeof version !== 'number') return;
    if (id === form.id && version === form.version) return;
    const known = (await this.deps.forms.all()).some((f) => f.id === id && f.version === version);
    const params = { form: `${id} v${version}`, expected: `${form.id} v${form.version}` };
    throw validationError([
      known ? detail('$.form', 'FORM_NOT_APPLICABLE', lang, params) : detail('$.form.id', 'UNKNOWN_FORM_REF', lang, params),
    ]);
  }

  /** The unit-period rule, the form, the schema, the checks; warnings on success. */
  private async check(t: Target, unit: string, body: unknown, lang: Lang, current: LatestRecord | undefined): Promise<Checked> {
    if (!t.registry.mayReport(unit, t.period)) throw new DomainError('validation', 'UNIT_NOT_REPORTING', { unit, period: t.period.id });
    const { form, facts } = await this.choose(t, current);
    await this.assertFormRef(body, form, lang);
    const parsed = parseReport(form, body, lang);
    if (!parsed.ok) throw validationError(parsed.details);
    const prev = await this.deps.reports.getLatest(t.province, unit, previousPeriod(t.period));
    const { errors, warnings } = checkReport(parsed.report, {
      form,
      facts,
      period: t.period,
      tier: t.unit.kind,
      children: t.registry.children(unit, t.registry.referenceDate(t.period)),
      previous: prev?.summary,
    });
    if (errors.length)
      throw validationError(
        capDetails(
          errors.map((f) => localise(f, lang)),
          lang,
        ),
      );
    const summary = summarise(parsed.report, form, facts, warnings);
    const size =
      Buffer.byteLength(canonicalJson(parsed.report)) +
      Buffer.byteLength(JSON.stringify(warnings.slice(0, MAX_STORED_WARNINGS))) +
      Buffer.byteLength(JSON.stringify(facts)) +
      Buffer.byteLength(JSON.stringify(summary));
    if (size > MAX_STORED_BYTES) throw new DomainError('payload_too_large', 'REPORT_TOO_LARGE', { size, limit: MAX_STORED_BYTES });
    return { report: parsed.report, warnings, form, facts, summary };
  }

  async validate(
    p: Principal,
    unit: string,
    periodId: string,
    body: unknown,
    lang: Lang,
  ): Promise<{ warnings: Finding[]; warningCount: number }> {
    const t = await this.target(p, unit, periodId, 'write');
    const current = await this.deps.reports.getLatest(t.province, unit, t.period.id);
    const { warnings } = await this.check(t, unit, body, lang, current);
    return { warnings: warnings.slice(0, MAX_STORED_WARNINGS), warningCount: warnings.length };
  }

  async submit(input: SubmitInput): Promise<SubmitResult> {
    const { principal, unit, requestId, lang } = input;
    const t = await this.target(principal, unit, input.period, 'write');
    const current = await this.deps.reports.getLatest(t.province, unit, t.period.id);
    const { report, warnings, facts, summary } = await this.check(t, unit, input.body, lang, current);
    const hash = contentHash(report);

    const same = this.sameContent(current, hash);
    if (same) return same;
    const now = this.clock();
    const policy = t.registry.deadlinePolicy(t.province);
    // The lock comes before If-Match: a locked report cannot be amended whatever version is named.
    const lock = { period: t.period, policy, config: t.registry.reviewConfig(t.province) };
    const review = decideAmend(current, { now, ...lock });
    if (current && input.ifMatch === null)
      throw new DomainError('precondition_required', 'PRECONDITION_REQUIRED', { current: current.version });
    if ((current?.version ?? null) !== input.ifMatch && !(current === undefined && input.ifMatch === null))
      throw new DomainError('precondition_failed', 'PRECONDITION_FAILED', { current: current?.version ?? 0 });
    if (current && current.version >= MAX_VERSIONS) throw new DomainError('conflict', 'TOO_MANY_VERSIONS', { max: MAX_VERSIONS });
    // Only a write that would be stored spends the quota (a refusal or an identical retry does not).
    await spendWrite(this.deps.quota, principal, now);

    const version = (current?.version ?? 0) + 1;
    const firstReceivedAt = current?.firstReceivedAt ?? now.toISOString();
    const record: VersionRecord = {
      unit,
      period: t.period.id,
      province: t.province,
      version,
      hash,
      receivedAt: now.toISOString(),
      submittedBy: { sub: principal.sub, unit: principal.unit, role: principal.role },
      requestId,
      content: report,
      facts,
      warnings: warnings.slice(0, MAX_STORED_WARNINGS),
      warningCount: warnings.length,
    };
    const latest: LatestRecord = {
      unit,
      period: t.period.id,
      province: t.province,
      version,
      hash,
      receivedAt: record.receivedAt,
      firstReceivedAt,
      onTime: isOnTime(new Date(firstReceivedAt), t.period, policy),
      summary,
      document: { state: 'pending', attempts: 0, updatedAt: record.receivedAt },
      review,
    };
    const arrival = {
      province: t.province,
      period: t.period.id,
      unit,
      version,
      receivedAt: record.receivedAt,
      onTime: latest.onTime,
      by: record.submittedBy,
    };
    try {
      await this.deps.reports.commitVersion(record, latest, current?.version ?? null, arrival);
    } catch (e) {
      if (!(e instanceof ConcurrentWriteError)) throw e;
      // Lost a race: a retry of the same content is success; a report accepted meanwhile
      // is locked (409); anything else is stale.
      const winner = await this.deps.reports.getLatest(t.province, unit, t.period.id);
      const again = this.sameContent(winner, hash);
      if (again) return again;
      if (winner) decideAmend(winner, { now, ...lock });
      throw new DomainError('precondition_failed', 'PRECONDITION_FAILED', { current: winner?.version ?? 0 });
    }
    // The document is built off the request path: the artifacts function picks up the
    // job item this transaction wrote (the table's stream), so the answer says pending.
    return { created: true, latest, warnings: record.warnings, warningCount: warnings.length };
  }

  private sameContent(current: LatestRecord | undefined, hash: string): SubmitResult | undefined {
    if (current && current.hash === hash)
      return {
        created: false,
        latest: current,
        warnings: current.summary.warnings,
        warningCount: current.summary.warningCount ?? current.summary.warnings.length,
      };
    return undefined;
  }

  async get(p: Principal, unit: string, periodId: string, version?: number): Promise<{ record: VersionRecord; latest: LatestRecord }> {
    const t = await this.target(p, unit, periodId, 'read');
    const latest = await this.deps.reports.getLatest(t.province, unit, t.period.id);
    if (!latest) throw notFound('REPORT_NOT_FOUND');
    const v = version ?? latest.version;
    const record = await this.deps.reports.getVersion(unit, t.period.id, v);
    if (!record) throw notFound('VERSION_NOT_FOUND', { version: v });
    return { record, latest };
  }

  /** A page of the versions, newest first, with the review actions on them (in order). */
  async versions(p: Principal, unit: string, periodId: string, page: VersionPageQuery): Promise<VersionsPage> {
    const t = await this.target(p, unit, periodId, 'read');
    const latest = await this.deps.reports.getLatest(t.province, unit, t.period.id);
    if (!latest) throw notFound('REPORT_NOT_FOUND');
    const [versions, reviews] = await Promise.all([
      this.deps.reports.listVersions(unit, t.period.id, {
        limit: Math.min(page.limit, MAX_VERSIONS_PAGE),
        ...(page.below ? { below: page.below } : {}),
      }),
      this.deps.reports.listReviewActions(unit, t.period.id),
    ]);
    // Versions are numbered 1..latest without gaps: the page ends at its lowest version.
    const lowest = versions.at(-1)?.version ?? 1;
    const highest = versions[0]?.version ?? 0;
    const onPage = reviews.filter((r) => r.version <= highest && (lowest === 1 || r.version >= lowest));
    return { latest, versions, reviews: onPage, ...(lowest > 1 ? { nextCursor: String(lowest) } : {}) };
  }

  /** The ready document of a version (latest when not given); 409 while it is pending or failed. */
  async document(p: Principal, unit: string, periodId: string, version?: number): Promise<{ version: number; state: ReadyDocument }> {
    const t = await this.target(p, unit, periodId, 'read');
    const latest = await this.deps.reports.getLatest(t.province, unit, t.period.id);
    if (!latest) throw notFound('REPORT_NOT_FOUND');
    const v = version ?? latest.version;
    const state = v === latest.version ? latest.document : await this.deps.reports.getDocumentState(unit, t.period.id, v);
    if (!state) throw notFound('VERSION_NOT_FOUND', { version: v });
    if (state.state !== 'ready')
      // Retry-After: the scheduled retry runs every few minutes.
      throw new DomainError('conflict', state.state === 'failed' ? 'DOCUMENT_FAILED' : 'DOCUMENT_PENDING', {}, [], 30);
    return { version: v, state };
  }
}
