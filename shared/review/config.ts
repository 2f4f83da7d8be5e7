/**
 * A province's review and reminder settings (part of its configuration in the
 * registry, optional: the defaults below apply when it is absent).
 */
import * as z from 'zod';
import { DEFAULT_REMINDED_KINDS } from './defaults.ts';

export { DEFAULT_REMINDED_KINDS, DEFAULT_REVIEW_CONFIG } from './defaults.ts';

export const ReviewConfig = z.strictObject({
  /**
   * Working days after the deadline during which a submitted report may still be
   * amended; afterwards only a return or a reopen lets the unit amend it. A report
   * never submitted may always be submitted (it is late). null (the default): no time
   * lock, only acceptance locks. A province opts in, so that importing a registry does
   * not silently lock every report of past years.
   */
  graceDays: z.number().int().min(0).max(60).nullable().default(null),
  /** Whether reports not (yet) accepted count in the rollup's totals (they are marked as such). */
  countUnaccepted: z.boolean().default(true),
  /** Units that have not submitted are reminded this many working days before the deadline (0: on the day). */
  remindDaysBefore: z.number().int().min(0).max(20).default(2),
  /** The period kinds the province collects, for reminders. */
  remindKinds: z
    .array(z.string().regex(/^(Q[1-4]|H1|9M|Y)$/))
    .max(7)
    .default([...DEFAULT_REMINDED_KINDS]),
});
export type ReviewConfig = z.infer<typeof ReviewConfig>;

/** A unit's mailbox(es) for notifications, kept in the registry by an administrator. */
export const Contact = z.strictObject({
  emails: z.array(z.email().max(254)).min(1).max(10),
});
export type Contact = z.infer<typeof Contact>;
