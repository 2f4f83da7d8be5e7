/**
 * Review use cases: accept or return the latest version, reopen an accepted report.
 * Each decision is taken by the pure state machine (machine.ts) on the latest item as
 * read, and stored in one transaction with its history item and its notification,
 * conditional on that item being unchanged; a lost race re-decides on the new state.
 */
import type * as z from 'zod';
import { en, vi } from 'zod/locales';
import type { Principal } from '../auth/principal.ts';
import { ConcurrentWriteError, DomainError, notFound, validationError } from '../errors/errors.ts';
import type { Lang } from '../i18n/messages.ts';
import type { Links } from '../notify/outbox.ts';
import { reviewMessage } from '../notify/templates.ts';
import { parsePeriod } from '../periods/period.ts';
import type { RegistryProvider } from '../registry/loader.ts';
import { unitNotInForce } from '../registry/unit.ts';
import { zodIssuesToDetails } from '../report/validate.ts';
import type { LatestRecord, ReportStore } from '../storage/ports.ts';
import { spendWrite, type QuotaSetting } from '../auth/quota.ts';
import { assertMayReview, checkCommentPaths, decideReopen, decideReview, type Decision, type ReviewSubject } from './machine.ts';
import { ReopenRequest, ReviewRequest, reviewOf, type ReviewAction } from './model.ts';

export interface ReviewServiceDeps {
  reports: ReportStore;
  registry: RegistryProvider;
  links: Links;
  /** Writes per principal, shared with submissions (absent: unlimited, for domain tests). */
  quota?: QuotaSetting;
  clock?: () => Date;
}

export interface ReviewInput {
  principal: Principal;
  unit: string;
  period: string;
  body: unknown;
  ifMatch: number | null;
  requestId: string;
  lang: Lang;
}

export interface ReviewResult {
  latest: LatestRecord;
  action: ReviewAction;
}

const LOCALES = { vi: vi().localeError!, en: en().localeError! };

function parseBody<T>(schema: z.ZodType<T>, body: unknown, lang: Lang): T {
  const r = schema.safeParse(body, { error: LOCALES[lang] });
  if (!r.success) throw validationError(zodIssuesToDetails(r.error.issues, lang));
  return r.data;
}

export class ReviewService {
  private readonly clock: () => Date;

  constructor(private readonly deps: ReviewServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Order: unknown unit (no era of the code), access, period, body. The report belongs to
   * the unit and the province in force during its period (as ReportService looks it up).
   */
  private async target(p: Principal, unit: string, periodId: string) {
    const registry = await this.deps.registry({ units: [unit, p.unit] });
    if (!registry.history(unit).length) throw notFound('UNKNOWN_UNIT', { unit });
    const period = parsePeriod(periodId);
    assertMayReview(p, unit, registry, period);
    if (!period) throw new DomainError('not_found', 'UNKNOWN_PERIOD', { period: periodId });
    const u = registry.unitForPeriod(unit, period);
    if (!u) throw unitNotInForce(registry, unit, period, 'read');
    const province = registry.provinceOn(unit, registry.referenceDate(period));
    if (!province) throw notFound('UNKNOWN_UNIT', { unit });
    return { registry, unitName: u.name, province: province.code, period: period.id };
  }

  review(input: ReviewInput): Promise<ReviewResult> {
    return this.decide(input, ReviewRequest, async (current, req, at) => {
      const d = decideReview(current, req, { ifMatch: input.ifMatch, by: by(input.principal), at, lang: input.lang });
      if (req.comments.length > 0) {
        const record = await this.deps.reports.getVersion(input.unit, input.period, current.version);
        const bad = checkCommentPaths(record?.content, req.comments, current.version, input.lang);
        if (bad.length) throw validationError(bad);
      }
      return d;
    });
  }

  reopen(input: ReviewInput): Promise<ReviewResult> {
    return this.decide(input, ReopenRequest, async (current, req, at) =>
      decideReopen(current, req, { ifMatch: input.ifMatch, by: by(input.principal), at }),
    );
  }

  private async decide<T>(
    input: ReviewInput,
    schema: z.ZodType<T>,
    decideOn: (current: ReviewSubject, req: T, at: string) => Promise<Decision>,
  ): Promise<ReviewResult> {
    const t = await this.target(input.principal, input.unit, input.period);
    const req = parseBody(schema, input.body, input.lang);
    for (let round = 0; ; round++) {
      const current = await this.deps.reports.getLatest(t.province, input.unit, t.period);
      if (!current) throw notFound('REPORT_NOT_FOUND');
      // After a lost race this refuses with the reason the new state gives (412 on a new version, 409 on a decision).
      const at = this.clock().toISOString();
      const d = await decideOn(current, req, at);
      const action: ReviewAction = {
        ...d.action,
        unit: input.unit,
        period: t.period,
        province: t.province,
        seq: d.next.seq,
        requestId: input.requestId,
      };
      const latest: LatestRecord = { ...current, review: d.next };
      // A decision that would be stored spends one write of the quota (a retry after a lost race does not).
      if (round === 0) await spendWrite(this.deps.quota, input.principal, new Date(at));
      try {
        await this.deps.reports.commitReview(latest, action, [reviewMessage(action, t.unitName, this.deps.links)], {
          version: current.version,
          seq: reviewOf(current).seq,
        });
        return { latest, action };
      } catch (e) {
        if (!(e instanceof ConcurrentWriteError) || round >= 2) throw e instanceof ConcurrentWriteError ? preconditionFailed(current) : e;
      }
    }
  }
}

const by = (p: Principal) => ({ sub: p.sub, unit: p.unit, role: p.role });
const preconditionFailed = (current: LatestRecord) =>
  new DomainError('precondition_failed', 'PRECONDITION_FAILED', { current: current.version });
