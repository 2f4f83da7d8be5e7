/**
 * The in-process stand-in for EventBridge Scheduler: calls the same scheduled
 * handlers as AWS would, on timers. Runs never overlap.
 */
import { handler as rollup } from '../../functions/rollup/index.ts';
import { handler as sweeper } from '../../functions/artifacts/index.ts';
import { handler as notify } from '../../functions/notify/index.ts';

export interface Scheduler {
  /** Runs the rollup now (as a scheduled invocation would) and waits for it. */
  runRollup(): Promise<unknown>;
  runSweep(): Promise<unknown>;
  /** Delivers the outbox (as the "send" schedule does). */
  runSend(): Promise<unknown>;
  /** Reminders and digests, then delivery (as the daily "reminders" schedule does). */
  runReminders(): Promise<unknown>;
  stop(): Promise<void>;
}

export function scheduledEvent(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: 'local',
    time: new Date().toISOString(),
    region: process.env.AWS_REGION ?? 'local',
    resources: ['arn:aws:scheduler:local:local:schedule/default/cchc-rollup'],
    detail,
  };
}

export function startScheduler(o: { rollupEveryMinutes: number; sweepEverySeconds: number; remindEveryMinutes?: number }): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const serial = (fn: () => Promise<unknown>, name: string) => {
    let current: Promise<unknown> | undefined;
    return () => {
      if (current) return current;
      current = fn()
        .catch((e) => console.error(`[scheduler] ${name} failed: ${(e as Error).message}`))
        .finally(() => {
          running.delete(current!);
          current = undefined;
        });
      running.add(current);
      return current;
    };
  };
  const runRollup = serial(() => rollup(scheduledEvent()), 'rollup');
  const runSweep = serial(() => sweeper(scheduledEvent()), 'document retry');
  // Notify runs one after another (a reminders run also delivers); each kind at most once in the queue.
  let notifyChain: Promise<unknown> = Promise.resolve();
  const chained = (job: 'send' | 'reminders') => () => (notifyChain = notifyChain.then(() => notify(scheduledEvent({ job }))));
  const runSend = serial(chained('send'), 'notify send');
  const runReminders = serial(chained('reminders'), 'notify reminders');
  if (o.rollupEveryMinutes > 0) timers.push(setInterval(runRollup, o.rollupEveryMinutes * 60_000));
  if (o.sweepEverySeconds > 0) timers.push(setInterval(runSweep, o.sweepEverySeconds * 1000));
  if (o.sweepEverySeconds > 0) timers.push(setInterval(runSend, Math.min(o.sweepEverySeconds, 30) * 1000));
  if ((o.remindEveryMinutes ?? 0) > 0) timers.push(setInterval(runReminders, o.remindEveryMinutes! * 60_000));
  for (const t of timers) t.unref();
  return {
    runRollup,
    runSweep,
    runSend,
    runReminders,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
