/**
 * The in-process stand-in for EventBridge Scheduler: calls the same scheduled
 * handlers as AWS would, on timers. Runs never overlap.
 */
import { handler as rollup } from '../../functions/rollup/index.ts';
import { handler as sweeper } from '../../functions/artifacts/index.ts';

export interface Scheduler {
  /** Runs the rollup now (as a scheduled invocation would) and waits for it. */
  runRollup(): Promise<unknown>;
  runSweep(): Promise<unknown>;
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

export function startScheduler(o: { rollupEveryMinutes: number; sweepEverySeconds: number }): Scheduler {
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
  if (o.rollupEveryMinutes > 0) timers.push(setInterval(runRollup, o.rollupEveryMinutes * 60_000));
  if (o.sweepEverySeconds > 0) timers.push(setInterval(runSweep, o.sweepEverySeconds * 1000));
  for (const t of timers) t.unref();
  return {
    runRollup,
    runSweep,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
