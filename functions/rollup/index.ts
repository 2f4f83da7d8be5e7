/**
 * The scheduled rollup (EventBridge Scheduler; locally the in-process scheduler). The
 * event's `detail` may narrow or widen the run: {"province": "87", "periods":
 * ["2021-H1"], "force": true}. Recomputes every (province, period) whose reports
 * changed since its last rollup, for open periods and the named ones. Returns what it
 * did; throws when some rollup failed, so the scheduler's retry policy and
 * dead-letter queue apply (a retry skips what is already done).
 *
 * Also a rollup on demand, invoked synchronously by the provinces API function
 * ({"runNow": {"province", "period"}}, shared/adapters/lambda.ts): runs that one
 * province-period and returns its result. The caller has checked access.
 */
import * as z from 'zod';
import type { RunNowEvent } from '../../shared/adapters/lambda.ts';
import { runOutcome, type RunOutcome, type ScheduledReport } from '../../shared/rollup/service.ts';
import { rollupContext } from './context.ts';
import { logger } from '../lib/observability.ts';

const Detail = z
  .object({
    province: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    periods: z.array(z.string().max(20)).max(50).optional(),
    force: z.boolean().optional(),
  })
  .catchall(z.unknown());

export interface RollupEvent {
  time?: string;
  detail?: unknown;
}

const RunNow = z.object({ province: z.string().regex(/^\d{1,10}$/), period: z.string().max(20) });

/** The scheduled time when the event carries one (EventBridge), else now. */
function eventTime(event: RollupEvent | undefined): Date {
  const t = event?.time ? Date.parse(event.time) : Number.NaN;
  return Number.isNaN(t) ? new Date() : new Date(t);
}

export async function handler(event: RunNowEvent): Promise<RunOutcome>;
export async function handler(event: RollupEvent | undefined): Promise<ScheduledReport>;
export async function handler(event: RollupEvent | RunNowEvent | undefined): Promise<ScheduledReport | RunOutcome> {
  if (event && 'runNow' in event) {
    const { province, period } = RunNow.parse(event.runNow);
    const r = await rollupContext().rollupService.run(province, period);
    logger.info('rollup: run on demand', { province, period, runId: r.runId, outcome: r.outcome, ms: Math.round(r.timings.total) });
    // The digest, not the whole summary: the Invoke answer stays small (its limit is 6 MB).
    return runOutcome(r);
  }
  const parsed = Detail.safeParse(event?.detail ?? {});
  if (!parsed.success) {
    logger.error('rollup: invalid event detail', { detail: event?.detail as Record<string, unknown> });
    throw new Error(`invalid rollup event detail: ${parsed.error.message}`);
  }
  const { province, periods, force } = parsed.data;
  const at = eventTime(event);
  const report = await rollupContext().rollupService.runScheduled(at, { province, periods, force }, (p) => {
    if (p.rolled.length || p.failed.length)
      logger.info('rollup: province done', { province: p.province, rolled: p.rolled, failed: p.failed, closed: p.closed });
    else logger.debug('rollup: province unchanged', { province: p.province, markers: p.markers });
  });
  const failed = report.provinces.flatMap((p) => p.failed.map((f) => `${p.province}/${f.period}: ${f.error}`));
  const rolled = report.provinces.reduce((a, p) => a + p.rolled.length, 0);
  logger.info('rollup: run done', { at: report.at, provinces: report.provinces.length, rolled, failed: failed.length });
  if (failed.length) throw new Error(`rollup failed for ${failed.join('; ')}`);
  return report;
}
