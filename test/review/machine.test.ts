/**
 * The review state machine and lock rules as pure functions: every transition and
 * every refusal, without storage.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors/errors.ts';
import { parsePeriod, workingDaysBefore } from '../../shared/periods/period.ts';
import { assertCanReadUnit } from '../../shared/auth/principal.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { Registry } from '../../shared/registry/registry.ts';
import {
  assertMayReview,
  checkCommentPaths,
  decideAmend,
  decideReopen,
  decideReview,
  lockDate,
  pathExists,
} from '../../shared/review/machine.ts';
import { historyOf, ReviewRequest, type ReviewStatus } from '../../shared/review/model.ts';

const staff = { sub: 's', unit: '87', role: 'province' as const };
const ctx = { by: staff, at: '2021-06-20T03:00:00.000Z', lang: 'vi' as const };
const accept = ReviewRequest.parse({ decision: 'accept' });
const ret = ReviewRequest.parse({ decision: 'return', comment: 'Thiếu số liệu' });

function refusal(fn: () => unknown): { kind: string; code: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { kind: e.kind, code: e.code };
    throw e;
  }
  throw new Error('not refused');
}

const at = (state: ReviewStatus['state'], seq = 1, unlocked = false) => ({ version: 2, review: { state, seq, unlocked } });

describe('transitions', () => {
  it('chờ duyệt → đã duyệt on accept, locked (not unlocked), sequence + 1', () => {
    const d = decideReview({ version: 2 }, accept, { ...ctx, ifMatch: 2 });
    expect(d.next).toMatchObject({ state: 'accepted', seq: 1, unlocked: false });
    expect(d.action).toMatchObject({ action: 'accept', version: 2, from: 'submitted', to: 'accepted', by: staff, at: ctx.at });
  });

  it('chờ duyệt → trả lại on return with a comment; the unit may amend it even after the lock date', () => {
    const d = decideReview(at('submitted', 3), ret, { ...ctx, ifMatch: 2 });
    expect(d.next).toMatchObject({ state: 'returned', seq: 4, unlocked: true, last: { action: 'return', comment: 'Thiếu số liệu' } });
  });

  it('trả lại → chờ duyệt on amendment, keeping the unlock and the last comment', () => {
    const returned = decideReview(at('submitted'), ret, { ...ctx, ifMatch: 2 }).next;
    const p = parsePeriod('2021-H1')!;
    const next = decideAmend(
      { version: 2, review: returned },
      { now: new Date('2030-01-01'), period: p, policy: { workingDaysAfterCutoff: 2, holidays: [] }, config: { graceDays: 0 } },
    );
    expect(next).toMatchObject({ state: 'submitted', seq: returned.seq, unlocked: true, last: { action: 'return' } });
  });

  it('đã duyệt → chờ duyệt on reopen with a reason, unlocked', () => {
    const d = decideReopen(at('accepted', 5), { reason: 'Đơn vị xin sửa số liệu' }, { ifMatch: null, by: staff, at: ctx.at });
    expect(d.next).toMatchObject({ state: 'submitted', seq: 6, unlocked: true });
    expect(d.action).toMatchObject({ action: 'reopen', comment: 'Đơn vị xin sửa số liệu', from: 'accepted', to: 'submitted' });
  });

  it('a first submission starts chờ duyệt, whenever it arrives', () => {
    const p = parsePeriod('2021-H1')!;
    expect(
      decideAmend(undefined, {
        now: new Date('2030-01-01'),
        period: p,
        policy: { workingDaysAfterCutoff: 2, holidays: [] },
        config: { graceDays: 0 },
      }),
    ).toEqual({
      state: 'submitted',
      seq: 0,
      unlocked: false,
    });
  });
});

describe('refusals', () => {
  it('a stale If-Match is 412, a missing one 428', () => {
    expect(refusal(() => decideReview(at('submitted'), accept, { ...ctx, ifMatch: 1 }))).toEqual({
      kind: 'precondition_failed',
      code: 'PRECONDITION_FAILED',
    });
    expect(refusal(() => decideReview(at('submitted'), accept, { ...ctx, ifMatch: null }))).toEqual({
      kind: 'precondition_required',
      code: 'PRECONDITION_REQUIRED',
    });
    expect(refusal(() => decideReopen(at('accepted'), { reason: 'x' }, { ...ctx, ifMatch: 1 }))).toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('accepting twice, returning an accepted report, reviewing a returned one: 409', () => {
    expect(refusal(() => decideReview(at('accepted'), accept, { ...ctx, ifMatch: 2 }))).toEqual({
      kind: 'conflict',
      code: 'ALREADY_ACCEPTED',
    });
    expect(refusal(() => decideReview(at('accepted'), ret, { ...ctx, ifMatch: 2 }))).toEqual({
      kind: 'conflict',
      code: 'ACCEPTED_REOPEN_FIRST',
    });
    expect(refusal(() => decideReview(at('returned'), accept, { ...ctx, ifMatch: 2 }))).toEqual({
      kind: 'conflict',
      code: 'ALREADY_RETURNED',
    });
  });

  it('a return without any comment is 422 at $.comment', () => {
    const bare = ReviewRequest.parse({ decision: 'return' });
    expect(refusal(() => decideReview(at('submitted'), bare, { ...ctx, ifMatch: 2 }))).toEqual({
      kind: 'validation',
      code: 'VALIDATION_FAILED',
    });
    try {
      decideReview(at('submitted'), bare, { ...ctx, ifMatch: 2 });
    } catch (e) {
      expect((e as DomainError).details).toEqual([expect.objectContaining({ path: '$.comment', code: 'COMMENT_REQUIRED' })]);
    }
    // Field comments alone are enough.
    const atField = ReviewRequest.parse({ decision: 'return', comments: [{ path: '$.a', text: 'sai' }] });
    expect(decideReview(at('submitted'), atField, { ...ctx, ifMatch: 2 }).next.state).toBe('returned');
  });

  it('reopening a report that is not accepted is 409; without a reason the body is invalid', () => {
    expect(refusal(() => decideReopen(at('submitted'), { reason: 'x' }, { ...ctx, ifMatch: null }))).toEqual({
      kind: 'conflict',
      code: 'NOT_ACCEPTED',
    });
    expect(refusal(() => decideReopen(at('returned'), { reason: 'x' }, { ...ctx, ifMatch: null }))).toEqual({
      kind: 'conflict',
      code: 'NOT_ACCEPTED',
    });
    expect(ReviewRequest.safeParse({ decision: 'maybe' }).success).toBe(false);
  });

  it('amending an accepted report is 409 REPORT_LOCKED, before or after the deadline', () => {
    const p = parsePeriod('2021-H1')!;
    const policy = { workingDaysAfterCutoff: 2, holidays: [] };
    for (const now of ['2021-06-15T00:00:00Z', '2030-01-01T00:00:00Z'])
      expect(refusal(() => decideAmend(at('accepted'), { now: new Date(now), period: p, policy, config: { graceDays: 3 } }))).toEqual({
        kind: 'conflict',
        code: 'REPORT_LOCKED',
      });
  });

  it('only province staff of the unit province review: a reporter (even of that unit) and other provinces are 403', () => {
    const reg = bundledRegistry();
    expect(() => assertMayReview(staff, '870', reg)).not.toThrow();
    expect(() => assertMayReview({ sub: 'a', unit: '87', role: 'admin' }, '870', reg)).not.toThrow();
    expect(refusal(() => assertMayReview({ sub: 'r', unit: '870', role: 'reporter' }, '870', reg))).toEqual({
      kind: 'forbidden',
      code: 'REVIEWER_ONLY',
    });
    expect(refusal(() => assertMayReview({ sub: 'o', unit: '01', role: 'province' }, '870', reg))).toEqual({
      kind: 'forbidden',
      code: 'FORBIDDEN',
    });
  });

  it("the unit's province is the one in force for the period; a predecessor whose history staff may read is not theirs to review", () => {
    const data = structuredClone(bundledRegistry().data);
    data.provinces.find((x) => x.code === '82')!.readsHistoryOf = ['87'];
    const reg = new Registry(data);
    const h1 = parsePeriod('2021-H1')!;
    const staff82 = { sub: 's82', unit: '82', role: 'province' as const };
    expect(() => assertMayReview(staff, '870', reg, h1)).not.toThrow();
    // 82 reads 87's 2021 reports (readsHistoryOf) but does not review them.
    expect(() => assertCanReadUnit(staff82, '870', reg, h1)).not.toThrow();
    expect(refusal(() => assertMayReview(staff82, '870', reg, h1))).toEqual({ kind: 'forbidden', code: 'FORBIDDEN' });
    // 28297 was Phường 2 of Tiền Giang (old 82) in 2021: not today's 82's; in 2026 it is.
    expect(refusal(() => assertMayReview(staff82, '28297', reg, h1))).toEqual({ kind: 'forbidden', code: 'FORBIDDEN' });
    expect(() => assertMayReview(staff82, '28297', reg, parsePeriod('2026-Q3')!)).not.toThrow();
    expect(refusal(() => assertMayReview(staff, '28297', reg, parsePeriod('2026-Q3')!))).toEqual({ kind: 'forbidden', code: 'FORBIDDEN' });
  });
});

describe('the lock after the deadline plus grace days', () => {
  // 2021-H1: cut-off 14/06/2021 (Mon); deadline two working days later, 16/06 (Wed).
  const p = parsePeriod('2021-H1')!;
  const policy = { workingDaysAfterCutoff: 2, holidays: ['2021-06-17'] };
  const ict = (s: string) => new Date(`${s}+07:00`);

  it('the lock date counts grace working days after the deadline, skipping the holidays', () => {
    expect(lockDate(p, policy, { graceDays: 0 })).toBe('2021-06-16');
    // 17/06 holiday, 18/06 Fri, 19-20 weekend, 21/06 Mon.
    expect(lockDate(p, policy, { graceDays: 2 })).toBe('2021-06-21');
    expect(lockDate(p, policy, { graceDays: null })).toBeNull();
  });

  it('a submitted report may be amended until the lock date ends, not after', () => {
    const cfg = { graceDays: 2 };
    expect(decideAmend(at('submitted'), { now: ict('2021-06-21T23:59:59'), period: p, policy, config: cfg }).state).toBe('submitted');
    const e = refusal(() => decideAmend(at('submitted'), { now: ict('2021-06-22T00:00:00'), period: p, policy, config: cfg }));
    expect(e).toEqual({ kind: 'conflict', code: 'REPORT_CLOSED' });
  });

  it('after the lock date a returned or reopened report may be amended; a never-submitted one may be submitted (late)', () => {
    const late = { now: ict('2021-09-01T08:00:00'), period: p, policy, config: { graceDays: 2 } };
    expect(decideAmend(at('returned', 1, true), late).state).toBe('submitted');
    expect(decideAmend(at('submitted', 2, true), late).state).toBe('submitted');
    expect(decideAmend(undefined, late).state).toBe('submitted');
  });

  it('without graceDays (the default) only acceptance locks', () => {
    expect(decideAmend(at('submitted'), { now: new Date('2030-01-01'), period: p, policy, config: { graceDays: null } }).state).toBe(
      'submitted',
    );
  });
});

describe('field comments and history', () => {
  const content = { sections: { inspection: { units: [{ count: 3 }], 'tên lạ': 1 } } };

  it('resolves JSON paths into the reviewed content', () => {
    expect(pathExists(content, '$.sections.inspection.units[0].count')).toBe(true);
    expect(pathExists(content, '$.sections.inspection["tên lạ"]')).toBe(true);
    expect(pathExists(content, '$')).toBe(true);
    expect(pathExists(content, '$.sections.inspection.units[1]')).toBe(false);
    expect(pathExists(content, '$.sections.nope')).toBe(false);
    expect(pathExists(content, '$.sections.inspection.units.count')).toBe(false);
    expect(pathExists(content, 'sections')).toBe(false);
  });

  it('reports each comment whose path is not in the version, at its own index', () => {
    const bad = checkCommentPaths(
      content,
      [
        { path: '$.sections', text: 'ok' },
        { path: '$.x', text: 'no' },
      ],
      2,
      'vi',
    );
    expect(bad).toEqual([{ path: '$.comments[1].path', code: 'NO_SUCH_FIELD', message: 'Báo cáo phiên bản 2 không có trường $.x.' }]);
  });

  it('history lists versions and review actions in the order they happened', () => {
    const by = { sub: 'x', unit: '870', role: 'reporter' as const };
    const h = historyOf(
      [
        { version: 1, receivedAt: '2021-06-10T01:00:00.000Z', submittedBy: by },
        { version: 2, receivedAt: '2021-06-12T01:00:00.000Z', submittedBy: by },
      ],
      [
        {
          unit: '870',
          period: '2021-H1',
          province: '87',
          seq: 1,
          action: 'return',
          version: 1,
          at: '2021-06-11T01:00:00.000Z',
          by: staff,
          comment: 'c',
          comments: [],
          from: 'submitted',
          to: 'returned',
          requestId: 'r',
        },
        {
          unit: '870',
          period: '2021-H1',
          province: '87',
          seq: 2,
          action: 'accept',
          version: 2,
          at: '2021-06-12T01:00:00.000Z',
          by: staff,
          comments: [],
          from: 'submitted',
          to: 'accepted',
          requestId: 'r',
        },
      ],
    );
    expect(h.map((e) => `${e.type}:${e.version}`)).toEqual(['version:1', 'review:1', 'version:2', 'review:2']);
  });

  it('working days before a deadline skip weekends and holidays', () => {
    // Deadline Wed 16/06/2021; two working days before: Mon 14/06. With Mon a holiday: Fri 11/06.
    expect(workingDaysBefore('2021-06-16', 2, [])).toBe('2021-06-14');
    expect(workingDaysBefore('2021-06-16', 2, ['2021-06-14'])).toBe('2021-06-11');
    expect(workingDaysBefore('2021-06-16', 0, [])).toBe('2021-06-16');
    // A weekend in the middle is stepped over, not counted: three working days before Mon 14/06 are Fri, Thu, Wed 09/06.
    expect(workingDaysBefore('2021-06-14', 3, [])).toBe('2021-06-09');
    // A swapped working day counts: Sat 26/04/2025 worked; two working days before Tue 29/04/2025 are Mon 28 and Sat 26.
    expect(workingDaysBefore('2025-04-29', 2, [])).toBe('2025-04-25');
    expect(workingDaysBefore('2025-04-29', 2, [], ['2025-04-26'])).toBe('2025-04-26');
  });
});
