/**
 * The review state machine and the lock rules, as pure functions: each decides one
 * transition from the report's current latest item and the request, or throws the
 * DomainError that refuses it. Storage applies the result under the version condition.
 */
import { assertStaffUnit, type Principal } from '../auth/principal.ts';
import { DomainError, forbidden, validationError, type ErrorDetail } from '../errors/errors.ts';
import { vnDate } from '../format/vi.ts';
import { message, type Lang } from '../i18n/messages.ts';
import { deadlineDate, type DeadlinePolicy, type Period } from '../periods/period.ts';
import type { Registry } from '../registry/registry.ts';
import { sameUnit } from '../registry/unit.ts';
import type { Submitter } from '../storage/ports.ts';
import type { ReviewConfig } from './config.ts';
import {
  reviewOf,
  type FieldComment,
  type ReopenRequest,
  type ReviewRequest,
  type ReviewState,
  type ReviewStatus,
  type ReviewTransition,
} from './model.ts';

/** What a decision needs to know about the report: its latest item. */
export interface ReviewSubject {
  version: number;
  review?: ReviewStatus;
}

export interface Decision {
  next: ReviewStatus;
  action: ReviewTransition;
}

/**
 * Only province staff (or an administrator) of the unit's own province review; a reporter
 * never does. With a period, the unit's province is the one in force then, and it must be
 * the staff's own (code and era): a predecessor whose history they may read is not theirs
 * to review.
 */
export function assertMayReview(p: Principal, unit: string, registry: Registry, period?: Period): void {
  if (p.role === 'reporter') throw new DomainError('forbidden', 'REVIEWER_ONLY');
  assertStaffUnit(p, registry);
  const province = period ? registry.provinceOn(unit, registry.referenceDate(period)) : registry.principalProvince(unit);
  if (!sameUnit(registry.principalProvince(p.unit), province)) throw forbidden();
}

/** Review acts on the version the reviewer read: If-Match is required and must name the latest. */
function assertVersion(current: ReviewSubject, ifMatch: number | null, required: boolean): void {
  if (ifMatch === null) {
    if (required) throw new DomainError('precondition_required', 'PRECONDITION_REQUIRED', { current: current.version });
    return;
  }
  if (ifMatch !== current.version) throw new DomainError('precondition_failed', 'PRECONDITION_FAILED', { current: current.version });
}

export function decideReview(
  current: ReviewSubject,
  req: ReviewRequest,
  ctx: { ifMatch: number | null; by: Submitter; at: string; lang: Lang },
): Decision {
  assertVersion(current, ctx.ifMatch, true);
  const review = reviewOf(current);
  const version = current.version;
  if (review.state === 'accepted')
    throw new DomainError('conflict', req.decision === 'accept' ? 'ALREADY_ACCEPTED' : 'ACCEPTED_REOPEN_FIRST', { version });
  if (review.state === 'returned') throw new DomainError('conflict', 'ALREADY_RETURNED', { version });
  if (req.decision === 'return' && !req.comment && req.comments.length === 0)
    throw validationError([{ path: '$.comment', code: 'COMMENT_REQUIRED', message: message('COMMENT_REQUIRED', ctx.lang) }]);
  const to: ReviewState = req.decision === 'accept' ? 'accepted' : 'returned';
  const action = {
    action: req.decision,
    version,
    at: ctx.at,
    by: ctx.by,
    ...(req.comment ? { comment: req.comment } : {}),
    comments: req.comments,
    from: review.state,
    to,
  };
  const { from: _f, to: _t, ...last } = action;
  return { next: { state: to, seq: review.seq + 1, unlocked: to === 'returned', last }, action };
}

export function decideReopen(
  current: ReviewSubject,
  req: ReopenRequest,
  ctx: { ifMatch: number | null; by: Submitter; at: string },
): Decision {
  assertVersion(current, ctx.ifMatch, false);
  const review = reviewOf(current);
  if (review.state !== 'accepted') throw new DomainError('conflict', 'NOT_ACCEPTED', { version: current.version });
  const action = {
    action: 'reopen' as const,
    version: current.version,
    at: ctx.at,
    by: ctx.by,
    comment: req.reason,
    comments: [],
    from: review.state,
    to: 'submitted' as const,
  };
  const { from: _f, to: _t, ...last } = action;
  return { next: { state: 'submitted', seq: review.seq + 1, unlocked: true, last }, action };
}

/** The last civil date on which a submitted report may still be amended: the deadline plus the grace working days. */
export function lockDate(period: Period, policy: DeadlinePolicy, config: Pick<ReviewConfig, 'graceDays'>): string | null {
  if (config.graceDays === null) return null;
  return deadlineDate(period, { ...policy, workingDaysAfterCutoff: policy.workingDaysAfterCutoff + config.graceDays });
}

/**
 * May the unit store a new version now? A first submission always may (after the
 * deadline it is late). An accepted report is locked until reopened; after the lock
 * date a submitted one may be amended only when the province returned or reopened it.
 * Returns the review status the new version starts with.
 */
export function decideAmend(
  current: ReviewSubject | undefined,
  ctx: { now: Date; period: Period; policy: DeadlinePolicy; config: Pick<ReviewConfig, 'graceDays'> },
): ReviewStatus {
  if (!current) return reviewOf(undefined);
  const review = reviewOf(current);
  if (review.state === 'accepted') throw new DomainError('conflict', 'REPORT_LOCKED', { version: current.version });
  const last = lockDate(ctx.period, ctx.policy, ctx.config);
  // The lock date's end, Asia/Ho_Chi_Minh, as for the deadline.
  const closed = last !== null && ctx.now.getTime() > Date.parse(`${last}T23:59:59.999+07:00`);
  if (closed && !review.unlocked)
    throw new DomainError('conflict', 'REPORT_CLOSED', { deadline: vnDate(deadlineDate(ctx.period, ctx.policy)), lockDate: vnDate(last!) });
  return { ...review, state: 'submitted' };
}

/** Field comments must point at something in the reviewed version: a typo'd path would show nowhere. */
export function checkCommentPaths(content: unknown, comments: readonly FieldComment[], version: number, lang: Lang): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  comments.forEach((c, i) => {
    if (!pathExists(content, c.path))
      out.push({
        path: `$.comments[${i}].path`,
        code: 'NO_SUCH_FIELD',
        message: message('NO_SUCH_FIELD', lang, { version, path: c.path }),
      });
  });
  return out;
}

/** Resolves "$.a.b[0]['c']" against a JSON value. */
export function pathExists(root: unknown, path: string): boolean {
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  if (!path.startsWith('$')) return false;
  re.lastIndex = 1;
  let node: unknown = root;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return false;
    if (m[2] !== undefined) {
      if (!Array.isArray(node) || Number(m[2]) >= node.length) return false;
      node = node[Number(m[2])];
      continue;
    }
    const key = m[1] ?? (JSON.parse(m[3]!) as string);
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
