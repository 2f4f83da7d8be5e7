/**
 * The notification outbox: messages are written in the same DynamoDB transaction as
 * the event that causes them (a review action, a submission's arrival for the
 * province digest, a reminder run), and sent afterwards by the sender, which marks
 * each one sent under a lease so that no message is lost and none is sent twice.
 */
import type { Submitter } from '../storage/ports.ts';

/** Who a message is for: resolved to e-mail addresses when it is sent (the registry's contacts may change meanwhile). */
export type Audience = { kind: 'unit'; unit: string } | { kind: 'province'; province: string };

export type MessageKind = 'accepted' | 'returned' | 'reopened' | 'reminder' | 'digest';

export interface OutboxMessage {
  /** Deterministic: writing the same message twice (a retried job) keeps one. */
  id: string;
  kind: MessageKind;
  to: Audience;
  subject: string;
  text: string;
  createdAt: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface StoredMessage extends OutboxMessage {
  status: OutboxStatus;
  attempts: number;
  sentAt?: string;
  lastError?: string;
}

/** A new version arrived: kept for the province's digest (written with the version). */
export interface Arrival {
  province: string;
  period: string;
  unit: string;
  version: number;
  receivedAt: string;
  onTime: boolean;
  by: Submitter;
}

/** A lease on a pending message: only its holder may mark it sent or failed. */
export interface Claim {
  message: StoredMessage;
  token: string;
}

export interface OutboxStore {
  /** Writes messages not written before (by id); returns how many were new. */
  enqueue(messages: OutboxMessage[]): Promise<number>;
  /** Ids of pending messages, oldest first. */
  pending(limit: number): Promise<string[]>;
  get(id: string): Promise<StoredMessage | undefined>;
  /** Takes a lease on a pending message (attempts + 1); undefined when it is sent, dead or leased by another sender. */
  claim(id: string, now: Date, leaseMs: number): Promise<Claim | undefined>;
  /** Marks a claimed message sent (conditional on the lease); false when the lease was lost. */
  markSent(claim: Claim, at: Date): Promise<boolean>;
  /** Gives a claimed message back after a failed send; `dead` moves it out of the queue for good. */
  release(claim: Claim, error: string, dead: boolean): Promise<void>;
  /** Arrivals not yet in a digest, oldest first. */
  arrivals(province: string, limit: number): Promise<Arrival[]>;
  /** Atomically: the digest message and the removal of the arrivals it lists. false when another run took them. */
  commitDigest(message: OutboxMessage, arrivals: Arrival[]): Promise<boolean>;
}

export interface MailEnvelope {
  id: string;
  to: string[];
  subject: string;
  text: string;
}

/** Sends one e-mail (SES in AWS, files locally). Throws on failure. */
export interface Mailer {
  send(mail: MailEnvelope): Promise<void>;
}

/** Builds links to a report for messages (the web app or the API, per deployment). */
export interface Links {
  report(unit: string, period: string): string;
  status(province: string, period: string): string;
}

export const apiLinks = (base: string): Links => {
  const b = base.replace(/\/+$/, '');
  return {
    report: (unit, period) => `${b}/v1/units/${encodeURIComponent(unit)}/reports/${encodeURIComponent(period)}`,
    status: (province, period) => `${b}/v1/provinces/${encodeURIComponent(province)}/periods/${encodeURIComponent(period)}/status`,
  };
};
