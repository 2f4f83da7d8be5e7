/**
 * The latest items of a province-period, a page at a time, from the real DynamoDB Local:
 * more than 1 MB of items comes in several pages, in key order, the same items as the
 * whole read; the next page is asked for before the caller gets this one (the rollup
 * computes a page while the next is read). Split at some units' codes, the parts are
 * read at the same time and give every item exactly once, whichever part holds it.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportStore, latestItem } from '../../shared/adapters/dynamo.ts';
import { ensureTable } from '../../shared/adapters/provision.ts';
import type { LatestRecord } from '../../shared/storage/ports.ts';

const table = `pages-${randomUUID().slice(0, 8)}`;
const raw = new DynamoDBClient({});
const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
const N = 450;
/** Queries sent, in order, and the moment the caller had each page. */
const events: string[] = [];

const record = (i: number): LatestRecord => ({
  unit: `99${String(i).padStart(4, '0')}`,
  period: '2026-Q1',
  province: '99',
  version: 1,
  hash: 'h'.repeat(64),
  receivedAt: '2026-03-20T02:00:00.000Z',
  firstReceivedAt: '2026-03-20T02:00:00.000Z',
  onTime: true,
  // About 3 KB an item: 450 items are more than one 1 MB page.
  summary: { form: { id: 'f', version: 1 }, values: {}, compiled: [{ texts: ['x'.repeat(3000)] }], warnings: [], warningCount: 0 } as never,
  document: { state: 'pending' } as never,
});

beforeAll(async () => {
  await ensureTable(raw, table);
  const items = Array.from({ length: N }, (_, i) => latestItem(record(i)));
  for (let i = 0; i < items.length; i += 25)
    await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') events.push('query');
      return next(args);
    },
    { step: 'initialize', name: 'countQueries' },
  );
}, 120_000);

afterAll(() => raw.destroy());

describe('DynamoReportStore.latestPagesForProvincePeriod', () => {
  it('gives every item once, in key order, in several pages, asking for the next page before handing over this one', async () => {
    const store = new DynamoReportStore(ddb, table);
    events.length = 0;
    const pages: LatestRecord[][] = [];
    for await (const page of store.latestPagesForProvincePeriod('99', '2026-Q1')) {
      events.push(`page ${pages.length + 1}`);
      pages.push(page);
    }
    expect(pages.length).toBeGreaterThan(1);
    const units = pages.flat().map((r) => r.unit);
    expect(units).toEqual(Array.from({ length: N }, (_, i) => record(i).unit));
    expect(pages.flat()[7]).toEqual(record(7));
    // Read ahead: each page but the last is handed over after the next Query was sent.
    const expected = pages.flatMap((_, i) =>
      i === 0 ? ['query', 'query', 'page 1'] : i < pages.length - 1 ? ['query', `page ${i + 1}`] : [`page ${i + 1}`],
    );
    expect(events).toEqual(expected);
    // The whole read is the same items.
    expect((await store.latestForProvincePeriod('99', '2026-Q1')).map((r) => r.unit)).toEqual(units);
  });

  it('split at units, reads the parts at the same time and gives every item exactly once', async () => {
    const store = new DynamoReportStore(ddb, table);
    const all = Array.from({ length: N }, (_, i) => record(i).unit);
    // Split at existing units, at a code no item has (between two), and at the first unit; given unsorted, one twice.
    // The last part holds 429 items: more than one page.
    const splitAt = [`${all[20]!}5`, all[10]!, all[0]!, all[10]!];
    events.length = 0;
    const pages: LatestRecord[][] = [];
    for await (const page of store.latestPagesForProvincePeriod('99', '2026-Q1', { splitAt })) {
      events.push('page');
      pages.push(page);
    }
    const units = pages.flat().map((r) => r.unit);
    expect([...units].sort()).toEqual(all);
    expect(new Set(units).size).toBe(N);
    // Four parts ([-, 0), [0, 10), [10, 20·5), [20·5, -)): four Queries before the first page, then the last part's next.
    expect(events.slice(0, 4)).toEqual(['query', 'query', 'query', 'query']);
    expect(events.filter((e) => e === 'query')).toHaveLength(5);
    // Each page lies within one part, in key order.
    const bounds = ['', all[0]!, all[10]!, `${all[20]!}5`, '\uffff'];
    for (const page of pages) {
      const part = bounds.findIndex((b, i) => page[0]!.unit >= b && page[0]!.unit < bounds[i + 1]!);
      for (const r of page) expect(r.unit >= bounds[part]! && r.unit < bounds[part + 1]!).toBe(true);
      expect(page.map((r) => r.unit)).toEqual([...page.map((r) => r.unit)].sort());
    }
  });
});
