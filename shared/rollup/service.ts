/**
 * Rollup use cases: run a province-period's rollup (scheduled or on demand), the
 * completeness status, and the latest rollup with presigned links to its files.
 *
 * A run: read the change marker (its changeSeq, BEFORE the Query), one Query of the
 * latest summaries, the registry's expected units, the previous period's totals (its
 * pointer's summary.json); compute; write the four files under
 * rollups/{province}/{period}/{runId}/; then move the pointer, conditional on
 * rolledSeq. A run that dies before the pointer moves leaves the previous rollup
 * visible and complete. runId = changeSeq and a hash of summary.json: the same data
 * gives the same runId and the same bytes under the same keys.
 *
 * The figures follow the forms the reports were filled against (each summary names its
 * form id@version; the forms come through `forms`), and the province's document
 * settings and province-tier form come from its registry configuration. The HTTP
 * answers carry counts, totals and file links only; the rest is in summary.json.
 */
import { createHash } from 'node:crypto';
import { reviewOf } from '../review/model.ts';
import { assertCanReadProvince, type Principal } from '../auth/principal.ts';
import type { FormSummary } from '../forms/body.ts';
import type { FormDef } from '../forms/model.ts';
import { ConcurrentWriteError, DomainError, notFound } from '../errors/errors.ts';
import { deadlineDate, isOpenForRollup, parsePeriod, previousPeriod, type Period } from '../periods/period.ts';
import type { Registry } from '../registry/registry.ts';
import { objectKeys } from '../storage/keys.ts';
import type { BlobStore, LatestRecord, ReportStore, RollupMarker, RollupStore } from '../storage/ports.ts';
import { digest, periodStatus, RollupBuilder, summaryJson, type RollupRecord } from './compute.ts';
import { buildUnitsCsv } from './csv.ts';
import { downloadName, ROLLUP_FILE_KINDS, ROLLUP_FILES, type RollupFileKind } from './format.ts';
import { formKey } from './indicators.ts';
import {
  PreviousSummaryFile,
  ROLLUP_FORMAT,
  type PreviousRollup,
  type RollupDigest,
  type RollupResponse,
  type RollupSummary,
  type StatusResponse,
} from './schema.ts';

export const ROLLUP_URL_TTL_SECONDS = 300;

export type FormLookup = (ref: { id: string; version: number }) => Promise<FormDef | undefined>;

/**
 * A latest item's summary as the rollup reads it. An item stored before reports named
 * their form has no values the rollup can total: it counts for completeness only.
 */
export function formSummaryOf(summary: unknown): FormSummary {
  const s = summary as Partial<FormSummary> | null;
  if (s && typeof s === 'object' && s.form && typeof s.form.id === 'string' && s.values && typeof s.values === 'object')
    return {
      form: s.form,
      values: s.values,
      compiled: s.compiled ?? [],
      warnings: s.warnings ?? [],
      warningCount: s.warningCount ?? s.warnings?.length ?? 0,
    };
  const warnings = Array.isArray(s?.warnings) ? s.warnings : [];
  return { form: { id: 'bao-cao-cu', version: 1 }, values: {}, compiled: [], warnings, warningCount: warnings.length };
}

const toRecord = (r: LatestRecord): RollupRecord => ({
  unit: r.unit,
  version: r.version,
  receivedAt: r.receivedAt,
  firstReceivedAt: r.firstReceivedAt,
  onTime: r.onTime,
  summary: formSummaryOf(r.summary),
  reviewState: reviewOf(r).state,
});

export interface RollupServiceDeps {
  reports: ReportStore;
  rollups: RollupStore;
  blobs: BlobStore;
  registry: () => Promise<Registry>;
  /** The form a report was filled against, by id and version (undefined: unknown; its values are not totalled). */
  forms?: FormLookup;
  /** The .xlsx and .docx builders (renderers.ts): only the function that runs rollups carries them. */
  renderers?: RollupRenderers;
  /** Where runNow runs the rollup when this process builds no files (the provinces API asks the rollup function). */
  runner?: RollupRunner;
  /** Write the .docx too (default). The benchmark measures a run without it. */
  docx?: boolean;
}

export interface RollupRenderers {
  xlsx(summary: RollupSummary, ctx: { runId: string }): Promise<Uint8Array>;
  docx(summary: RollupSummary, ctx: { runId: string; forms: FormDef[]; provinceForm: FormDef | null }): Promise<Uint8Array>;
}

/** A run as another function reports it: the digest instead of the whole summary (an Invoke answer is at most 6 MB). */
export type RunOutcome = Omit<RunResult, 'summary'> & { digest: RollupDigest };

export const runOutcome = ({ summary, ...rest }: RunResult): RunOutcome => ({ ...rest, digest: digest(summary) });

/** Runs one province-period's rollup in another function (the rollup function) and returns its outcome. */
export interface RollupRunner {
  run(province: string, period: string): Promise<RunOutcome>;
}

export interface RunResult {
  province: string;
  period: string;
  /** written: the pointer moved to a new runId; unchanged: the visible rollup already had this runId. */
  outcome: 'written' | 'unchanged' | 'superseded';
  runId: string;
  changeSeq: number;
  asOf: string | null;
  files: Partial<Record<RollupFileKind, string>>;
  summary: RollupSummary;
  /** Milliseconds per step, for logs and the benchmark. */
  timings: { read: number; compute: number; files: number; total: number };
}

/** The EventBridge Scheduler event's detail (all optional). */
export interface ScheduleDetail {
  /** Only this province (default: every province in the registry). */
  province?: string;
  /** Also these periods, open or not (changed since their last rollup, or without one yet). */
  periods?: string[];
  /** Recompute the named periods even when unchanged. */
  force?: boolean;
}

export interface ProvinceRunReport {
  province: string;
  /** Markers read (one Query). */
  markers: number;
  rolled: { period: string; runId: string; outcome: RunResult['outcome']; reported: number; expected: number; ms: number }[];
  /** Changed since the last rollup, but closed and not named. */
  closed: string[];
  unchanged: string[];
  failed: { period: string; error: string }[];
}

export interface ScheduledReport {
  at: string;
  provinces: ProvinceRunReport[];
}

interface Target {
  registry: Registry;
  province: string;
  period: Period;
}

const now = () => performance.now();

/** Expected units per part of the rollup's read (about 0.7 MB of items, under one 1 MB page). */
export const READ_PART_UNITS = 250;
/** At most this many parts are read at the same time. */
export const READ_PARTS = 8;

/**
 * Where the read of a province-period's latest items splits into parts read at the same
 * time: evenly through the expected units' codes. A province of up to READ_PART_UNITS
 * units is one Query; the parts only cut the key range, so a unit that is not expected
 * is still read (by the part whose range holds its code).
 */
export function readSplits(expected: readonly { code: string }[]): string[] {
  const parts = Math.min(READ_PARTS, Math.ceil(expected.length / READ_PART_UNITS));
  if (parts <= 1) return [];
  const codes = expected.map((u) => u.code).sort();
  return Array.from({ length: parts - 1 }, (_, i) => codes[Math.floor(((i + 1) * codes.length) / parts)]!);
}

export class RollupService {
  constructor(private readonly deps: RollupServiceDeps) {}

  /** Unknown province (404), then access (403), then unknown period (404). */
  private async target(p: Principal | null, province: string, periodId: string): Promise<Target> {
    const registry = await this.deps.registry();
    if (!registry.provinceConfig(province)) throw notFound('UNKNOWN_PROVINCE', { province });
    const period = parsePeriod(periodId);
    if (p) assertCanReadProvince(p, province, registry, period);
    if (!period) throw new DomainError('not_found', 'UNKNOWN_PERIOD', { period: periodId });
    return { registry, province, period };
  }

  private provinceInfo(t: Target) {
    // The province as it was in the period (82 is Tiền Giang in 2021).
    return {
      code: t.province,
      name: (t.registry.unitForPeriod(t.province, t.period) ?? t.registry.principalUnit(t.province))?.name ?? t.province,
    };
  }

  /** The previous period's totals, from its visible rollup's summary.json; null when there is none. */
  private async previous(province: string, period: Period): Promise<PreviousRollup | null> {
    const id = previousPeriod(period);
    const marker = await this.deps.rollups.marker(province, id);
    const key = marker?.files?.json;
    if (!marker?.runId || !key) return null;
    const bytes = await this.deps.blobs.get(key);
    if (!bytes) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      return null;
    }
    const r = PreviousSummaryFile.safeParse(parsed);
    if (!r.success || r.data.period.id !== id) return null;
    return {
      period: id,
      runId: marker.runId,
      asOf: r.data.asOf,
      expected: r.data.units.map((u) => u.code),
      completeness: r.data.completeness,
      totals: Object.fromEntries(r.data.indicators.map((i) => [i.code, i.total])),
    };
  }

  /** Looks up the forms of these references into `into`, each at most once per run (`asked` holds the lookups). */
  private async lookupForms(
    refs: Iterable<{ id: string; version: number }>,
    into: Map<string, FormDef>,
    asked: Map<string, Promise<FormDef | undefined>>,
  ): Promise<void> {
    const lookup = this.deps.forms;
    if (!lookup) return;
    const waits: Promise<unknown>[] = [];
    for (const ref of refs) {
      const key = formKey(ref);
      if (into.has(key)) continue;
      let p = asked.get(key);
      if (!p) {
        p = lookup(ref).then((form) => {
          if (form) into.set(key, form);
          return form;
        });
        asked.set(key, p);
      }
      waits.push(p);
    }
    if (waits.length) await Promise.all(waits);
  }

  /** Computes and publishes one province-period's rollup (whatever the marker says). */
  async run(province: string, periodId: string): Promise<RunResult> {
    const t0 = now();
    const t = await this.target(null, province, periodId);
    const { registry, period } = t;
    // The sequence is read before the Query: a submission racing this run leaves
    // changeSeq > rolledSeq, so the next scheduled run picks it up.
    const marker = await this.deps.rollups.marker(province, period.id);
    const changeSeq = marker?.changeSeq ?? 0;
    const document = registry.provinceConfig(province)?.document ?? null;
    const forms = new Map<string, FormDef>();
    const asked = new Map<string, Promise<FormDef | undefined>>();
    // The previous period's totals and the province's own form are read while the reports are.
    const previousRead = this.previous(province, period);
    previousRead.catch(() => undefined);
    const provinceFormRead = this.lookupForms(document?.form ? [document.form] : [], forms, asked);
    provinceFormRead.catch(() => undefined);
    const expected = registry.expectedUnits(province, period);
    const builder = new RollupBuilder({ expected, countUnaccepted: registry.reviewConfig(province).countUnaccepted, forms });
    // Each page is computed while the next ones are read (a large province in parts, at the same time).
    for await (const page of this.deps.reports.latestPagesForProvincePeriod(province, period.id, { splitAt: readSplits(expected) })) {
      const records = page.map(toRecord);
      await this.lookupForms(
        records.map((r) => r.summary.form),
        forms,
        asked,
      );
      builder.add(records);
    }
    const previous = await previousRead;
    await provinceFormRead;
    const provinceForm = document?.form ? (forms.get(formKey(document.form)) ?? null) : null;
    const t1 = now();
    const summary = builder.finish({
      province: this.provinceInfo(t),
      period,
      deadline: deadlineDate(period, registry.deadlinePolicy(province)),
      registryVersion: registry.version,
      changeSeq,
      unit: (c) => registry.unitForPeriod(c, period) ?? registry.principalUnit(c),
      previous,
      // Across a reorganisation the registry says the units differ even where codes are reused (82: Tiền Giang's, then Đồng Tháp's).
      ...(previous && !registry.sameReportingUnits(province, period, parsePeriod(previous.period) ?? period) ? { comparable: false } : {}),
      document,
      provinceForm,
    });
    const json = Buffer.from(summaryJson(summary), 'utf8');
    const runId = `${String(changeSeq).padStart(10, '0')}-${createHash('sha256').update(json).digest('hex').slice(0, 12)}`;
    const t2 = now();

    const prefix = objectKeys.rollupPrefix(province, period.id, runId);
    const files: Partial<Record<RollupFileKind, string>> = {};
    const put = (kind: RollupFileKind, body: Uint8Array | string) => {
      const key = `${prefix}${ROLLUP_FILES[kind].key}`;
      files[kind] = key;
      const { contentType, compress } = ROLLUP_FILES[kind];
      return this.deps.blobs.put(key, body, { contentType, downloadName: downloadName(province, period.id, kind), compress });
    };
    // Uploads start as soon as each file is built; a failure anywhere fails the run
    // (before the pointer moves). Each upload is also caught at once, so that a build
    // that throws while uploads are in flight leaves no unhandled rejection behind.
    const writes: Promise<void>[] = [];
    const start = (p: Promise<void>) => {
      p.catch(() => undefined);
      writes.push(p);
    };
    start(put('json', json));
    start(put('csv', buildUnitsCsv(summary)));
    const renderers = this.deps.renderers;
    if (!renderers) throw new Error('RollupService: no file renderers in this function');
    start(put('xlsx', await renderers.xlsx(summary, { runId })));
    if (this.deps.docx !== false) start(put('docx', await renderers.docx(summary, { runId, forms: [...forms.values()], provinceForm })));
    await Promise.all(writes);

    // Last step: the pointer. Until it moves, readers see the previous rollup.
    let outcome: RunResult['outcome'] = marker?.runId === runId ? 'unchanged' : 'written';
    try {
      await this.deps.rollups.movePointer({
        province,
        period: period.id,
        changeSeq,
        changedAt: marker?.changedAt ?? null,
        rolledSeq: changeSeq,
        runId,
        asOf: summary.asOf,
        files: files as Record<string, string>,
      });
    } catch (e) {
      if (!(e instanceof ConcurrentWriteError)) throw e;
      // A run over newer data already moved the pointer: it stays there.
      outcome = 'superseded';
    }
    const t3 = now();
    return {
      province,
      period: period.id,
      outcome,
      runId,
      changeSeq,
      asOf: summary.asOf,
      files,
      summary,
      timings: { read: t1 - t0, compute: t2 - t1, files: t3 - t2, total: t3 - t0 },
    };
  }

  /**
   * The scheduled run: per province one Query of its markers; recomputes each period
   * that changed since its last rollup and is open (cut-off start to 60 days after the
   * deadline) or named in the event. An unchanged province costs that one Query.
   */
  async runScheduled(at: Date, detail: ScheduleDetail = {}, onProvince?: (r: ProvinceRunReport) => void): Promise<ScheduledReport> {
    const registry = await this.deps.registry();
    if (detail.province && !registry.provinceConfig(detail.province)) throw notFound('UNKNOWN_PROVINCE', { province: detail.province });
    for (const id of detail.periods ?? []) if (!parsePeriod(id)) throw new DomainError('not_found', 'UNKNOWN_PERIOD', { period: id });
    const provinces = detail.province ? [detail.province] : registry.provinceCodes();
    const named = new Set(detail.periods ?? []);
    const out: ScheduledReport = { at: at.toISOString(), provinces: [] };
    for (const province of provinces) {
      const report: ProvinceRunReport = { province, markers: 0, rolled: [], closed: [], unchanged: [], failed: [] };
      try {
        const markers = await this.deps.rollups.markers(province);
        report.markers = markers.length;
        const byPeriod = new Map<string, RollupMarker>(markers.map((m) => [m.period, m]));
        const policy = registry.deadlinePolicy(province);
        const due: string[] = [];
        for (const id of [...new Set([...byPeriod.keys(), ...named])].sort()) {
          const period = parsePeriod(id);
          if (!period) continue;
          const m = byPeriod.get(id);
          const changed = !!m && m.changeSeq > m.rolledSeq;
          const isNamed = named.has(id);
          if (isNamed && (detail.force || changed || !m?.runId)) due.push(id);
          else if (changed && isOpenForRollup(period, at, policy)) due.push(id);
          else if (changed) report.closed.push(id);
          else report.unchanged.push(id);
        }
        for (const id of due) {
          try {
            const r = await this.run(province, id);
            report.rolled.push({
              period: id,
              runId: r.runId,
              outcome: r.outcome,
              reported: r.summary.completeness.reported,
              expected: r.summary.completeness.expected,
              ms: Math.round(r.timings.total),
            });
          } catch (e) {
            report.failed.push({ period: id, error: (e as Error).message });
          }
        }
      } catch (e) {
        report.failed.push({ period: '*', error: (e as Error).message });
      }
      out.provinces.push(report);
      onProvince?.(report);
    }
    return out;
  }

  /** GET .../periods/{period}/status */
  async status(p: Principal, province: string, periodId: string): Promise<StatusResponse> {
    const t = await this.target(p, province, periodId);
    const latest = (await this.deps.reports.latestForProvincePeriod(province, t.period.id)).map(toRecord);
    return periodStatus({
      province: this.provinceInfo(t),
      period: t.period,
      deadline: deadlineDate(t.period, t.registry.deadlinePolicy(province)),
      registryVersion: t.registry.version,
      expected: t.registry.expectedUnits(province, t.period),
      countUnaccepted: t.registry.reviewConfig(province).countUnaccepted,
      unit: (c) => t.registry.unitForPeriod(c, t.period) ?? t.registry.principalUnit(c),
      latest,
    });
  }

  private async links(province: string, period: string, files: Partial<Record<RollupFileKind, string>>) {
    const out: Partial<Record<RollupFileKind, { url: string; fileName: string; contentType: string }>> = {};
    await Promise.all(
      ROLLUP_FILE_KINDS.map(async (kind) => {
        const key = files[kind];
        if (!key) return;
        const fileName = downloadName(province, period, kind);
        out[kind] = {
          url: await this.deps.blobs.presignGet(key, ROLLUP_URL_TTL_SECONDS, fileName),
          fileName,
          contentType: ROLLUP_FILES[kind].contentType,
        };
      }),
    );
    return out as RollupResponse['files'];
  }

  /** GET .../rollups/{period}: the visible rollup's summary and short-lived links to its files. */
  async latest(p: Principal, province: string, periodId: string): Promise<RollupResponse> {
    const t = await this.target(p, province, periodId);
    const marker = await this.deps.rollups.marker(province, t.period.id);
    const key = marker?.files?.json;
    if (!marker?.runId || !key) throw notFound('ROLLUP_NOT_FOUND');
    const bytes = await this.deps.blobs.get(key);
    if (!bytes) throw notFound('ROLLUP_NOT_FOUND');
    const summary = JSON.parse(Buffer.from(bytes).toString('utf8')) as RollupSummary;
    // A rollup written before the rollup followed the forms: the next run replaces it.
    if (summary.format !== ROLLUP_FORMAT) throw notFound('ROLLUP_NOT_FOUND');
    return {
      province,
      period: t.period.id,
      runId: marker.runId,
      asOf: marker.asOf,
      rolledSeq: marker.rolledSeq,
      changeSeq: marker.changeSeq,
      stale: marker.changeSeq > marker.rolledSeq,
      expiresIn: ROLLUP_URL_TTL_SECONDS,
      files: await this.links(province, t.period.id, marker.files ?? {}),
      summary: digest(summary),
    };
  }

  /** POST .../rollups/{period}: runs it now, whatever the marker says. */
  async runNow(p: Principal, province: string, periodId: string): Promise<{ created: boolean; body: RollupResponse }> {
    const t = await this.target(p, province, periodId);
    const r = this.deps.runner ? await this.deps.runner.run(province, t.period.id) : runOutcome(await this.run(province, t.period.id));
    if (r.outcome === 'superseded') return { created: false, body: await this.latest(p, province, periodId) };
    return {
      created: r.outcome === 'written',
      body: {
        province,
        period: r.period,
        runId: r.runId,
        asOf: r.asOf,
        rolledSeq: r.changeSeq,
        changeSeq: r.changeSeq,
        stale: false,
        expiresIn: ROLLUP_URL_TTL_SECONDS,
        files: await this.links(province, r.period, r.files),
        summary: r.digest,
      },
    };
  }
}
