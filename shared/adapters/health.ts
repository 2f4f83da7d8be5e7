/**
 * Read-only readiness probes for the public health check: one read of the table and one
 * of the bucket, never a write (anonymous callers must not be able to make the service
 * write). The deep probes that write are DynamoHealthProbe and the bucket round trip in
 * functions/public/index.ts, for administrators only.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../storage/keys.ts';
import type { ReadProbe } from '../storage/ports.ts';

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
