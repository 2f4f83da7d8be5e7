/** DynamoDB adapter of the outbox port (keys in shared/storage/keys.ts). */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../errors/errors.ts';
import type { Arrival, Claim, OutboxMessage, OutboxStore, StoredMessage } from '../notify/outbox.ts';
import { keys } from '../storage/keys.ts';
import { guard, messagePuts, transact, type Item } from './dynamo.ts';

const toStored = (i: Item): StoredMessage => ({
  ...(JSON.parse(i.message as string) as OutboxMessage),
  status: i.status as StoredMessage['status'],
  attempts: (i.attempts as number) ?? 0,
  ...(i.sentAt ? { sentAt: i.sentAt as string } : {}),
  ...(i.lastError ? { lastError: i.lastError as string } : {}),
});

const conditionFailed = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

export class DynamoOutboxStore implements OutboxStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async enqueue(messages: OutboxMessage[]): Promise<number> {
    let created = 0;
    for (const m of messages) {
      try {
        await transact(this.ddb, { TransactItems: messagePuts(this.table, m) });
        created++;
      } catch (e) {
        // Written before (a retried job): keep the first, whatever its status.
        if (!(e instanceof ConcurrentWriteError)) throw e;
      }
    }
    return created;
  }

  pending(limit: number): Promise<string[]> {
    return guard(async () => {
      const r = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.outboxPendingPartition },
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return (r.Items ?? []).map((i) => i.id as string);
    });
  }

  get(id: string): Promise<StoredMessage | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.message(id), ConsistentRead: true }));
      return r.Item ? toStored(r.Item) : undefined;
    });
  }

  claim(id: string, now: Date, leaseMs: number): Promise<Claim | undefined> {
    return guard(async () => {
      const token = randomUUID();
      try {
        const r = await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.message(id),
            UpdateExpression: 'SET claimToken = :t, leaseUntil = :until ADD attempts :one',
            ConditionExpression: '#s = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':t': token,
              ':until': now.getTime() + leaseMs,
              ':one': 1,
              ':pending': 'pending',
              ':now': now.getTime(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { message: toStored(r.Attributes!), token };
      } catch (e) {
        if (conditionFailed(e)) return undefined;
        throw e;
      }
    });
  }

  async markSent(claim: Claim, at: Date): Promise<boolean> {
    const m = claim.message;
    try {
      await transact(this.ddb, {
        TransactItems: [
          {
            Update: {
              TableName: this.table,
              Key: keys.message(m.id),
              UpdateExpression: 'SET #s = :sent, sentAt = :at REMOVE leaseUntil',
              ConditionExpression: 'claimToken = :t AND #s = :pending',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':t': claim.token, ':pending': 'pending' },
            },
          },
          { Delete: { TableName: this.table, Key: keys.outboxPending(m.createdAt, m.id) } },
        ],
      });
      return true;
    } catch (e) {
      if (e instanceof ConcurrentWriteError) return false;
      throw e;
    }
  }

  async release(claim: Claim, error: string, dead: boolean): Promise<void> {
    const m = claim.message;
    const update = {
      TableName: this.table,
      Key: keys.message(m.id),
      UpdateExpression: dead ? 'SET #s = :dead, lastError = :e REMOVE leaseUntil' : 'SET lastError = :e REMOVE leaseUntil',
      ConditionExpression: 'claimToken = :t',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':e': error.slice(0, 1000), ':t': claim.token, ...(dead ? { ':dead': 'dead' } : {}) },
    };
    try {
      if (!dead) {
        // Keep the status untouched; the expression names only what it uses.
        const { ExpressionAttributeNames: _n, ...rest } = update;
        await guard(() => this.ddb.send(new UpdateCommand(rest)));
        return;
      }
      await transact(this.ddb, {
        TransactItems: [
          { Update: update },
          { Delete: { TableName: this.table, Key: keys.outboxPending(m.createdAt, m.id) } },
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.outboxDead(m.createdAt, m.id), type: 'outbox-dead', id: m.id, error: error.slice(0, 1000) },
            },
          },
        ],
      });
    } catch (e) {
      // The lease expired and another sender holds the message now: it decides.
      if (e instanceof ConcurrentWriteError || conditionFailed(e)) return;
      throw e;
    }
  }

  arrivals(province: string, limit: number): Promise<Arrival[]> {
    return guard(async () => {
      const r = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.arrivalsPartition(province) },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => JSON.parse(i.arrival as string) as Arrival);
    });
  }

  async commitDigest(message: OutboxMessage, arrivals: Arrival[]): Promise<boolean> {
    try {
      await transact(this.ddb, {
        TransactItems: [
          ...messagePuts(this.table, message),
          ...arrivals.map((a) => ({
            Delete: {
              TableName: this.table,
              Key: keys.arrival(a.province, a.receivedAt, a.unit, a.period, a.version),
              ConditionExpression: 'attribute_exists(pk)',
            },
          })),
        ],
      });
      return true;
    } catch (e) {
      if (e instanceof ConcurrentWriteError) return false;
      throw e;
    }
  }
}
