/**
 * Reminders, digests and the outbox on the real DynamoDB Local, with the clock set:
 * reminders go to exactly the units that have not submitted, on the right working
 * day and never on a holiday; a crash anywhere between the decision and the delivery
 * neither loses nor duplicates a message.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoReportStore } from '../../shared/adapters/dynamo.ts';
import { DynamoOutboxStore } from '../../shared/adapters/dynamo-outbox.ts';
import { apiLinks, type Mailer, type MailEnvelope, type OutboxStore } from '../../shared/notify/outbox.ts';
import { ReminderService } from '../../shared/notify/reminders.ts';
import { LEASE_MS, MAX_ATTEMPTS, OutboxSender } from '../../shared/notify/sender.ts';
import { parseRegistry, Registry, type RegistryData } from '../../shared/registry/registry.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { FileMailer } from '../../scripts/local/file-mailer.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let outbox: DynamoOutboxStore;
let reports: DynamoReportStore;
const links = apiLinks('https://cchc.example.test');
const DISTRICTS = ['866', '867', '868', '869', '870', '871', '872', '873', '874', '875', '876', '877'];

/** The sample registry with a mailbox for every unit, and optional extra days off / review settings for Đồng Tháp (87). */
function registryData(o: { holidays?: string[]; review?: Record<string, unknown>; noContact?: string[] } = {}): RegistryData {
  const data = structuredClone(bundledRegistry().data);
  for (const u of data.units) if (!o.noContact?.includes(u.code)) u.contact = { emails: [`u${u.code}@dongthap.test`] };
  const p = data.provinces.find((x) => x.code === '87')!;
  p.deadline.daysOff = [...p.deadline.daysOff, ...(o.holidays ?? [])];
  if (o.review) p.review = o.review as never;
  return data;
}

const ict = (local: string) => new Date(`${local}+07:00`);
const reminderService = (now: Date, data = registryData()) =>
  new ReminderService({ reports, outbox, registry: async () => parseRegistry(data), links, clock: () => now });

class CountingMailer implements Mailer {
  readonly sent: MailEnvelope[] = [];
  constructor(private readonly fail?: () => boolean) {}
  async send(m: MailEnvelope): Promise<void> {
    if (this.fail?.()) throw new Error('SES: Throttling');
    this.sent.push(m);
  }
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cchc-mail-'));
  dirs.push(d);
  return d;
};

/** Sends everything pending, as one sweep at `now`. */
const sweep = (mailer: Mailer, now: Date, store: OutboxStore = outbox, data = registryData()) =>
  new OutboxSender({ outbox: store, mailer, registry: async () => parseRegistry(data), clock: () => now }).sweep();

beforeAll(async () => {
  process.env.DOCUMENTS_INLINE = 'false';
  app = await startTestApp();
  outbox = new DynamoOutboxStore(documentClient(), app.table);
  reports = new DynamoReportStore(documentClient(), app.table);
  for (const unit of ['866', '867', '868']) {
    const r = await app.call('PUT', `/v1/units/${unit}/reports/2021-H1`, { token: await app.token('reporter', unit), body: example() });
    expect(r.status, r.text).toBe(201);
  }
});
afterAll(async () => {
  delete process.env.DOCUMENTS_INLINE;
  await app?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('reminders', { timeout: 120_000 }, () => {
  // 2021-H1: cut-off Mon 14/06/2021, deadline Wed 16/06/2021; two working days before it: Mon 14/06.
  it('go on the reminder day to exactly the units that have not submitted', async () => {
    const run = await reminderService(ict('2021-06-14T07:30:00')).run();
    expect(run.skipped).toEqual([]);
    expect(run.reminders).toEqual([{ province: '87', period: '2021-H1', units: DISTRICTS.slice(3), written: 9 }]);
    expect(run.digests).toBe(1); // the three arrivals, for Sở Nội vụ
    const dir = tempDir();
    const r = await sweep(new FileMailer(dir), ict('2021-06-14T07:31:00'));
    expect(r).toMatchObject({ sent: 10, dead: 0 });
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.startsWith('remind_'))).toEqual(DISTRICTS.slice(3).map((u) => `remind_${u}_2021-H1_2021-06-14.eml`));
    expect(files.filter((f) => !f.startsWith('remind_'))).toEqual([expect.stringMatching(/^digest_87_.+_866_2021-H1_1\.eml$/)]);
    const m = await outbox.get('remind#869#2021-H1#2021-06-14');
    expect(m).toMatchObject({ status: 'sent', kind: 'reminder', to: { kind: 'unit', unit: '869' } });
    expect(m!.subject).toBe('[CCHC] Nhắc gửi báo cáo 06 tháng đầu năm 2021: hạn ngày 16/06/2021');
    expect(m!.text).toContain('Hạn gửi báo cáo: hết ngày 16/06/2021.');
    expect(m!.text).toContain('https://cchc.example.test/v1/units/869/reports/2021-H1');
  });

  it('a second run the same day writes nothing new', async () => {
    const run = await reminderService(ict('2021-06-14T15:00:00')).run();
    expect(run.reminders[0]!.written).toBe(0);
    expect(await outbox.pending(100)).toEqual([]);
  });

  it('not on other days: the day before, the deadline, a weekend', async () => {
    for (const day of ['2021-06-11', '2021-06-12', '2021-06-13', '2021-06-15', '2021-06-16']) {
      const run = await reminderService(ict(`${day}T07:30:00`)).run();
      expect(run.reminders, day).toEqual([]);
    }
  });

  it('never on a holiday: the reminder moves to the working day before', async () => {
    const data = registryData({ holidays: ['2021-06-14'] });
    const onHoliday = await reminderService(ict('2021-06-14T07:30:00'), data).run();
    expect(onHoliday.skipped).toEqual(['87']);
    expect(onHoliday.reminders).toEqual([]);
    // The holiday is not a working day: two working days before the 16th are Fri 11 and Tue 15, so Fri 11/06.
    const before = await reminderService(ict('2021-06-11T07:30:00'), data).run();
    expect(before.reminders).toEqual([{ province: '87', period: '2021-H1', units: DISTRICTS.slice(3), written: 9 }]);
    await sweep(new CountingMailer(), ict('2021-06-11T07:31:00'), outbox, data);
  });

  it('N is per province (remindDaysBefore)', async () => {
    const data = registryData({ review: { remindDaysBefore: 0 } });
    expect((await reminderService(ict('2021-06-14T07:30:00'), data).run()).reminders).toEqual([]);
    const onDeadline = await reminderService(ict('2021-06-16T07:30:00'), data).run();
    expect(onDeadline.reminders.map((r) => [r.period, r.units.length])).toEqual([['2021-H1', 9]]);
    await sweep(new CountingMailer(), ict('2021-06-16T07:31:00'), outbox, data);
  });
});

describe('the province digest', { timeout: 120_000 }, () => {
  it('lists the versions that arrived since the last one, once, on a working day', async () => {
    for (const unit of ['875', '876']) {
      const r = await app.call('PUT', `/v1/units/${unit}/reports/2021-H1`, { token: await app.token('reporter', unit), body: example() });
      expect(r.status, r.text).toBe(201);
    }
    const saturday = await reminderService(ict('2021-06-19T07:30:00')).run();
    expect(saturday.digests).toBe(0);
    const run = await reminderService(ict('2021-06-21T07:30:00')).run();
    expect(run.digests).toBe(1);
    const mailer = new CountingMailer();
    await sweep(mailer, ict('2021-06-21T07:31:00'));
    expect(mailer.sent).toHaveLength(1);
    const digest = mailer.sent[0]!;
    expect(digest.to).toEqual(['u87@dongthap.test']);
    for (const [unit, name] of [
      ['875', 'Huyện Lấp Vò'],
      ['876', 'Huyện Lai Vung'],
    ])
      expect(digest.text).toContain(`${name} (${unit}), 06 tháng đầu năm 2021, phiên bản 1`);
    expect(digest.text).not.toContain('(866)'); // in the previous digest
    expect(digest.text).toContain('Kính gửi: Sở Nội vụ tỉnh Đồng Tháp,');
    expect(digest.subject).toMatch(/^\[CCHC\] 2 báo cáo mới đã nhận/);
    expect((await reminderService(ict('2021-06-22T07:30:00')).run()).digests).toBe(0);
  });
});

describe('the outbox under faults', { timeout: 120_000 }, () => {
  const url = '/v1/units/870/reports/2021-H1';
  let staff: string;
  beforeAll(async () => {
    staff = await app.token('province', '87');
    const put = await app.call('PUT', url, { token: await app.token('reporter', '870'), body: example() });
    expect(put.status).toBe(201);
  });

  it('a sender that crashes after taking the message loses nothing: the next one sends it once the lease expires, once', async () => {
    const r = await app.call('POST', `${url}/review`, {
      token: staff,
      body: { decision: 'return', comment: 'Bổ sung phụ lục.' },
      headers: { 'if-match': '"1"' },
    });
    expect(r.status, r.text).toBe(200);
    const id = 'review#870#2021-H1#1';
    // The decision and its message were written together: the message waits in the outbox.
    expect(await outbox.pending(100)).toEqual([id]);
    const t0 = new Date();
    // Sender A takes the lease, then its process dies before sending (nothing more happens).
    expect(await outbox.claim(id, t0, LEASE_MS)).toBeDefined();
    const mailer = new CountingMailer();
    expect(await sweep(mailer, new Date(t0.getTime() + 1000))).toMatchObject({ skipped: 1, sent: 0 });
    expect(mailer.sent).toEqual([]);
    const after = new Date(t0.getTime() + LEASE_MS + 1000);
    expect(await sweep(mailer, after)).toMatchObject({ sent: 1 });
    expect(await sweep(mailer, new Date(after.getTime() + LEASE_MS + 1000))).toMatchObject({ sent: 0, skipped: 0 });
    expect(mailer.sent.map((m) => m.id)).toEqual([id]);
    expect(await outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a crash between delivery and marking it sent: delivered again later, still one message in the local mailbox', async () => {
    const body = example();
    body.values.INSPECTED_UNITS.value = 77;
    const r = await app.call('PUT', url, { token: await app.token('reporter', '870'), body, headers: { 'if-match': '"1"' } });
    expect(r.status, r.text).toBe(201);
    expect(
      (await app.call('POST', `${url}/review`, { token: staff, body: { decision: 'accept' }, headers: { 'if-match': '"2"' } })).status,
    ).toBe(200);
    const id = 'review#870#2021-H1#2';
    const dir = tempDir();
    let crash = true;
    const crashing: OutboxStore = Object.assign(Object.create(outbox) as OutboxStore, {
      markSent: async (...a: Parameters<OutboxStore['markSent']>) => {
        if (crash) {
          crash = false;
          throw new Error('process killed');
        }
        return outbox.markSent(...a);
      },
    });
    const t0 = new Date();
    await expect(sweep(new FileMailer(dir), t0, crashing)).rejects.toThrow('process killed');
    expect(readdirSync(dir)).toEqual(['review_870_2021-H1_2.eml']);
    expect(await outbox.get(id)).toMatchObject({ status: 'pending' });
    expect(await sweep(new FileMailer(dir), new Date(t0.getTime() + LEASE_MS + 1000), crashing)).toMatchObject({ sent: 1 });
    expect(readdirSync(dir)).toEqual(['review_870_2021-H1_2.eml']);
    expect(await outbox.get(id)).toMatchObject({ status: 'sent' });
  });

  it('concurrent senders deliver each message exactly once', async () => {
    const t = new Date('2030-01-01T00:00:00Z');
    const n = await outbox.enqueue(
      Array.from({ length: 8 }, (_, i) => ({
        id: `test#${i}`,
        kind: 'reminder' as const,
        to: { kind: 'unit' as const, unit: '870' },
        subject: 's',
        text: 't',
        createdAt: t.toISOString(),
      })),
    );
    expect(n).toBe(8);
    const mailer = new CountingMailer();
    await Promise.all(Array.from({ length: 3 }, () => sweep(mailer, t)));
    expect(mailer.sent.map((m) => m.id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `test#${i}`).sort());
    expect(await outbox.pending(100)).toEqual([]);
  });

  it('a failing mail service is retried, then the message goes to the dead letters; no contact is a dead letter at once', async () => {
    const t = new Date('2030-02-01T00:00:00Z');
    await outbox.enqueue([
      { id: 'test#fail', kind: 'reminder', to: { kind: 'unit', unit: '870' }, subject: 's', text: 't', createdAt: t.toISOString() },
      { id: 'test#nobody', kind: 'reminder', to: { kind: 'unit', unit: '871' }, subject: 's', text: 't', createdAt: t.toISOString() },
    ]);
    const failing = new CountingMailer(() => true);
    const data = registryData({ noContact: ['871'] });
    const first = await sweep(failing, t, outbox, data);
    expect(first).toMatchObject({ failed: 1, dead: 1 });
    expect(await outbox.get('test#nobody')).toMatchObject({ status: 'dead', lastError: expect.stringContaining('NO_CONTACT') });
    for (let i = 1; i < MAX_ATTEMPTS; i++) await sweep(failing, new Date(t.getTime() + i * (LEASE_MS + 1000)), outbox, data);
    const m = await outbox.get('test#fail');
    expect(m).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastError: 'SES: Throttling' });
    expect(await outbox.pending(100)).toEqual([]);
    const dead = (await app.scanTable()).filter((i) => (i.pk as { S: string }).S === 'OUTBOX#dead').map((i) => (i.id as { S: string }).S);
    expect(dead.sort()).toEqual(['test#fail', 'test#nobody']);
  });
});
