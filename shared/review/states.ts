/**
 * The review states and their Vietnamese labels, without zod: the web app's first page
 * shows them (status lists, filters) and must not pull in the request schemas.
 */

/** chờ duyệt → đã duyệt | trả lại; trả lại → (amend) chờ duyệt; đã duyệt → (reopen) chờ duyệt. */
export const REVIEW_STATES = ['submitted', 'accepted', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What users read (status rows, messages, the web app). */
export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  submitted: 'chờ duyệt',
  accepted: 'đã duyệt',
  returned: 'trả lại',
};
