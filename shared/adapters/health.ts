/**
 * Readiness probes of the table. The public health check reads only: one read of the
 * table and one of the bucket (S3HttpReadProbe, s3-http.ts), never a write (anonymous callers must not be able to make the service
 * write). The deep probes that write are DynamoHealthProbe (here, apart from the table's
 * other adapters in dynamo.ts, so that the public function loads none of them) and the
 * bucket round trip in functions/public/index.ts, for administrators only.
 */
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

/** The key the bucket's read probe reads (S3HttpReadProbe, s3-http.ts); it need not exist. */
export const HEALTH_READ_KEY = 'health/probe';

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
