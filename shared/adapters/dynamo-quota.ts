/**
 * The per-principal write quota on DynamoDB: a token bucket kept as one number per
 * principal, its "theoretical arrival time" (the generic cell rate algorithm, which is a
 * token bucket without a separate token count). `plan` reads it; the spend is a
 * conditional Put in the write's own transaction (shared/adapters/dynamo.ts), so a write
 * that fails spends nothing, and two writes that raced on the bucket are told apart from
 * a lost version race (QuotaRaceError: plan again).
 *
 *   interval = 60 s / perMinute; tolerance = (burst - 1) × interval
 *   allowed at time t when  tat − t ≤ tolerance;  then  tat = max(tat, t) + interval
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../storage/keys.ts';
import type { QuotaSpend, WriteQuota } from '../storage/ports.ts';
import { guard } from './dynamo.ts';

export interface QuotaLimits {
  /** Writes allowed at once after a pause. */
  burst: number;
  /** Sustained writes per minute. */
  perMinute: number;
}

export class DynamoWriteQuota implements WriteQuota {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limits: QuotaLimits,
  ) {}

  plan(principal: string, now: Date): Promise<{ ok: true; spend: QuotaSpend } | { ok: false; retryAfterSeconds: number }> {
    return guard(async () => {
      const t = now.getTime();
      const interval = 60_000 / this.limits.perMinute;
      const tolerance = (this.limits.burst - 1) * interval;
      const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.quota(principal), ConsistentRead: true }));
      const tat = typeof r.Item?.tat === 'number' ? r.Item.tat : null;
      if (tat !== null && tat - t > tolerance) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((tat - tolerance - t) / 1000)) };
      return { ok: true, spend: { principal, expectedTat: tat, nextTat: Math.max(tat ?? t, t) + interval } };
    });
  }
}

/** "burst/perMinute" (WRITE_QUOTA), else the default: 30 writes at once, then 30 a minute. */
export function quotaLimits(v: string | undefined): QuotaLimits {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v ?? '');
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) return DEFAULT_WRITE_QUOTA;
  return { burst: Number(m[1]), perMinute: Number(m[2]) };
}

export const DEFAULT_WRITE_QUOTA: QuotaLimits = { burst: 30, perMinute: 30 };
