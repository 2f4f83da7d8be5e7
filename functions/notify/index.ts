/**
 * Notifications (EventBridge Scheduler; locally the in-process scheduler). Two jobs,
 * named by the event's detail: {"job": "reminders"} (daily on working days: reminders
 * and the provinces' digests, written to the outbox) and {"job": "send"} (every few
 * minutes: delivers the outbox). The reminders job also delivers what it wrote.
 * Throws when a message was given up on, so the failure reaches the dead-letter queue
 * and its alarm; the message itself stays in the table's dead letters.
 */
import { DynamoOutboxStore } from '../../shared/adapters/dynamo-outbox.ts';
import { documentClient, requiredEnv } from '../../shared/adapters/clients.ts';
import { SesMailer, sesClient } from '../../shared/adapters/ses.ts';
import type { Mailer } from '../../shared/notify/outbox.ts';
import { ReminderService, type NotifyRun } from '../../shared/notify/reminders.ts';
import { OutboxSender, type SweepResult } from '../../shared/notify/sender.ts';
import { appContext } from '../lib/context.ts';
import { logger } from '../lib/observability.ts';

let mailerOverride: Mailer | undefined;

/** The local runner delivers into files instead of SES. */
export function useMailer(m: Mailer | undefined): void {
  mailerOverride = m;
  services = undefined;
}

let services: { ctx: ReturnType<typeof appContext>; sender: OutboxSender; reminders: ReminderService } | undefined;

function build() {
  const ctx = appContext();
  if (services?.ctx === ctx) return services;
  const outbox = new DynamoOutboxStore(documentClient(), ctx.table);
  const mailer = mailerOverride ?? new SesMailer(sesClient(), requiredEnv('MAIL_FROM'));
  services = {
    ctx,
    sender: new OutboxSender({ outbox, mailer, registry: ctx.registry }),
    reminders: new ReminderService({ reports: ctx.reports, outbox, registry: ctx.registry, links: ctx.links }),
  };
  return services;
}

export interface NotifyEvent {
  detail?: { job?: string };
}

export const handler = async (event: NotifyEvent | undefined): Promise<{ run?: NotifyRun; sent: SweepResult }> => {
  const s = build();
  const job = event?.detail?.job ?? 'send';
  if (job !== 'send' && job !== 'reminders') throw new Error(`unknown notify job ${job}`);
  const run = job === 'reminders' ? await s.reminders.run() : undefined;
  if (run) logger.info('notify: reminders', { ...run });
  const sent = await s.sender.sweep(100);
  if (sent.sent || sent.failed || sent.dead) logger.info('notify: outbox', { ...sent });
  if (sent.dead) throw new Error(`${sent.dead} notification(s) given up on; see the OUTBOX#dead items`);
  return { ...(run ? { run } : {}), sent };
};
