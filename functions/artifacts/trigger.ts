/**
 * How the table's stream triggers the artifacts function: read by the CDK stack (the
 * event source mapping) and by the local stream reader (scripts/local/streams.ts), so
 * both deliver the same records in the same batches.
 */
import { keys } from '../../shared/storage/keys.ts';

/** Lambda event filter: only new artifact job items (a PUT's transaction writes one per version). */
export const ARTIFACT_JOB_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [keys.jobsPartition] } } },
} as const;

/** Records per invocation: a .docx takes tens of milliseconds, so ten fit well inside the timeout. */
export const STREAM_BATCH_SIZE = 10;

/** Does a stream record match a filter pattern of exact values (the subset of the Lambda filter syntax used here)? */
export function matchesFilter(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value as never);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => matchesFilter(p, (value as Record<string, unknown>)[k]));
  }
  return pattern === value;
}
