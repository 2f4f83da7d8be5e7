/**
 * The registry's days off in the on-time judgement, end to end: a registry with a day off
 * for the province (beside the statutory calendar) stored in the table as an administrator
 * would store it, submissions through ReportService with its clock set (the rest of the
 * path real: the table's registry, DynamoDB Local), and the judgement read back over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../shared/adapters/dynamo.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { ReportService } from '../shared/report/service.ts';
import { forms, registry as registryOf, reportStore, resetContexts } from '../functions/lib/wiring.ts';
import { example, startTestApp, type TestApp } from './support/app.ts';

let app: TestApp;
let staff: string;

// 2021-H1's window ends Mon 14/06/2021: two working days later is Wed 16/06. A holiday
// on Tue 15/06 moves the deadline to Thu 17/06.
const HOLIDAY = '2021-06-15';

beforeAll(async () => {
  app = await startTestApp({ streams: false });
  staff = await app.token('province', '87');
  const data = structuredClone(bundledRegistry().data);
  data.version = `${data.version}+holiday`;
  const p87 = data.provinces.find((p) => p.code === '87')!;
  expect(p87.deadline.workingDaysAfterCutoff).toBe(2);
  expect([...data.calendar.daysOff, ...p87.deadline.daysOff]).not.toContain(HOLIDAY);
  p87.deadline = { ...p87.deadline, daysOff: [...p87.deadline.daysOff, HOLIDAY] };
  await new DynamoRegistryStore(documentClient(), app.table).save(data);
  resetContexts(); // the handlers cache the registry for a minute: read the table's now
});
afterAll(async () => app?.close());

/** Submits as the unit's reporter, received at `at` (an ISO instant). */
async function submitAt(unit: string, at: string) {
  const service = new ReportService({ reports: reportStore(), registry: registryOf(), forms: forms(), clock: () => new Date(at) });
  const r = await service.submit({
    principal: { sub: `test-${unit}`, unit, role: 'reporter' },
    unit,
    period: '2021-H1',
    body: example(),
    ifMatch: null,
    requestId: `req-${unit}`,
    lang: 'vi',
  });
  expect(r.created).toBe(true);
  return r.latest;
}

describe('a registry holiday extends the deadline', () => {
  it('the form route gives the holiday-extended deadline', async () => {
    const r = await app.call('GET', '/v1/units/870/reports/2021-H1/form', { token: staff });
    expect(r.status, r.text).toBe(200);
    expect(r.body.header.deadline).toBe('2021-06-17');
  });

  it('a report received on the day after the usual deadline, up to 23:59:59.999 ICT, is on time', async () => {
    const latest = await submitAt('870', '2021-06-17T16:59:59.999Z'); // 17/06 23:59:59.999 ICT
    expect(latest.onTime).toBe(true);
    const g = await app.call('GET', '/v1/units/870/reports/2021-H1', { token: staff });
    expect(g.status, g.text).toBe(200);
    expect(g.body).toMatchObject({ version: 1, onTime: true, receivedAt: '2021-06-17T16:59:59.999Z' });
  });

  it('one millisecond later (18/06 00:00 ICT) is late', async () => {
    const latest = await submitAt('871', '2021-06-17T17:00:00.000Z');
    expect(latest.onTime).toBe(false);
    const g = await app.call('GET', '/v1/units/871/reports/2021-H1', { token: staff });
    expect(g.status, g.text).toBe(200);
    expect(g.body).toMatchObject({ version: 1, onTime: false });
  });
});
