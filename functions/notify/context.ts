/** Composition root of the notify function: the outbox sender (SES, or the local mailer) and the reminders. */
import { documentClient, requiredEnv } from '../../shared/adapters/clients.ts';
import { DynamoOutboxStore } from '../../shared/adapters/dynamo-outbox.ts';
import { SesMailer, sesClient } from '../../shared/adapters/ses.ts';
import type { Mailer } from '../../shared/notify/outbox.ts';
import { ReminderService } from '../../shared/notify/reminders.ts';
import { OutboxSender } from '../../shared/notify/sender.ts';
import { links, perProcess, registry, reportStore, resetContexts, tableName } from '../lib/wiring.ts';

export interface NotifyContext {
  sender: OutboxSender;
  reminders: ReminderService;
}

let mailerOverride: Mailer | undefined;

/** The local runner delivers into files instead of SES. */
export function useMailer(m: Mailer | undefined): void {
  mailerOverride = m;
  resetContexts();
}

export const notifyContext = /* @__PURE__ */ perProcess((): NotifyContext => {
  const outbox = new DynamoOutboxStore(documentClient(), tableName());
  const mailer = mailerOverride ?? new SesMailer(sesClient(), requiredEnv('MAIL_FROM'));
  return {
    sender: new OutboxSender({ outbox, mailer, registry: registry() }),
    reminders: new ReminderService({ reports: reportStore(), outbox, registry: registry(), links: links() }),
  };
});
