/**
 * For command-line tools (rollup, registry): use the local stack of a running
 * `npm start` if there is one (DynamoDB Local cannot open the same data directory
 * twice), otherwise start one on .data/ for the duration of the command.
 */
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localAwsEnv, startLocalAws } from './stack.ts';

export interface LocalConnection {
  started: boolean;
  close(): Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({}));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export async function connectLocal(): Promise<LocalConnection> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.TABLE_NAME ??= 'cchc-reports';
  process.env.BUCKET_NAME ??= 'cchc-documents';
  // In AWS (no local endpoints wanted) the caller sets AWS credentials and LOCAL=false.
  if (process.env.LOCAL === 'false') return { started: false, close: async () => {} };
  const dynamoPort = Number(process.env.DYNAMO_PORT ?? 8569);
  const s3Port = Number(process.env.S3_PORT ?? 8570);
  if (await answers(dynamoPort)) {
    Object.assign(process.env, localAwsEnv(dynamoPort, s3Port));
    return { started: false, close: async () => {} };
  }
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const aws = await startLocalAws({ dataDir, s3Dir: `${dataDir}/s3`, dynamoPort, s3Port });
  Object.assign(process.env, aws.env);
  return { started: true, close: () => aws.stop() };
}
