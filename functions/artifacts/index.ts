/**
 * Builds report documents off the request path. Two triggers, one function:
 * - the table's stream (DynamoDB Streams event source mapping, filtered to inserted
 *   artifact job items): each job a PUT wrote gets its JSON and .docx within seconds;
 * - the scheduled sweep (EventBridge Scheduler, every few minutes): every job still
 *   pending, e.g. because S3 was unreachable, is retried. Nobody has to resubmit.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ArtifactJob } from '../../shared/storage/ports.ts';
import { logger } from '../lib/observability.ts';
import { artifactsContext } from './context.ts';

const isStreamEvent = (e: unknown): e is DynamoDBStreamEvent => Array.isArray((e as DynamoDBStreamEvent | undefined)?.Records);

function jobOf(image: Record<string, unknown>): ArtifactJob {
  const i = unmarshall(image as Record<string, AttributeValue>);
  if (typeof i.unit !== 'string' || typeof i.period !== 'string' || typeof i.province !== 'string' || typeof i.version !== 'number')
    throw new Error('not an artifact job item');
  return {
    unit: i.unit,
    period: i.period,
    province: i.province,
    version: i.version,
    attempts: Number(i.attempts ?? 0),
    createdAt: String(i.createdAt ?? ''),
  };
}

/** One stream batch: a record whose job could not even be read is reported, so the mapping retries it (bisecting). */
async function fromStream(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  let ready = 0;
  for (const record of event.Records) {
    try {
      const image = record.dynamodb?.NewImage;
      if (!image) continue;
      // process() records S3 and rendering faults on the job itself (the sweep retries); it does not throw for them.
      const state = await artifactsContext().artifacts.process(jobOf(image));
      if (state.state === 'ready') ready++;
      else logger.warn('document not built yet; the sweep retries', { record: record.eventID, state: state.state });
    } catch (e) {
      logger.error('artifact job record failed', { record: record.eventID, error: e as Error });
      if (record.dynamodb?.SequenceNumber) failures.push({ itemIdentifier: record.dynamodb.SequenceNumber });
    }
  }
  logger.debug('documents from the stream', { records: event.Records.length, ready, failed: failures.length });
  return { batchItemFailures: failures };
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
export async function handler(event: unknown): Promise<{ tried: number; ready: number }>;
export async function handler(event: unknown): Promise<DynamoDBBatchResponse | { tried: number; ready: number }> {
  if (isStreamEvent(event)) return fromStream(event);
  const result = await artifactsContext().artifacts.sweep(100);
  if (result.tried) logger.info('document retry', result);
  return result;
}
