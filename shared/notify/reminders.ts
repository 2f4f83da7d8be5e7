/**
 * The daily notification job, run on working days in Asia/Ho_Chi_Minh: reminders to
 * the units that have not submitted, N working days before each deadline (N per
 * province), and each province's digest of the versions that arrived since the last.
 * It only writes the outbox; the sender delivers. Running it twice a day writes nothing new.
 */
import { ictDate } from '../format/vi.ts';
import { deadlineDate, isWorkingDay, parsePeriod, workingDaysBefore, type Period } from '../periods/period.ts';
import type { Registry } from '../registry/registry.ts';
import type { ReportStore } from '../storage/ports.ts';
import type { Links, OutboxStore } from './outbox.ts';
import { digestMessage, reminderMessage } from './templates.ts';

/** A transaction holds 100 items: the digest's two and at most 98 arrivals removed with it. */
export const DIGEST_MAX_ARRIVALS = 98;

export interface ReminderDeps {
  reports: Pick<ReportStore, 'latestForProvincePeriod'>;
  outbox: OutboxStore;
  registry: () => Promise<Registry>;
  links: Links;
  clock?: () => Date;
}

export interface NotifyRun {
  today: string;
  /** Provinces skipped because today is not a working day there. */
  skipped: string[];
  /** Units not submitted for a period whose reminder day is today; `written`: messages new to the outbox (0 on a second run). */
  reminders: { province: string; period: string; units: string[]; written: number }[];
  digests: number;
}

/** The periods whose reminder day is today, for a province. */
export function periodsToRemind(registry: Registry, province: string, today: string): { period: Period; deadline: string }[] {
  const policy = registry.deadlinePolicy(province);
  const cfg = registry.reviewConfig(province);
  const year = Number(today.slice(0, 4));
  const out: { period: Period; deadline: string }[] = [];
  for (const y of [year - 1, year])
    for (const kind of cfg.remindKinds) {
      const period = parsePeriod(`${y}-${kind}`);
      if (!period) continue;
      const deadline = deadlineDate(period, policy);
      if (workingDaysBefore(deadline, cfg.remindDaysBefore, policy.holidays, policy.workingDays) === today) out.push({ period, deadline });
    }
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

export class ReminderService {
  private readonly clock: () => Date;

  constructor(private readonly deps: ReminderDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async run(): Promise<NotifyRun> {
    const now = this.clock();
    const at = now.toISOString();
    const today = ictDate(now);
    const registry = await this.deps.registry();
    const run: NotifyRun = { today, skipped: [], reminders: [], digests: 0 };
    for (const province of registry.provinceCodes()) {
      // No reminder and no digest on a weekend or a public holiday of the province's calendar.
      const policy = registry.deadlinePolicy(province);
      if (!isWorkingDay(today, new Set(policy.holidays), new Set(policy.workingDays))) {
        run.skipped.push(province);
        continue;
      }
      for (const { period, deadline } of periodsToRemind(registry, province, today)) {
        const submitted = new Set((await this.deps.reports.latestForProvincePeriod(province, period.id)).map((l) => l.unit));
        const missing = registry.expectedUnits(province, period).filter((u) => !submitted.has(u.code));
        // A province with nobody to remind for this period (none expected, or all submitted) is not listed.
        if (missing.length === 0) continue;
        const written = await this.deps.outbox.enqueue(
          missing.map((u) => reminderMessage({ unit: u.code, unitName: u.name, period: period.id, deadline, today, at }, this.deps.links)),
        );
        run.reminders.push({ province, period: period.id, units: missing.map((u) => u.code), written });
      }
      run.digests += await this.digest(registry, province, at);
    }
    return run;
  }

  private async digest(registry: Registry, province: string, at: string): Promise<number> {
    let written = 0;
    for (;;) {
      const arrivals = await this.deps.outbox.arrivals(province, DIGEST_MAX_ARRIVALS);
      if (arrivals.length === 0) return written;
      const message = digestMessage(
        {
          province,
          // A province or unit no longer in force (87, its districts) keeps its last name.
          provinceName: lowerFirst(registry.principalUnit(province)?.name ?? province),
          arrivals,
          unitName: (code) => registry.principalUnit(code)?.name ?? code,
          at,
        },
        this.deps.links,
      );
      // Another run took these arrivals first: its digest lists them.
      if (!(await this.deps.outbox.commitDigest(message, arrivals))) return written;
      written++;
    }
  }
}
