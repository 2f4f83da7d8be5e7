/**
 * Notifications (EventBridge Scheduler; locally the in-process scheduler). Two jobs,
 * named by the event's detail: {"job": "reminders"} (daily on working days: reminders
 * and the provinces' digests, written to the outbox) and {"job": "send"} (every few
 * minutes: delivers the outbox). The reminders job also delivers what it wrote.
 * Throws when a message was given up on, so the failure reaches the dead-letter queue
 * and its alarm; the message itself stays in the table's dead letters.
 */
import type { NotifyRun } from '../../shared/notify/reminders.ts';
import type { SweepResult } from '../../shared/notify/sender.ts';
import { logger } from '../lib/observability.ts';
import { notifyContext } from './context.ts';

export { useMailer } from './context.ts';

export interface NotifyEvent {
  detail?: { job?: string };
}

export const handler = async (event: NotifyEvent | undefined): Promise<{ run?: NotifyRun; sent: SweepResult }> => {
  const s = notifyContext();
  const job = event?.detail?.job ?? 'send';
  if (job !== 'send' && job !== 'reminders') throw new Error(`unknown notify job ${job}`);
  const run = job === 'reminders' ? await s.reminders.run() : undefined;
  if (run) logger.info('notify: reminders', { ...run });
  const sent = await s.sender.sweep(100);
  if (sent.sent || sent.failed || sent.dead) logger.info('notify: outbox', { ...sent });
  if (sent.dead) throw new Error(`${sent.dead} notification(s) given up on; see the OUTBOX#dead items`);
  return { ...(run ? { run } : {}), sent };
};
