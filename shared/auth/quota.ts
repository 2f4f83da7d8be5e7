/**
 * The per-principal write quota as the use cases spend it: one write of a submission, an
 * amendment or a review decision, or 429 WRITE_QUOTA_EXCEEDED with Retry-After.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors/errors.ts';
import type { WriteQuota } from '../storage/ports.ts';
import type { Principal } from './principal.ts';

export interface QuotaSetting {
  store: WriteQuota;
  limits: { burst: number; perMinute: number };
}

/** The quota's key: a digest of the token's subject (any string, so not a key as it is). */
const quotaKey = (sub: string) => createHash('sha256').update(sub).digest('hex').slice(0, 32);

/** Spends one write of the principal's quota (none set: unlimited, for domain tests). */
export async function spendWrite(q: QuotaSetting | undefined, p: Principal, now: Date): Promise<void> {
  if (!q) return;
  const r = await q.store.take(quotaKey(p.sub), now);
  if (!r.ok)
    throw new DomainError(
      'too_many_requests',
      'WRITE_QUOTA_EXCEEDED',
      { ...q.limits, retryAfter: r.retryAfterSeconds },
      [],
      r.retryAfterSeconds,
    );
}
