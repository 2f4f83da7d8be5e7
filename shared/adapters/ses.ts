/** The Mailer port on Amazon SES (v2 SendEmail, simple content: SES builds the MIME message). */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailEnvelope, Mailer } from '../notify/outbox.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    /** A verified SES identity (the stack's), e.g. "CCHC <no-reply@snv.dongthap.gov.vn>". */
    private readonly from: string,
  ) {}

  async send(mail: MailEnvelope): Promise<void> {
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: mail.to },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            Headers: [{ Name: 'X-CCHC-Message-Id', Value: mail.id }],
          },
        },
      }),
    );
  }
}

export const sesClient = (): SESv2Client => new SESv2Client({ maxAttempts: 3 });
