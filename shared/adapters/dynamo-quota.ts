/**
 * The per-principal write quota on DynamoDB: a token bucket kept as one number per
 * principal, its "theoretical arrival time" (the generic cell rate algorithm, which is a
 * token bucket without a separate token count). Spending a write is one conditional
 * UpdateItem (two when the bucket is partly spent), with no read first and no race: the
 * conditions are evaluated on the item as it is when the write lands.
 *
 *   interval = 60 s / perMinute; tolerance = (burst - 1) × interval
 *   allowed at time t when  tat − t ≤ tolerance;  then  tat = max(tat, t) + interval
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, TABLE_TTL_ATTRIBUTE } from '../storage/keys.ts';
import type { WriteQuota } from '../storage/ports.ts';
import { guard } from './dynamo.ts';

export interface QuotaLimits {
  /** Writes allowed at once after a pause. */
  burst: number;
  /** Sustained writes per minute. */
  perMinute: number;
}

const failed = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/**
 * When the item may go (epoch seconds): an hour after its bucket is full again, when it
 * means no more than a missing item does. DynamoDB's TTL then deletes it.
 */
const expiry = (tat: number) => Math.ceil(tat / 1000) + 3600;

export class DynamoWriteQuota implements WriteQuota {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly limits: QuotaLimits,
  ) {}

  take(principal: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    return guard(async () => {
      const t = now.getTime();
      const interval = 60_000 / this.limits.perMinute;
      const tolerance = (this.limits.burst - 1) * interval;
      const Key = keys.quota(principal);
      try {
        // A full bucket (no item, or its time has passed): tat = t + interval.
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key,
            UpdateExpression: 'SET tat = :next, #type = :type, #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(tat) OR tat <= :t',
            ExpressionAttributeNames: { '#type': 'type', '#ttl': TABLE_TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':next': t + interval, ':t': t, ':type': 'quota', ':ttl': expiry(t + interval) },
          }),
        );
        return { ok: true };
      } catch (e) {
        if (!failed(e)) throw e;
      }
      try {
        // Partly spent: one more write if it stays within the tolerance. (tat only grows, so it is still > t.)
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key,
            UpdateExpression: 'SET tat = tat + :i, #ttl = :ttl',
            ConditionExpression: 'tat <= :limit',
            ExpressionAttributeNames: { '#ttl': TABLE_TTL_ATTRIBUTE },
            // The new tat is at most limit + interval.
            ExpressionAttributeValues: { ':i': interval, ':limit': t + tolerance, ':ttl': expiry(t + tolerance + interval) },
          }),
        );
        return { ok: true };
      } catch (e) {
        if (!failed(e)) throw e;
      }
      const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      const tat = typeof r.Item?.tat === 'number' ? r.Item.tat : t;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((tat - tolerance - t) / 1000)) };
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
