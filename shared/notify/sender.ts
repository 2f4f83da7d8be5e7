/**
 * Sends the outbox: each pending message is leased (a conditional write, so two
 * senders never both send it), sent, then marked sent under that lease. A failed send
 * is retried by later sweeps until MAX_ATTEMPTS, then the message is dead-lettered.
 */
import type { RegistryProvider } from '../registry/loader.ts';
import type { Registry } from '../registry/registry.ts';
import type { Audience, Mailer, OutboxStore } from './outbox.ts';

export const MAX_ATTEMPTS = 5;
/** Longer than one send takes; a sender that crashed mid-send gives the message back when it expires. */
export const LEASE_MS = 120_000;

export type SendOutcome = 'sent' | 'skipped' | 'failed' | 'dead';

export interface SweepResult {
  sent: number;
  skipped: number;
  failed: number;
  dead: number;
}

export interface SenderDeps {
  outbox: OutboxStore;
  mailer: Mailer;
  registry: RegistryProvider;
  clock?: () => Date;
}

/** The mailboxes of an audience, from the registry's contacts (maintained by an administrator). */
export function recipients(to: Audience, registry: Registry): string[] {
  const code = to.kind === 'unit' ? to.unit : to.province;
  // The unit holding the code today, else the last one that did (a 2021 district's report).
  return registry.principalUnit(code)?.contact?.emails ?? [];
}

export class OutboxSender {
  private readonly clock: () => Date;

  constructor(private readonly deps: SenderDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async sweep(limit = 100): Promise<SweepResult> {
    const out: SweepResult = { sent: 0, skipped: 0, failed: 0, dead: 0 };
    for (const id of await this.deps.outbox.pending(limit)) out[await this.sendOne(id)]++;
    return out;
  }

  async sendOne(id: string): Promise<SendOutcome> {
    const claim = await this.deps.outbox.claim(id, this.clock(), LEASE_MS);
    if (!claim) return 'skipped';
    const m = claim.message;
    const to = recipients(m.to, await this.deps.registry({ units: [m.to.kind === 'unit' ? m.to.unit : m.to.province] }));
    if (to.length === 0) {
      // Nobody to tell: kept as a dead letter so an administrator sees which unit lacks a contact.
      await this.deps.outbox.release(
        claim,
        `NO_CONTACT: no e-mail for ${m.to.kind === 'unit' ? `unit ${m.to.unit}` : `province ${m.to.province}`} in the registry`,
        true,
      );
      return 'dead';
    }
    try {
      await this.deps.mailer.send({ id: m.id, to, subject: m.subject, text: m.text });
    } catch (e) {
      const dead = claim.message.attempts >= MAX_ATTEMPTS;
      await this.deps.outbox.release(claim, (e as Error).message ?? String(e), dead);
      return dead ? 'dead' : 'failed';
    }
    await this.deps.outbox.markSent(claim, this.clock());
    return 'sent';
  }
}
