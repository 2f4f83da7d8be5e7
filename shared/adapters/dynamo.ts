/** DynamoDB adapters of the storage ports (single table, keys in shared/storage/keys.ts). */
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError, StoreUnavailableError } from '../errors/errors.ts';
import type { FormDef } from '../forms/model.ts';
import type { Arrival, OutboxMessage } from '../notify/outbox.ts';
import type { RegistrySource, StoredIndex } from '../registry/loader.ts';
import type { OrgUnit, RegistryData } from '../registry/registry.ts';
import type { ReportHome } from '../registry/replace.ts';
import { splitRegistry } from '../registry/shards.ts';
import type { ReviewAction, ReviewStatus } from '../review/model.ts';
import { keys } from '../storage/keys.ts';
import type {
  ArtifactJob,
  DocumentState,
  FormStore,
  LatestReadOptions,
  LatestRecord,
  ReportStore,
  RollupMarker,
  RollupStore,
  VersionMeta,
  VersionRecord,
} from '../storage/ports.ts';

export type Item = Record<string, unknown>;
type TransactInput = ConstructorParameters<typeof TransactWriteCommand>[0];

const THROTTLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

function isNetworkError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || (e as Error).name === 'TimeoutError';
}

/** Maps SDK failures that are not the caller's fault to StoreUnavailableError. */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ConcurrentWriteError) throw e;
    if (THROTTLE.has((e as Error).name) || isNetworkError(e)) throw new StoreUnavailableError(e);
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function queryAll(ddb: DynamoDBDocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    out.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** At most `limit` items, following LastEvaluatedKey only while a page came back short (the 1 MB read limit). */
async function queryUpTo(
  limit: number,
  ddb: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(new QueryCommand({ ...input, Limit: limit - out.length, ExclusiveStartKey }));
    out.push(...((page.Items ?? []) as Item[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && out.length < limit);
  return out;
}

const toLatest = (i: Item): LatestRecord => ({
  unit: i.unit as string,
  period: i.period as string,
  province: i.province as string,
  version: i.version as number,
  hash: i.hash as string,
  receivedAt: i.receivedAt as string,
  firstReceivedAt: i.firstReceivedAt as string,
  onTime: i.onTime as boolean,
  summary: JSON.parse(i.summary as string),
  document: JSON.parse(i.document as string),
  ...(typeof i.review === 'string' ? { review: { ...(JSON.parse(i.review) as ReviewStatus), seq: (i.reviewSeq as number) ?? 0 } } : {}),
});

/** The "latest" item of a (unit, period): the one place its attributes are laid out (toLatest reads them). */
export function latestItem(latest: LatestRecord): Item {
  return {
    ...keys.latest(latest.province, latest.period, latest.unit),
    type: 'latest',
    unit: latest.unit,
    period: latest.period,
    province: latest.province,
    version: latest.version,
    hash: latest.hash,
    receivedAt: latest.receivedAt,
    firstReceivedAt: latest.firstReceivedAt,
    onTime: latest.onTime,
    summary: JSON.stringify(latest.summary),
    document: JSON.stringify(latest.document),
    // The sequence is its own attribute: conditions compare it (a review or an amendment that raced loses).
    reviewSeq: latest.review?.seq ?? 0,
    ...(latest.review ? { review: JSON.stringify(latest.review) } : {}),
  };
}

/** What a version item and its small history item (the one the versions page reads) both carry. */
const versionAttributes = (v: VersionRecord) => ({
  unit: v.unit,
  period: v.period,
  province: v.province,
  version: v.version,
  hash: v.hash,
  receivedAt: v.receivedAt,
  submittedBy: v.submittedBy,
  requestId: v.requestId,
  warningCount: v.warningCount ?? v.warnings.length,
});

/** The review state the latest item had when the caller read it: unchanged, or the write loses. */
const REVIEW_UNCHANGED = '(attribute_not_exists(reviewSeq) OR reviewSeq = :seq)';

/** An outbox message and its pending pointer (two Puts of one transaction); never written twice. */
export function messagePuts(table: string, m: OutboxMessage): NonNullable<TransactInput['TransactItems']> {
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.message(m.id),
          type: 'message',
          status: 'pending',
          attempts: 0,
          message: JSON.stringify(m),
          createdAt: m.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: table, Item: { ...keys.outboxPending(m.createdAt, m.id), type: 'outbox', id: m.id } } },
  ];
}

/**
 * One TransactWriteItems with the retries every caller needs: a lost condition is a
 * ConcurrentWriteError (the reasons are returned for callers that must tell which
 * item failed); transaction conflicts and throttling are retried with backoff.
 */
export async function transact(ddb: DynamoDBDocumentClient, input: TransactInput): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await guard(() => ddb.send(new TransactWriteCommand(input)));
      return;
    } catch (e) {
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw new ConcurrentWriteError(reasons.map((r) => r.Code ?? 'None'));
      const conflict =
        (e as Error).name === 'TransactionConflictException' ||
        reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if ((conflict || (e as Error).name === 'TransactionInProgressException') && attempt < 6) {
        await sleep(20 * 2 ** attempt * (0.5 + Math.random()));
        continue;
      }
      if (conflict) throw new StoreUnavailableError(e);
      throw e;
    }
  }
}

const toAction = (i: Item): ReviewAction => JSON.parse(i.action as string) as ReviewAction;

const toMeta = (i: Item): VersionMeta => ({
  unit: i.unit as string,
  period: i.period as string,
  province: i.province as string,
  version: i.version as number,
  hash: i.hash as string,
  receivedAt: i.receivedAt as string,
  submittedBy: i.submittedBy as VersionMeta['submittedBy'],
  requestId: i.requestId as string,
  // Items written before the count existed carry only their warnings.
  warningCount: typeof i.warningCount === 'number' ? i.warningCount : (JSON.parse((i.warnings as string) ?? '[]') as unknown[]).length,
});

const v6 = (v: number) => String(v).padStart(6, '0');

export class DynamoReportStore implements ReportStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  getLatest(province: string, unit: string, period: string): Promise<LatestRecord | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(
        new GetCommand({ TableName: this.table, Key: keys.latest(province, period, unit), ConsistentRead: true }),
      );
      return r.Item ? toLatest(r.Item) : undefined;
    });
  }

  getVersion(unit: string, period: string, version: number): Promise<VersionRecord | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(
        new GetCommand({ TableName: this.table, Key: keys.version(unit, period, version), ConsistentRead: true }),
      );
      if (!r.Item) return undefined;
      return {
        ...toMeta(r.Item),
        warnings: JSON.parse(r.Item.warnings as string),
        content: JSON.parse(r.Item.body as string),
        facts: JSON.parse(r.Item.facts as string),
      };
    });
  }

  listVersions(unit: string, period: string, page: { below?: number; limit: number }): Promise<VersionMeta[]> {
    return guard(async () => {
      // The history lines (M#): small items, so a page of 100 is one short read.
      const metas = await this.versionPage(
        keys.versionMetaPrefix(unit, period),
        page,
        '#u, #p, province, version, #h, receivedAt, submittedBy, requestId, warningCount',
      );
      const n = metas.map((i) => i.version as number);
      const contiguous = n.every((v, i) => i === 0 || v === n[i - 1]! - 1);
      if (n.length > 0 && contiguous && (n.length === page.limit || n.at(-1) === 1)) return metas.map(toMeta);
      // Versions written before the history lines existed: read the version items (and their warnings to count them).
      const items = await this.versionPage(
        keys.versionPrefix(unit, period),
        page,
        '#u, #p, province, version, #h, receivedAt, submittedBy, requestId, warningCount, warnings',
      );
      return items.map(toMeta);
    });
  }

  private versionPage(k: { pk: string; skPrefix: string }, page: { below?: number; limit: number }, projection: string): Promise<Item[]> {
    return queryUpTo(page.limit, this.ddb, {
      TableName: this.table,
      // Newest first, below the cursor: {prefix}000001 .. {prefix}{below-1}.
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: {
        ':pk': k.pk,
        ':lo': `${k.skPrefix}${v6(0)}`,
        ':hi': page.below === undefined ? `${k.skPrefix}~` : `${k.skPrefix}${v6(page.below - 1)}`,
      },
      ProjectionExpression: projection,
      ExpressionAttributeNames: { '#u': 'unit', '#p': 'period', '#h': 'hash' },
      ScanIndexForward: false,
      ConsistentRead: true,
    });
  }

  async commitVersion(v: VersionRecord, latest: LatestRecord, expectedVersion: number | null, arrival?: Arrival): Promise<void> {
    const now = v.receivedAt;
    const job: ArtifactJob = { unit: v.unit, period: v.period, province: v.province, version: v.version, attempts: 0, createdAt: now };
    const input: TransactInput = {
      // One token per request: an SDK-level retry of a transaction that did commit is
      // answered as success, not as a conflict. (A token shared by two requests with
      // different receipt times would be refused as IdempotentParameterMismatch.)
      ClientRequestToken: createHash('sha256')
        .update(`${v.unit}|${v.period}|${v.version}|${v.hash}|${v.requestId}|${v.receivedAt}`)
        .digest('hex')
        .slice(0, 36),
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.version(v.unit, v.period, v.version),
              type: 'version',
              ...versionAttributes(v),
              warnings: JSON.stringify(v.warnings),
              body: JSON.stringify(v.content),
              facts: JSON.stringify(v.facts),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: latestItem(latest),
            // An amendment also loses to a review decided meanwhile (the new latest carries the review state it was checked against).
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: `version = :expected AND ${REVIEW_UNCHANGED}`,
                  ExpressionAttributeValues: { ':expected': expectedVersion, ':seq': latest.review?.seq ?? 0 },
                }),
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.versionMeta(v.unit, v.period, v.version),
              type: 'versionMeta',
              ...versionAttributes(v),
            },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.docState(v.unit, v.period, v.version), type: 'document', state: JSON.stringify(latest.document) },
          },
        },
        {
          Put: { TableName: this.table, Item: { ...keys.job(v.unit, v.period, v.version), type: 'job', ...job } },
        },
        {
          Update: {
            TableName: this.table,
            Key: keys.marker(v.province, v.period),
            UpdateExpression: 'SET changedAt = :now, province = :prov, #p = :period ADD changeSeq :one',
            ExpressionAttributeNames: { '#p': 'period' },
            ExpressionAttributeValues: { ':now': now, ':one': 1, ':prov': v.province, ':period': v.period },
          },
        },
      ],
    };
    if (arrival)
      input.TransactItems!.push({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.arrival(arrival.province, arrival.receivedAt, arrival.unit, arrival.period, arrival.version),
            type: 'arrival',
            arrival: JSON.stringify(arrival),
          },
        },
      });
    // Transaction conflicts (another transaction on the same marker) are safe to retry.
    await transact(this.ddb, input);
  }

  async commitReview(
    latest: LatestRecord,
    a: ReviewAction,
    messages: OutboxMessage[],
    expected: { version: number; seq: number },
  ): Promise<void> {
    await transact(this.ddb, {
      ClientRequestToken: createHash('sha256')
        .update(`review|${a.unit}|${a.period}|${a.seq}|${a.requestId}|${a.at}`)
        .digest('hex')
        .slice(0, 36),
      TransactItems: [
        {
          Update: {
            TableName: this.table,
            Key: keys.latest(latest.province, latest.period, latest.unit),
            UpdateExpression: 'SET review = :review, reviewSeq = :next',
            ConditionExpression: `version = :version AND ${REVIEW_UNCHANGED}`,
            ExpressionAttributeValues: {
              ':review': JSON.stringify(latest.review),
              ':next': a.seq,
              ':version': expected.version,
              ':seq': expected.seq,
            },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.reviewAction(a.unit, a.period, a.seq), type: 'review', action: JSON.stringify(a) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // The rollup counts accepted reports: a decision is a change it must see.
          Update: {
            TableName: this.table,
            Key: keys.marker(a.province, a.period),
            UpdateExpression: 'SET changedAt = :now, province = :prov, #p = :period ADD changeSeq :one',
            ExpressionAttributeNames: { '#p': 'period' },
            ExpressionAttributeValues: { ':now': a.at, ':one': 1, ':prov': a.province, ':period': a.period },
          },
        },
        ...messages.flatMap((m) => messagePuts(this.table, m)),
      ] as NonNullable<TransactInput['TransactItems']>,
    });
  }

  listReviewActions(unit: string, period: string): Promise<ReviewAction[]> {
    return guard(async () => {
      const k = keys.reviewPrefix(unit, period);
      const items = await queryAll(this.ddb, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': k.pk, ':p': k.skPrefix },
        ConsistentRead: true,
      });
      return items.map(toAction);
    });
  }

  async latestForProvincePeriod(province: string, period: string): Promise<LatestRecord[]> {
    const out: LatestRecord[] = [];
    for await (const page of this.latestPagesForProvincePeriod(province, period)) out.push(...page);
    return out;
  }

  async *latestPagesForProvincePeriod(province: string, period: string, options: LatestReadOptions = {}): AsyncGenerator<LatestRecord[]> {
    const pk = keys.latestPartition(province, period);
    // Part i reads [bounds[i-1], bounds[i]) in key (byte) order; the first and last are open-ended.
    const bounds = [...new Set((options.splitAt ?? []).map((u) => keys.latest(province, period, u).sk))].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    const parts = Array.from({ length: bounds.length + 1 }, (_, i) => ({ from: bounds[i - 1], to: bounds[i] }));
    type Arrived = { part: number; page: QueryCommandOutput };
    const read = (part: number, ExclusiveStartKey?: Record<string, unknown>): Promise<Arrived> => {
      const { from, to } = parts[part]!;
      // BETWEEN includes its upper end: that item is the next part's, and is dropped here.
      const range = from && to ? ' AND sk BETWEEN :from AND :to' : from ? ' AND sk >= :from' : to ? ' AND sk < :to' : '';
      const p = guard(() =>
        this.ddb.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: `pk = :pk${range}`,
            ExpressionAttributeValues: { ':pk': pk, ...(from ? { ':from': from } : {}), ...(to ? { ':to': to } : {}) },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        ),
      ).then((page) => ({ part, page }));
      // A caller that stops early (or a part that fails first) leaves reads unawaited: no unhandled rejection.
      p.catch(() => undefined);
      return p;
    };
    const inFlight = new Map<number, Promise<Arrived>>(parts.map((_, i) => [i, read(i)]));
    while (inFlight.size) {
      const { part, page } = await Promise.race(inFlight.values());
      // Ask for this part's next page before parsing this one.
      if (page.LastEvaluatedKey) inFlight.set(part, read(part, page.LastEvaluatedKey));
      else inFlight.delete(part);
      const { from, to } = parts[part]!;
      const items = (page.Items ?? []) as Item[];
      const mine = from && to ? items.filter((i) => i.sk !== to) : items;
      if (mine.length) yield mine.map(toLatest);
    }
  }

  getDocumentState(unit: string, period: string, version: number): Promise<DocumentState | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(
        new GetCommand({ TableName: this.table, Key: keys.docState(unit, period, version), ConsistentRead: true }),
      );
      return r.Item ? (JSON.parse(r.Item.state as string) as DocumentState) : undefined;
    });
  }

  setDocumentState(job: ArtifactJob, state: DocumentState, done: boolean): Promise<void> {
    return guard(async () => {
      const s = JSON.stringify(state);
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.docState(job.unit, job.period, job.version), type: 'document', state: s },
        }),
      );
      try {
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.latest(job.province, job.period, job.unit),
            UpdateExpression: 'SET #d = :d',
            ConditionExpression: 'version = :v',
            ExpressionAttributeNames: { '#d': 'document' },
            ExpressionAttributeValues: { ':d': s, ':v': job.version },
          }),
        );
      } catch (e) {
        // A newer version is the latest now: its own state stays on the latest item.
        if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      }
      const jobKey = keys.job(job.unit, job.period, job.version);
      if (done) await this.ddb.send(new DeleteCommand({ TableName: this.table, Key: jobKey }));
      else
        await this.ddb
          .send(
            new UpdateCommand({
              TableName: this.table,
              Key: jobKey,
              UpdateExpression: 'SET attempts = :a',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':a': job.attempts + 1 },
            }),
          )
          .catch((e) => {
            if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
          });
    });
  }

  pendingArtifactJobs(limit: number): Promise<ArtifactJob[]> {
    return guard(async () => {
      const r = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.jobsPartition },
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return (r.Items ?? []).map((i) => ({
        unit: i.unit,
        period: i.period,
        province: i.province,
        version: i.version,
        attempts: i.attempts ?? 0,
        createdAt: i.createdAt,
      }));
    });
  }
}

const toMarker = (i: Item): RollupMarker => ({
  province: i.province as string,
  period: i.period as string,
  changeSeq: (i.changeSeq as number) ?? 0,
  changedAt: (i.changedAt as string) ?? null,
  rolledSeq: (i.rolledSeq as number) ?? 0,
  runId: (i.runId as string) ?? null,
  asOf: (i.asOf as string) ?? null,
  files: i.files ? JSON.parse(i.files as string) : null,
});

export class DynamoRollupStore implements RollupStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  markers(province: string): Promise<RollupMarker[]> {
    return guard(async () => {
      const items = await queryAll(this.ddb, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.markerPartition(province) },
        ConsistentRead: true,
      });
      return items.map(toMarker);
    });
  }

  marker(province: string, period: string): Promise<RollupMarker | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.marker(province, period), ConsistentRead: true }));
      return r.Item ? toMarker(r.Item) : undefined;
    });
  }

  movePointer(next: RollupMarker): Promise<void> {
    return guard(async () => {
      try {
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.marker(next.province, next.period),
            UpdateExpression: 'SET rolledSeq = :seq, runId = :run, asOf = :asOf, files = :files, province = :prov, #p = :period',
            // Never move the pointer back to an older computation.
            ConditionExpression: 'attribute_not_exists(rolledSeq) OR rolledSeq <= :seq',
            ExpressionAttributeNames: { '#p': 'period' },
            ExpressionAttributeValues: {
              ':seq': next.rolledSeq,
              ':run': next.runId,
              ':asOf': next.asOf,
              ':files': JSON.stringify(next.files),
              ':prov': next.province,
              ':period': next.period,
            },
          }),
        );
      } catch (e) {
        if ((e as Error).name === 'ConditionalCheckFailedException') throw new ConcurrentWriteError();
        throw e;
      }
    });
  }
}

/** Forms added by an administrator: one partition, one item per version, written once. */
export class DynamoFormStore implements FormStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<FormDef[]> {
    return guard(async () => {
      const items = await queryAll(this.ddb, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.formsPartition },
        ConsistentRead: true,
      });
      return items.map((i) => JSON.parse(gunzipSync(i.data as Uint8Array).toString('utf8')) as FormDef);
    });
  }

  async get(id: string, version: number): Promise<FormDef | undefined> {
    return guard(async () => {
      const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.form(id, version), ConsistentRead: true }));
      return r.Item ? (JSON.parse(gunzipSync(r.Item.data as Uint8Array).toString('utf8')) as FormDef) : undefined;
    });
  }

  async put(form: FormDef): Promise<boolean> {
    return guard(async () => {
      try {
        await this.ddb.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.form(form.id, form.version),
              type: 'form',
              id: form.id,
              version: form.version,
              data: gzipSync(JSON.stringify(form)),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (e) {
        if ((e as Error).name === 'ConditionalCheckFailedException') return false;
        throw e;
      }
    });
  }
}

/**
 * The registry in the table: the index (configuration and where each piece's codes
 * lie) under REGISTRY/CURRENT, and one item per piece under REGISTRY#{generation}. A
 * generation is the hash of the content: pieces are written first and never change,
 * then the index flips to them, so a reader never mixes two registries.
 */
export class DynamoRegistryStore implements RegistrySource {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async index(): Promise<StoredIndex | undefined> {
    const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.registryCurrent, ConsistentRead: true }));
    // An item without a generation is the earlier single-item format: treated as absent (reseed).
    if (!r.Item || typeof r.Item.generation !== 'string') return undefined;
    return { generation: r.Item.generation, index: JSON.parse(gunzipSync(r.Item.data as Uint8Array).toString('utf8')) };
  }

  async shard(generation: string, code: string): Promise<OrgUnit[]> {
    const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.registryShard(generation, code) }));
    if (!r.Item) throw new StoreUnavailableError(new Error(`registry piece ${generation}/${code} missing`));
    return JSON.parse(gunzipSync(r.Item.data as Uint8Array).toString('utf8'));
  }

  /** The whole stored registry (administrators' tools), undefined when none. */
  async load(): Promise<RegistryData | undefined> {
    const stored = await this.index();
    if (!stored) return undefined;
    const pieces = await Promise.all(stored.index.shards.map((s) => this.shard(stored.generation, s.code)));
    return { ...stored.index.config, units: pieces.flat() };
  }

  /** Replaces the registry (checked by the caller): pieces first, then the index. */
  async save(data: RegistryData): Promise<string> {
    const { index, shards } = splitRegistry(data);
    const generation = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
    const items = [...shards].map(([code, units]) => ({
      ...keys.registryShard(generation, code),
      type: 'registry-piece',
      data: gzipSync(JSON.stringify(units)),
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending: Record<string, unknown[]> | undefined = {
        [this.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; pending && Object.keys(pending).length && attempt < 10; attempt++) {
        const r = await this.ddb.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = r.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
      if (pending && Object.keys(pending).length) throw new StoreUnavailableError(new Error('registry pieces not written'));
    }
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.registryCurrent, type: 'registry', version: data.version, generation, data: gzipSync(JSON.stringify(index)) },
      }),
    );
    return generation;
  }

  /** Where every stored report lives (unit, period, province): the latest items, read by a Scan (administrators only). */
  async reportHomes(): Promise<ReportHome[]> {
    const out: ReportHome[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const r = await this.ddb.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'begins_with(pk, :p) AND begins_with(sk, :u)',
          ProjectionExpression: '#unit, #period, province',
          ExpressionAttributeNames: { '#unit': 'unit', '#period': 'period' },
          ExpressionAttributeValues: { ':p': 'P#', ':u': 'U#' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const i of r.Items ?? []) out.push({ unit: String(i.unit), period: String(i.period), province: String(i.province) });
      ExclusiveStartKey = r.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }
}
