/**
 * Scheduled document retry (EventBridge Scheduler, every few minutes): writes the
 * JSON and .docx of every version whose artifacts are still pending, e.g. because
 * S3 was unreachable when it was submitted. Nobody has to resubmit.
 */
import { appContext } from '../lib/context.ts';
import { logger } from '../lib/observability.ts';

export const handler = async (_event: unknown): Promise<{ tried: number; ready: number }> => {
  const result = await appContext().artifacts.sweep(100);
  if (result.tried) logger.info('document retry', result);
  return result;
};
