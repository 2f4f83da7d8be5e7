/**
 * The review part of report responses (GET .../{period}, .../versions, .../review), as
 * the app reads them, and how it words them. First-page safe: no zod.
 */
import { REVIEW_STATE_LABEL, REVIEW_STATES, type ReviewState } from '../../../shared/review/states.ts';

export { REVIEW_STATE_LABEL, REVIEW_STATES, type ReviewState };

export interface Actor {
  sub: string;
  unit: string;
  role: string;
}

export interface FieldComment {
  /** A JSON path into the reviewed version, "$.values.INSPECTED_UNITS.value". */
  path: string;
  text: string;
}

export type ReviewActionKind = 'accept' | 'return' | 'reopen';

export interface ReviewLast {
  action: ReviewActionKind;
  version: number;
  at: string;
  by: Actor;
  comment?: string;
  comments: FieldComment[];
}

export interface ReviewSummary {
  state: ReviewState;
  label: string;
  last?: ReviewLast;
}

export interface ReviewActionInfo extends ReviewLast {
  seq: number;
  from: ReviewState;
  to: ReviewState;
}

/** "Chờ duyệt": a state's label as a badge or a sentence start. */
export const reviewLabel = (s: ReviewState) => {
  const l = REVIEW_STATE_LABEL[s];
  return l.charAt(0).toUpperCase() + l.slice(1);
};

export const ACTION_LABEL: Record<ReviewActionKind, string> = {
  accept: 'Chấp nhận',
  return: 'Trả lại',
  reopen: 'Mở lại',
};

/** "tài khoản local-province-87 (đơn vị 87)": who acted, as the rest of the app names submitters. */
export const actorText = (a: Actor) => `tài khoản ${a.sub} (đơn vị ${a.unit})`;
