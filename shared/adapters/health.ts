/**
 * Readiness probes. The public health check reads only: one read of the table and one
 * of the bucket, never a write (anonymous callers must not be able to make the service
 * write). The deep probes that write are DynamoHealthProbe (here, apart from the table's
 * other adapters in dynamo.ts, so that the public function loads none of them) and the
 * bucket round trip in functions/public/index.ts, for administrators only.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../storage/keys.ts';
import type { HealthProbe, ReadProbe } from '../storage/ports.ts';

/** A GetItem of the HEALTH item: whether or not it exists, the table answered. */
export class DynamoReadProbe implements ReadProbe {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(): Promise<void> {
    await this.ddb.send(new GetCommand({ TableName: this.table, Key: keys.health, ProjectionExpression: 'pk' }));
  }
}

/** The key the probe reads; it need not exist. */
export const HEALTH_READ_KEY = 'health/probe';

/**
 * A GetObject of health/probe. The object need not exist: S3 answering "no such key" (404)
 * or, for a role without s3:ListBucket, "access denied" (403) for a missing key proves the
 * bucket answers. A network failure, a timeout or a 5xx fails the probe.
 */
export class S3ReadProbe implements ReadProbe {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(): Promise<void> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: HEALTH_READ_KEY }));
      await r.Body?.transformToByteArray();
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || status === 403) return;
      throw e;
    }
  }
}

/** Health: the table can be written and read back. */
export class DynamoHealthProbe implements HealthProbe {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async check(): Promise<void> {
    const Key = { pk: 'HEALTH', sk: 'probe' };
    const at = new Date().toISOString();
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: { ...Key, at } }));
    const r = await this.ddb.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
    // Concurrent probes share the item: any value written by now proves the round trip.
    if (typeof r.Item?.at !== 'string') throw new Error('table read-back failed');
  }
}
