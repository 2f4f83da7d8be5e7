/**
 * The local stand-in for a DynamoDB Streams event source mapping: reads the table's
 * stream on DynamoDB Local with the real Streams API, keeps the records that match the
 * mapping's filter, and calls the same handler with a real DynamoDBStreamEvent, in
 * batches of the same size. Shards are read from LATEST when the reader starts (the
 * scheduled sweep covers jobs written while nothing was reading) and from TRIM_HORIZON
 * when they appear later.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesFilter } from '../../functions/artifacts/trigger.ts';

export interface StreamReaderOptions {
  table: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  filter: unknown;
  batchSize: number;
  /** Milliseconds between polls when the stream had nothing new. */
  idleMs?: number;
}

export interface StreamReader {
  /** Resolves once every record written before the call has been handled. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Lambda event shape of a record (attribute values as in the Streams API's JSON). */
function toLambdaRecord(r: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? process.env.AWS_REGION ?? 'local',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? d.ApproximateCreationDateTime.getTime() / 1000 : undefined,
      Keys: d.Keys as never,
      NewImage: d.NewImage as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

export async function startStreamReader(o: StreamReaderOptions): Promise<StreamReader> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const ddb = new DynamoDBClient({});
  const streams = new DynamoDBStreamsClient(endpoint ? { endpoint } : {});
  const table = await ddb.send(new DescribeTableCommand({ TableName: o.table }));
  ddb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${o.table} has no stream`);

  const iterators = new Map<string, string | undefined>(); // shard id -> iterator (undefined: shard finished)
  const discover = async (first: boolean) => {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of d.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id)) continue;
      if (first && shard.SequenceNumberRange?.EndingSequenceNumber) {
        iterators.set(id, undefined); // closed before we started: nothing new in it
        continue;
      }
      const it = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: first ? 'LATEST' : 'TRIM_HORIZON' }),
      );
      iterators.set(id, it.ShardIterator);
    }
  };
  await discover(true);

  let stopped = false;
  let cycles = 0; // polls completed (each reads every shard)
  let waiters: { after: number; resolve: () => void }[] = [];

  const deliver = async (records: DynamoDBRecord[]) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await o.handler({ Records: records });
        if (!r?.batchItemFailures?.length) return;
        const failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
        records = records.filter((x) => failed.has(x.dynamodb?.SequenceNumber ?? ''));
      } catch (e) {
        console.error(`[streams] handler failed: ${(e as Error).message}`);
      }
    }
    // As an on-failure destination would: say which records were given up.
    console.error(`[streams] gave up on ${records.length} record(s); the scheduled sweep retries their jobs`);
  };

  const loop = (async () => {
    let sinceDiscover = 0;
    while (!stopped) {
      let found = 0;
      try {
        if (++sinceDiscover >= 10) {
          sinceDiscover = 0;
          await discover(false);
        }
        for (const [id, iterator] of iterators) {
          if (!iterator || stopped) continue;
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          iterators.set(id, page.NextShardIterator);
          const matching = (page.Records ?? []).map((r) => toLambdaRecord(r, streamArn)).filter((r) => matchesFilter(o.filter, r));
          found += page.Records?.length ?? 0;
          for (let i = 0; i < matching.length; i += o.batchSize) await deliver(matching.slice(i, i + o.batchSize));
        }
      } catch (e) {
        if (stopped) break;
        console.error(`[streams] ${(e as Error).name}: ${(e as Error).message}`);
        iterators.clear();
        await sleep(500);
        await discover(true).catch(() => undefined);
      }
      cycles++;
      if (found === 0) {
        // A quiet poll that began after idle() was called: everything written before it was handled.
        const done = waiters.filter((w) => cycles >= w.after);
        waiters = waiters.filter((w) => cycles < w.after);
        for (const w of done) w.resolve();
        await sleep(o.idleMs ?? 50);
      }
    }
    for (const w of waiters) w.resolve();
  })();

  return {
    // The poll under way may have begun before the call; the next one begins after it.
    idle: () => new Promise<void>((resolve) => (stopped ? resolve() : waiters.push({ after: cycles + 2, resolve }))),
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
}
