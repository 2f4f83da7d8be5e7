/**
 * Review end to end: the real handlers behind the local server, real DynamoDB Local
 * and s3rver, notifications delivered as .eml files. Every transition, every refusal
 * (with storage unchanged), the history, the lock rules, a review racing an amendment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../../shared/adapters/dynamo.ts';
import type { RegistryData } from '../../shared/registry/registry.ts';
import { registryWithOtherProvince, OTHER_PROVINCE } from '../hostile/harness.ts';
import { zipText } from '../../shared/documents/zip.ts';
import { proseCount } from '../../shared/format/vi.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let reporter: string;
let staff: string;
const URL870 = '/v1/units/870/reports/2021-H1';

/** The sample registry plus another province, contacts for Sở Nội vụ and two units, and review settings. */
function registry(review?: Record<string, unknown>): RegistryData {
  const data = registryWithOtherProvince();
  data.version = `${data.version}+review`;
  const contact = (code: string, email: string) => {
    data.units.find((u) => u.code === code)!.contact = { emails: [email] };
  };
  contact('87', 'cchc@snv.dongthap.test');
  contact('870', 'vanphong@hongngu.dongthap.test');
  contact('874', 'vanphong@thanhbinh.dongthap.test');
  if (review) data.provinces.find((p) => p.code === '87')!.review = review as never;
  return data;
}

async function useRegistry(data: RegistryData): Promise<void> {
  await new DynamoRegistryStore(documentClient(), app.table).save(data);
  resetContexts(); // the registry is cached a minute per process
}

beforeAll(async () => {
  // Documents by the retry job: review does not need them, and inline .docx would slow the races.
  process.env.DOCUMENTS_INLINE = 'false';
  app = await startTestApp();
  await useRegistry(registry());
  reporter = await app.token('reporter', '870');
  staff = await app.token('province', '87');
});
afterAll(async () => {
  delete process.env.DOCUMENTS_INLINE;
  await app?.close();
});

const unchanged = <T>(fn: () => Promise<T>): Promise<T> => app.unchanged(fn);

const amended = (n: number) => {
  const r = example();
  r.values.INSPECTED_UNITS.value = n;
  return r;
};

const review = (url: string, token: string, body: unknown, ifMatch?: string, headers: Record<string, string> = {}) =>
  app.call('POST', `${url}/review`, { token, body, headers: { ...(ifMatch ? { 'if-match': ifMatch } : {}), ...headers } });
const reopen = (url: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  app.call('POST', `${url}/reopen`, { token, body, headers });

const emls = () =>
  readdirSync(app.outboxDir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
const eml = (name: string) => readFileSync(join(app.outboxDir, name), 'utf8');
/** The decoded text of a message (the file is MIME; nodemailer may encode the body). */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding: base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head!))
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

describe('a report through review', () => {
  it('a new report is chờ duyệt', async () => {
    const r = await app.call('PUT', URL870, { token: reporter, body: example() });
    expect(r.status, r.text).toBe(201);
    expect(r.body.review).toEqual({ state: 'submitted', label: 'chờ duyệt' });
  });

  it('a reporter cannot review, not even its own report: 403, nothing stored', async () => {
    const r = await unchanged(() => review(URL870, reporter, { decision: 'accept' }, '"1"'));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('REVIEWER_ONLY');
    expect(r.body.error.message).toContain('Sở Nội vụ');
  });

  it("another province's staff cannot review: 403, nothing stored", async () => {
    const other = await app.token('province', OTHER_PROVINCE);
    const r = await unchanged(() => review(URL870, other, { decision: 'accept' }, '"1"'));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it('needs If-Match on the version read: 428 without, 412 when stale; nothing stored', async () => {
    const r428 = await unchanged(() => review(URL870, staff, { decision: 'accept' }));
    expect(r428.status).toBe(428);
    const r412 = await unchanged(() => review(URL870, staff, { decision: 'accept' }, '"2"'));
    expect(r412.status).toBe(412);
    expect(r412.body.error.code).toBe('PRECONDITION_FAILED');
  });

  it('a return needs a comment; field comments must point into the version; bad bodies are 422 with the path', async () => {
    const bare = await unchanged(() => review(URL870, staff, { decision: 'return' }, '"1"'));
    expect(bare.status).toBe(422);
    expect(bare.body.error.details).toEqual([expect.objectContaining({ path: '$.comment', code: 'COMMENT_REQUIRED' })]);
    const typo = await unchanged(() =>
      review(URL870, staff, { decision: 'return', comments: [{ path: '$.values.INSPECTED_UNITS.valeu', text: 'Sai' }] }, '"1"'),
    );
    expect(typo.status).toBe(422);
    expect(typo.body.error.details).toEqual([expect.objectContaining({ path: '$.comments[0].path', code: 'NO_SUCH_FIELD' })]);
    const unknown = await unchanged(() => review(URL870, staff, { decision: 'approve', extra: 1 }, '"1"'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: any) => d.path).sort()).toEqual(['$.decision', '$.extra']);
  });

  it('return with comments at fields: 200, trả lại, and the unit sees the comments on its report', async () => {
    const body = {
      decision: 'return',
      comment: 'Đề nghị bổ sung số liệu kiểm tra.',
      comments: [{ path: '$.values.INSPECTED_UNITS.value', text: 'Số đơn vị được kiểm tra chưa khớp với kế hoạch.' }],
    };
    const r = await review(URL870, staff, body, '"1"');
    expect(r.status, r.text).toBe(200);
    expect(r.body.review).toMatchObject({ state: 'returned', label: 'trả lại' });
    expect(r.body.action).toMatchObject({
      seq: 1,
      action: 'return',
      version: 1,
      from: 'submitted',
      to: 'returned',
      by: { unit: '87', role: 'province' },
    });
    const g = await app.call('GET', URL870, { token: reporter });
    expect(g.body.review).toMatchObject({
      state: 'returned',
      last: { action: 'return', version: 1, comment: body.comment, comments: body.comments },
    });
  });

  it('returning it again is 409 (waiting for the unit), nothing stored', async () => {
    const r = await unchanged(() => review(URL870, staff, { decision: 'return', comment: 'Lần nữa' }, '"1"'));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_RETURNED');
  });

  it('the unit amends: a new version, back to chờ duyệt', async () => {
    const r = await app.call('PUT', URL870, { token: reporter, body: amended(12), headers: { 'if-match': '"1"' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ version: 2, review: { state: 'submitted', label: 'chờ duyệt' } });
  });

  it('accepting acts on the version read: the old one is 412, the latest 200 đã duyệt', async () => {
    const stale = await unchanged(() => review(URL870, staff, { decision: 'accept' }, '"1"'));
    expect(stale.status).toBe(412);
    const r = await review(URL870, staff, { decision: 'accept', comment: 'Đạt yêu cầu.' }, '"2"');
    expect(r.status, r.text).toBe(200);
    expect(r.body.review).toMatchObject({ state: 'accepted', label: 'đã duyệt' });
    expect(r.headers.get('etag')).toBe('"2"');
  });

  it('accepting twice is 409, nothing stored', async () => {
    const r = await unchanged(() => review(URL870, staff, { decision: 'accept' }, '"2"'));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_ACCEPTED');
    const back = await unchanged(() => review(URL870, staff, { decision: 'return', comment: 'x' }, '"2"'));
    expect(back.body.error.code).toBe('ACCEPTED_REOPEN_FIRST');
  });

  it('an accepted report is locked: amending is 409 with a clear message (vi and en), nothing stored', async () => {
    const r = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: amended(13), headers: { 'if-match': '"2"' } }));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('REPORT_LOCKED');
    expect(r.body.error.message).toBe(
      'Báo cáo đã được Sở Nội vụ duyệt (phiên bản 2) nên không sửa được. Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.',
    );
    const en = await unchanged(() =>
      app.call('PUT', URL870, { token: reporter, body: amended(13), headers: { 'if-match': '"2"', 'accept-language': 'en' } }),
    );
    expect(en.body.error.message).toContain('accepted (version 2) and is locked');
    // Resending the accepted content itself is still a harmless retry.
    const same = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: amended(12) }));
    expect(same.status).toBe(200);
  });

  it('reopening needs staff and a reason: reporter 403, no reason 422 at $.reason; nothing stored', async () => {
    const byReporter = await unchanged(() => reopen(URL870, reporter, { reason: 'Xin sửa' }));
    expect(byReporter.status).toBe(403);
    const noReason = await unchanged(() => reopen(URL870, staff, {}));
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details[0].path).toBe('$.reason');
    const blank = await unchanged(() => reopen(URL870, staff, { reason: '   ' }));
    expect(blank.status).toBe(422);
  });

  it('reopen with a reason: chờ duyệt again, and the unit can amend', async () => {
    const r = await reopen(URL870, staff, { reason: 'Đơn vị đề nghị điều chỉnh số liệu hồ sơ trễ hạn.' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.review).toMatchObject({ state: 'submitted', label: 'chờ duyệt' });
    const again = await unchanged(() => reopen(URL870, staff, { reason: 'Lần nữa' }));
    expect(again.body.error.code).toBe('NOT_ACCEPTED');
    const put = await app.call('PUT', URL870, { token: reporter, body: amended(14), headers: { 'if-match': '"2"' } });
    expect(put.status, put.text).toBe(201);
    expect(put.body.version).toBe(3);
  });

  it('GET versions shows every review action with who, when, decision, comment and version, in order with the versions', async () => {
    const r = await app.call('GET', `${URL870}/versions`, { token: reporter });
    expect(r.status).toBe(200);
    expect(r.body.review.state).toBe('submitted');
    expect(r.body.reviews.map((a: any) => [a.seq, a.action, a.version, a.by.role])).toEqual([
      [1, 'return', 1, 'province'],
      [2, 'accept', 2, 'province'],
      [3, 'reopen', 2, 'province'],
    ]);
    expect(r.body.reviews[0].comment).toBe('Đề nghị bổ sung số liệu kiểm tra.');
    expect(r.body.reviews[2].comment).toBe('Đơn vị đề nghị điều chỉnh số liệu hồ sơ trễ hạn.');
    expect(r.body.history.map((e: any) => (e.type === 'version' ? `v${e.version}` : `${e.action}@${e.version}`))).toEqual([
      'v1',
      'return@1',
      'v2',
      'accept@2',
      'reopen@2',
      'v3',
    ]);
    const times = r.body.history.map((e: any) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('notifications of decisions and the province digest', () => {
  it('the unit gets one message per decision, in Vietnamese, with the link to the report; none before delivery runs', async () => {
    expect(emls()).toEqual([]); // written to the outbox only, in the decision's transaction
    await app.scheduler.runSend();
    const files = emls();
    expect(files).toEqual(['review_870_2021-H1_1.eml', 'review_870_2021-H1_2.eml', 'review_870_2021-H1_3.eml']);
    const returned = eml(files[0]!);
    expect(returned).toMatch(/^To: vanphong@hongngu\.dongthap\.test/m);
    const text = mailText(returned);
    expect(text).toContain('Sở Nội vụ đã trả lại báo cáo công tác cải cách hành chính 06 tháng đầu năm 2021 (phiên bản 1)');
    expect(text).toContain('$.values.INSPECTED_UNITS.value: Số đơn vị được kiểm tra chưa khớp với kế hoạch.');
    expect(text).toContain(`Xem báo cáo: ${app.url}${URL870}`);
    expect(mailText(eml(files[1]!))).toContain('Sở Nội vụ đã duyệt báo cáo');
    expect(mailText(eml(files[2]!))).toContain('Lý do: Đơn vị đề nghị điều chỉnh số liệu hồ sơ trễ hạn.');
    // A second delivery run sends nothing again.
    await app.scheduler.runSend();
    expect(emls()).toEqual(files);
  });

  it('province staff get a digest of the versions that arrived, once', async () => {
    const before = emls();
    await app.scheduler.runReminders();
    const digests = emls().filter((f) => !before.includes(f));
    // The job skips weekends and holidays: on such a day nothing is written yet.
    const today = new Date(Date.now() + 7 * 3600_000);
    const restDay = today.getUTCDay() === 0 || today.getUTCDay() === 6;
    if (restDay) {
      expect(digests).toEqual([]);
      return;
    }
    expect(digests).toHaveLength(1);
    const raw = eml(digests[0]!);
    expect(raw).toMatch(/^To: cchc@snv\.dongthap\.test/m);
    const text = mailText(raw);
    expect(text).toContain('Kính gửi: Sở Nội vụ tỉnh Đồng Tháp,');
    for (const v of [1, 2, 3]) expect(text).toContain(`Huyện Hồng Ngự (870), 06 tháng đầu năm 2021, phiên bản ${v}`);
    expect(text).toContain(`${app.url}/v1/provinces/87/periods/2021-H1/status`);
    await app.scheduler.runReminders();
    expect(emls().filter((f) => !before.includes(f))).toEqual(digests);
  });
});

describe('a review racing an amendment', { timeout: 120_000 }, () => {
  it('ends with exactly one winner and a consistent history, every time', async () => {
    const token = await app.token('reporter', '872');
    const url = '/v1/units/872/reports/2021-H1';
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const current = await app.call('GET', url, { token });
      let v: number;
      if (current.status === 404) {
        v = (await app.call('PUT', url, { token, body: amended(500) })).body.version;
      } else {
        v = current.body.version;
        // An accepted report from the previous round: reopen it so both sides may act.
        if (current.body.review.state === 'accepted') expect((await reopen(url, staff, { reason: `Vòng ${round}` })).status).toBe(200);
      }
      const seqBefore = (await app.call('GET', `${url}/versions`, { token })).body.reviews?.length ?? 0;
      const [rev, put] = await Promise.all([
        review(url, staff, { decision: 'accept' }, `"${v}"`),
        app.call('PUT', url, { token, body: amended(600 + round), headers: { 'if-match': `"${v}"` } }),
      ]);
      const won = [rev.status === 200 ? 'review' : undefined, put.status === 201 ? 'amend' : undefined].filter(Boolean);
      expect(won, `${rev.status} ${rev.text} / ${put.status} ${put.text}`).toHaveLength(1);
      if (won[0] === 'review') expect(put.body.error.code).toBe('REPORT_LOCKED');
      else expect(rev.status).toBe(412);
      outcomes.add(won[0]!);
      const h = (await app.call('GET', `${url}/versions`, { token })).body;
      const latest = (await app.call('GET', url, { token })).body;
      if (won[0] === 'review') {
        expect(h.latestVersion).toBe(v);
        expect(latest.review.state).toBe('accepted');
        expect(h.reviews.at(-1)).toMatchObject({ action: 'accept', version: v });
      } else {
        expect(h.latestVersion).toBe(v + 1);
        expect(latest.review.state).toBe('submitted');
        // No accept recorded in this round (earlier rounds may have accepted this version).
        expect(h.reviews.slice(seqBefore).filter((a: any) => a.action === 'accept')).toEqual([]);
      }
      // The history is the versions (listed newest first) and actions, each once, oldest first.
      const oldestFirst = h.versions.map((x: any) => x.version).reverse();
      expect(h.history.filter((e: any) => e.type === 'version').map((e: any) => e.version)).toEqual(oldestFirst);
      expect(h.reviews.map((a: any) => a.seq)).toEqual(h.reviews.map((_: unknown, i: number) => i + 1));
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });
});

describe('the lock after the deadline plus the grace days (province configuration)', () => {
  beforeAll(async () => useRegistry(registry({ graceDays: 3 })));
  afterAll(async () => useRegistry(registry()));
  const url = '/v1/units/874/reports/2021-H1';

  it('a report never submitted can still be submitted, late', async () => {
    const token = await app.token('reporter', '874');
    const r = await app.call('PUT', url, { token, body: example() });
    expect(r.status, r.text).toBe(201);
    expect(r.body.onTime).toBe(false);
  });

  it('a submitted one can no longer be amended: 409 with the dates, nothing stored', async () => {
    const token = await app.token('reporter', '874');
    const r = await unchanged(() => app.call('PUT', url, { token, body: amended(3), headers: { 'if-match': '"1"' } }));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('REPORT_CLOSED');
    // 2021-H1: deadline 16/06/2021, three working days more: 21/06/2021.
    expect(r.body.error.message).toBe(
      'Đã hết thời hạn sửa báo cáo (hạn nộp 16/06/2021, được sửa đến hết ngày 21/06/2021). Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.',
    );
  });

  it('after a return (or a reopen) the unit may amend it', async () => {
    const token = await app.token('reporter', '874');
    expect((await review(url, staff, { decision: 'return', comment: 'Sửa mục kiểm tra.' }, '"1"')).status).toBe(200);
    const r = await app.call('PUT', url, { token, body: amended(3), headers: { 'if-match': '"1"' } });
    expect(r.status, r.text).toBe(201);
    expect((await review(url, staff, { decision: 'accept' }, '"2"')).status).toBe(200);
    expect((await app.call('PUT', url, { token, body: amended(4), headers: { 'if-match': '"2"' } })).body.error.code).toBe('REPORT_LOCKED');
    expect((await reopen(url, staff, { reason: 'Điều chỉnh theo đề nghị của đơn vị.' })).status).toBe(200);
    expect((await app.call('PUT', url, { token, body: amended(4), headers: { 'if-match': '"2"' } })).status).toBe(201);
  });
});

describe('the status and the rollup show the review (province configuration: countUnaccepted)', () => {
  afterAll(async () => useRegistry(registry()));
  const STATUS = '/v1/provinces/87/periods/2021-H1/status';
  const ROLLUP = '/v1/provinces/87/rollups/2021-H1';
  const get = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  it("status rows carry each unit's review state; the counts agree with the rows", async () => {
    for (const unit of ['873', '875']) {
      const r = await app.call('PUT', `/v1/units/${unit}/reports/2021-H1`, { token: await app.token('reporter', unit), body: example() });
      expect(r.status, r.text).toBe(201);
    }
    expect((await review('/v1/units/873/reports/2021-H1', staff, { decision: 'accept' }, '"1"')).status).toBe(200);
    expect((await review('/v1/units/875/reports/2021-H1', staff, { decision: 'return', comment: 'Bổ sung số liệu.' }, '"1"')).status).toBe(
      200,
    );
    const st = (await app.call('GET', STATUS, { token: staff })).body;
    const state = (code: string) => st.units.find((u: { code: string }) => u.code === code).review;
    expect([state('873'), state('875'), state('876')]).toEqual(['accepted', 'returned', null]);
    const n = (s: string) => st.units.filter((u: { review: string | null }) => u.review === s).length;
    expect(st.review).toEqual({ accepted: n('accepted'), submitted: n('submitted'), returned: n('returned'), countsUnaccepted: true });
  });

  it('by default unaccepted reports count, and the .docx says how many were accepted; a province may count accepted ones only', async () => {
    const run = async () => {
      const r = await app.call('POST', ROLLUP, { token: staff });
      expect([200, 201]).toContain(r.status);
      return {
        body: r.body,
        summary: JSON.parse((await get(r.body.files.json.url)).toString('utf8')),
        docx: zipText(await get(r.body.files.docx.url), 'word/document.xml'),
      };
    };
    const all = await run();
    expect(all.body.summary.review.countsUnaccepted).toBe(true);
    expect(all.summary.units.find((u: { code: string }) => u.code === '875')).toMatchObject({ review: 'returned', counted: true });
    expect(all.docx).toContain(`Kết quả duyệt báo cáo: đã duyệt ${proseCount(all.body.summary.review.accepted)}`);
    expect(all.docx).toContain('Số liệu tổng hợp gồm cả');
    const inspected = (s: { indicators: { code: string; total: number | null }[] }) =>
      s.indicators.find((i) => i.code === 'INSPECTED_UNITS')!.total;

    await useRegistry(registry({ countUnaccepted: false }));
    const accepted = await run();
    expect(accepted.body.summary.review.countsUnaccepted).toBe(false);
    expect(accepted.summary.units.find((u: { code: string }) => u.code === '875')).toMatchObject({ review: 'returned', counted: false });
    expect(accepted.summary.units.find((u: { code: string }) => u.code === '873')).toMatchObject({ review: 'accepted', counted: true });
    const acceptedCodes = accepted.summary.units.filter((u: { counted: boolean }) => u.counted).map((u: { code: string }) => u.code);
    expect(acceptedCodes.length).toBe(accepted.body.summary.review.accepted);
    expect(inspected(accepted.summary)).toBeLessThan(inspected(all.summary)!);
    expect(accepted.docx).toContain(`Số liệu tổng hợp chỉ tính ${proseCount(acceptedCodes.length)} báo cáo đã được duyệt.`);
  });
});

describe('OpenAPI', () => {
  it('describes review and reopen with their bodies and answers', async () => {
    const r = await app.call('GET', '/v1/openapi.json');
    const review = r.body.paths['/v1/units/{unit}/reports/{period}/review'].post;
    expect(review.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReviewRequest' });
    expect(Object.keys(review.responses).sort()).toEqual(['200', '400', '401', '403', '409', '412', '422', '428', '429']);
    expect(r.body.components.schemas.ReviewRequest.properties.decision.enum).toEqual(['accept', 'return']);
    const reopen = r.body.paths['/v1/units/{unit}/reports/{period}/reopen'].post;
    expect(reopen.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReopenRequest' });
    expect(r.body.components.schemas.VersionsResponse.properties.history).toBeDefined();
  });
});
