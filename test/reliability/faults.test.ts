/**
 * Faults that cannot be caused for real on one machine (a throttled or conflicting
 * DynamoDB write) are injected with SDK middleware on the real client, in front of
 * the real DynamoDB Local: this is a mock of the fault only, and says so.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const MIDDLEWARE = 'inject-fault';
afterEach(() => {
  documentClient().middlewareStack.remove(MIDDLEWARE);
});

/** Makes the next `times` commands named `command` fail with `error` before they reach DynamoDB. */
function injectFault(command: string, times: number, error: () => Error): { hits: () => number } {
  let hits = 0;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command && hits < times) {
        hits++;
        throw error();
      }
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
  return { hits: () => hits };
}

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });

/**
 * The table without the write-quota items: the quota is spent just before the version's
 * transaction, so a write the store then refuses has spent its author's token (the quota
 * counts attempts that reached the store); nothing else may change.
 */
const reportItems = async () => (await app.scanTable()).filter((i) => !(i.pk as { S: string }).S.startsWith('QUOTA#'));

describe('DynamoDB faults', () => {
  it('a transaction conflict is retried with backoff and the submission lands', async () => {
    const token = await app.token('reporter', '866');
    const fault = injectFault('TransactWriteItemsCommand', 3, () =>
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
    );
    const r = await app.call('PUT', '/v1/units/866/reports/2021-H1', { token, body: example() });
    expect(fault.hits()).toBe(3);
    expect(r.status, r.text).toBe(201);
    expect(r.body.version).toBe(1);
  });

  it('persistent throttling answers a clear 503 with Retry-After, and stores nothing', async () => {
    const token = await app.token('reporter', '867');
    await app.settle(); // earlier versions' documents are built first: only this PUT's writes may show
    const before = await reportItems();
    injectFault('TransactWriteItemsCommand', 1_000, () => named('ProvisionedThroughputExceededException'));
    const r = await app.call('PUT', '/v1/units/867/reports/2021-H1', { token, body: example() });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(r.body.error.message).toContain('thử lại');
    expect(JSON.stringify(r.body)).not.toMatch(/Throughput|DynamoDB/);
    expect(await reportItems()).toEqual(before);
  });

  it('a throttled read answers 503 too, never 500', async () => {
    const token = await app.token('reporter', '866');
    injectFault('GetItemCommand', 1_000, () => named('ThrottlingException'));
    const r = await app.call('GET', '/v1/units/866/reports/2021-H1', { token });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a conflict that never clears ends in 503, not a half write', async () => {
    const token = await app.token('reporter', '868');
    await app.settle(); // earlier versions' documents are built first: only this PUT's writes may show
    const before = await reportItems();
    injectFault('TransactWriteItemsCommand', 1_000, () =>
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'TransactionConflict' }] }),
    );
    const r = await app.call('PUT', '/v1/units/868/reports/2021-H1', { token, body: example() });
    expect(r.status).toBe(503);
    expect(await reportItems()).toEqual(before);
  });
});
