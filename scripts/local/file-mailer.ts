/**
 * The local stand-in for SES: each message becomes an .eml file under the outbox
 * folder (open it in any mail program, or read it: it is plain text). Named after the
 * message id and created exclusively, so delivering the same message twice leaves one file.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailEnvelope, Mailer } from '../../shared/notify/outbox.ts';

export const LOCAL_FROM = 'CCHC (máy cục bộ) <no-reply@cchc.local>';

export const emlName = (id: string) => `${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.eml`;

export class FileMailer implements Mailer {
  constructor(readonly dir: string) {}

  async send(mail: MailEnvelope): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const raw = await new MailComposer({
      from: LOCAL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${emlName(mail.id).slice(0, -4)}@cchc.local>`,
      headers: { 'X-CCHC-Message-Id': mail.id },
    })
      .compile()
      .build();
    // Written whole under a temporary name, then linked: a crash never leaves half a message under the final name.
    const tmp = join(this.dir, `.${randomUUID()}.tmp`);
    await writeFile(tmp, raw);
    try {
      await link(tmp, join(this.dir, emlName(mail.id)));
    } catch (e) {
      // Delivered before (a retry after a crash between delivery and marking it sent).
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp);
    }
  }
}
