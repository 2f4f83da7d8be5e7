/** Response shapes of the review endpoints and the review parts of report responses (OpenAPI). */
import * as z from 'zod';
import '../http/zod-openapi.ts';
import { FieldCommentBody, REVIEW_STATES } from './model.ts';

const Actor = z.object({ sub: z.string(), unit: z.string(), role: z.string() });
const ActionKind = z.enum(['accept', 'return', 'reopen']);
const State = z.enum(REVIEW_STATES);

export const ReviewSummary = z
  .object({
    state: State.openapi({ description: 'submitted = chờ duyệt, accepted = đã duyệt (locked), returned = trả lại' }),
    label: z.string().openapi({ example: 'chờ duyệt' }),
    last: z
      .object({
        action: ActionKind,
        version: z.number().int(),
        at: z.string(),
        by: Actor,
        comment: z.string().optional(),
        comments: z.array(FieldCommentBody),
      })
      .optional()
      .openapi({ description: 'The last review action, e.g. a return with its comments at fields.' }),
  })
  .openapi('ReviewSummary');

export const ReviewActionInfo = z
  .object({
    seq: z.number().int(),
    action: ActionKind,
    version: z.number().int(),
    at: z.string().openapi({ format: 'date-time' }),
    by: Actor,
    comment: z.string().optional().openapi({ description: 'The comment, or the reason of a reopen.' }),
    comments: z.array(FieldCommentBody),
    from: State,
    to: State,
  })
  .openapi('ReviewAction');

export const HistoryItem = z
  .object({
    type: z.enum(['version', 'review']),
    version: z.number().int(),
    at: z.string(),
    by: Actor,
    action: ActionKind.optional(),
    comment: z.string().optional(),
    comments: z.array(FieldCommentBody).optional(),
    from: State.optional(),
    to: State.optional(),
  })
  .openapi('HistoryItem');

export const ReviewResponse = z
  .object({ unit: z.string(), period: z.string(), version: z.number().int(), review: ReviewSummary, action: ReviewActionInfo })
  .openapi('ReviewResponse');
