/**
 * Review of reports by province staff: the states a report's latest version can be in,
 * the actions that move it, and the request bodies (one zod schema each: validation,
 * types and OpenAPI).
 */
import * as z from 'zod';
import '../http/zod-openapi.ts';
import type { Submitter } from '../storage/ports.ts';
import type { ReviewState } from './states.ts';

export { REVIEW_STATE_LABEL, REVIEW_STATES, type ReviewState } from './states.ts';

export type ReviewActionKind = 'accept' | 'return' | 'reopen';

export interface FieldComment {
  /** JSON path into the reviewed version's content, e.g. "$.sections.inspection.unitsInspected". */
  path: string;
  text: string;
}

/** The review part of a report's latest item. */
export interface ReviewStatus {
  state: ReviewState;
  /** How many review actions the report has had: with the version, the latest item's concurrency token. */
  seq: number;
  /**
   * Set by a return or a reopen, cleared by an acceptance: the unit may amend after the
   * lock date (deadline plus grace days) because the province asked it to.
   */
  unlocked: boolean;
  /** The last review action (shown with the report until the next one). */
  last?: ReviewActionSummary;
}

export interface ReviewActionSummary {
  action: ReviewActionKind;
  version: number;
  at: string;
  by: Submitter;
  comment?: string;
  comments: FieldComment[];
}

/** A decision as the review machine takes it: the action and the states it moves between. */
export interface ReviewTransition extends ReviewActionSummary {
  from: ReviewState;
  to: ReviewState;
}

/** One review action as kept in the report's history (immutable). */
export interface ReviewAction extends ReviewTransition {
  unit: string;
  period: string;
  province: string;
  /** 1, 2, ...: the order of actions on this report. */
  seq: number;
  requestId: string;
}

export const INITIAL_REVIEW: ReviewStatus = { state: 'submitted', seq: 0, unlocked: false };

/** Latest items written before review existed read as "chờ duyệt". */
export const reviewOf = (latest: { review?: ReviewStatus } | undefined): ReviewStatus => latest?.review ?? INITIAL_REVIEW;

const text = (max: number) => z.string().trim().min(1).max(max);

/** "$.a.b[0]['c d']": the paths error details print (shared/report/path.ts). */
export const JSON_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,6}\]|\["(?:[^"\\]|\\.)*"\])*$/;

export const FieldCommentBody = z
  .strictObject({
    path: z.string().max(500).regex(JSON_PATH),
    text: text(2000),
  })
  .openapi('FieldComment');

export const ReviewRequest = z
  .strictObject({
    decision: z.enum(['accept', 'return']),
    /** The general comment; a return needs it or at least one field comment. */
    comment: text(4000).optional(),
    comments: z.array(FieldCommentBody).max(200).default([]),
  })
  .openapi('ReviewRequest');
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const ReopenRequest = z.strictObject({ reason: text(4000) }).openapi('ReopenRequest');
export type ReopenRequest = z.infer<typeof ReopenRequest>;

export type HistoryEntry = { type: 'version'; version: number; at: string; by: Submitter } | ({ type: 'review' } & ReviewTransition);

/** Versions and review actions in one list, in the order they happened (a version before a review of it). */
export function historyOf(
  versions: readonly { version: number; receivedAt: string; submittedBy: Submitter }[],
  reviews: readonly ReviewAction[],
): HistoryEntry[] {
  const out: (HistoryEntry & { order: number })[] = [
    ...versions.map((v) => ({ type: 'version' as const, version: v.version, at: v.receivedAt, by: v.submittedBy, order: 0 })),
    ...reviews.map((r) => ({
      type: 'review' as const,
      action: r.action,
      version: r.version,
      at: r.at,
      by: r.by,
      ...(r.comment ? { comment: r.comment } : {}),
      comments: r.comments,
      from: r.from,
      to: r.to,
      order: r.seq,
    })),
  ];
  out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.version - b.version || a.order - b.order));
  return out.map(({ order: _o, ...e }) => e as HistoryEntry);
}
