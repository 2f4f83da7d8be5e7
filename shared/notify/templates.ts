/**
 * The notification messages, in Vietnamese, each with the link to the report. Built
 * when the event happens (so a message says what was decided then) and stored in the
 * outbox; recipients are resolved when it is sent.
 */
import { ictLong, vnDate } from '../format/vi.ts';
import { parsePeriod, periodLabel } from '../periods/period.ts';
import type { ReviewAction } from '../review/model.ts';
import type { Arrival, Links, OutboxMessage } from './outbox.ts';

const FOOTER = 'Thư này do Hệ thống tiếp nhận báo cáo cải cách hành chính gửi tự động; vui lòng không trả lời thư này.';

const label = (period: string) => {
  const p = parsePeriod(period);
  return p ? periodLabel(p) : period;
};

const lines = (...parts: (string | false | undefined)[]) => parts.filter((x): x is string => typeof x === 'string').join('\n');

/** The message a unit gets when its report is accepted, returned or reopened. */
export function reviewMessage(a: ReviewAction, unitName: string, links: Links): OutboxMessage {
  const what = `báo cáo công tác cải cách hành chính ${label(a.period)} (phiên bản ${a.version})`;
  const link = `Xem báo cáo: ${links.report(a.unit, a.period)}`;
  const base = { id: `review#${a.unit}#${a.period}#${a.seq}`, to: { kind: 'unit' as const, unit: a.unit }, createdAt: a.at };
  const greeting = `Kính gửi: ${unitName},`;
  if (a.action === 'accept')
    return {
      ...base,
      kind: 'accepted',
      subject: `[CCHC] Báo cáo ${label(a.period)} của ${unitName} đã được duyệt`,
      text: lines(
        greeting,
        '',
        `Sở Nội vụ đã duyệt ${what} của đơn vị lúc ${ictLong(a.at)}.`,
        a.comment && `Nhận xét: ${a.comment}`,
        'Báo cáo đã được khóa; nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.',
        '',
        link,
        '',
        FOOTER,
      ),
    };
  if (a.action === 'return')
    return {
      ...base,
      kind: 'returned',
      subject: `[CCHC] Báo cáo ${label(a.period)} của ${unitName} bị trả lại, đề nghị chỉnh sửa`,
      text: lines(
        greeting,
        '',
        `Sở Nội vụ đã trả lại ${what} của đơn vị lúc ${ictLong(a.at)} để chỉnh sửa.`,
        a.comment && `Nhận xét: ${a.comment}`,
        a.comments.length > 0 && 'Nhận xét tại các trường dữ liệu:',
        ...a.comments.map((c) => `  - ${c.path}: ${c.text}`),
        'Đề nghị đơn vị sửa và gửi lại báo cáo (phiên bản mới).',
        '',
        link,
        '',
        FOOTER,
      ),
    };
  return {
    ...base,
    kind: 'reopened',
    subject: `[CCHC] Báo cáo ${label(a.period)} của ${unitName} đã được mở lại để sửa`,
    text: lines(
      greeting,
      '',
      `Sở Nội vụ đã mở lại ${what} của đơn vị lúc ${ictLong(a.at)}.`,
      `Lý do: ${a.comment ?? ''}`,
      'Đơn vị có thể sửa và gửi lại báo cáo; báo cáo sẽ chờ Sở Nội vụ duyệt lại.',
      '',
      link,
      '',
      FOOTER,
    ),
  };
}

/** A reminder to a unit that has not submitted (one per unit, period and day: its id makes a second run a no-op). */
export function reminderMessage(
  o: { unit: string; unitName: string; period: string; deadline: string; today: string; at: string },
  links: Links,
): OutboxMessage {
  return {
    id: `remind#${o.unit}#${o.period}#${o.today}`,
    kind: 'reminder',
    to: { kind: 'unit', unit: o.unit },
    createdAt: o.at,
    subject: `[CCHC] Nhắc gửi báo cáo ${label(o.period)}: hạn ngày ${vnDate(o.deadline)}`,
    text: lines(
      `Kính gửi: ${o.unitName},`,
      '',
      `Đến ngày ${vnDate(o.today)}, hệ thống chưa nhận được báo cáo công tác cải cách hành chính ${label(o.period)} của đơn vị.`,
      `Hạn gửi báo cáo: hết ngày ${vnDate(o.deadline)}. Đề nghị đơn vị gửi báo cáo đúng hạn.`,
      '',
      `Gửi báo cáo tại: ${links.report(o.unit, o.period)}`,
      '',
      FOOTER,
    ),
  };
}

/** Province staff's digest of the versions that arrived since the last one. */
export function digestMessage(
  o: { province: string; provinceName: string; arrivals: Arrival[]; unitName: (code: string) => string; at: string },
  links: Links,
): OutboxMessage {
  const first = o.arrivals[0]!;
  const last = o.arrivals[o.arrivals.length - 1]!;
  const periods = [...new Set(o.arrivals.map((a) => a.period))].sort();
  return {
    // The arrivals it lists identify it: a retried digest run writes the same message.
    id: `digest#${o.province}#${first.receivedAt}#${first.unit}#${first.period}#${first.version}`,
    kind: 'digest',
    to: { kind: 'province', province: o.province },
    createdAt: o.at,
    subject: `[CCHC] ${o.arrivals.length} báo cáo mới đã nhận (${ictLong(first.receivedAt)} – ${ictLong(last.receivedAt)})`,
    text: lines(
      `Kính gửi: Sở Nội vụ ${o.provinceName},`,
      '',
      `Hệ thống đã nhận ${o.arrivals.length} phiên bản báo cáo mới:`,
      ...o.arrivals.map(
        (a) =>
          `  - ${o.unitName(a.unit)} (${a.unit}), ${label(a.period)}, phiên bản ${a.version}, nhận lúc ${ictLong(a.receivedAt)}, ${a.onTime ? 'đúng hạn' : 'trễ hạn'}: ${links.report(a.unit, a.period)}`,
      ),
      '',
      ...periods.map((p) => `Tình hình gửi báo cáo ${label(p)}: ${links.status(o.province, p)}`),
      '',
      FOOTER,
    ),
  };
}
