/**
 * Creates the table and bucket when missing (local mode and tests; in AWS the CDK
 * stack owns them). The key schema and the stream match infra/ (shared/storage/keys.ts).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { TABLE_KEYS, TABLE_TTL_ATTRIBUTE } from '../storage/keys.ts';

/** New images on the stream: the artifacts function reads the job items from it. */
export const TABLE_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } as const;

export async function ensureTable(ddb: DynamoDBClient, table: string): Promise<void> {
  try {
    const d = await ddb.send(new DescribeTableCommand({ TableName: table }));
    // A table made before documents moved off the request path has no stream yet.
    if (!d.Table?.StreamSpecification?.StreamEnabled)
      await ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: TABLE_STREAM }));
    return;
  } catch (e) {
    if ((e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  await ddb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partition, AttributeType: 'S' },
        { AttributeName: TABLE_KEYS.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
      ],
      StreamSpecification: TABLE_STREAM,
    }),
  );
  // As the CDK table: write-quota items expire.
  await ddb.send(
    new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true } }),
  );
}

export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
