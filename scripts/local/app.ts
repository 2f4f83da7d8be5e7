/**
 * The whole service on one machine: table and bucket ensured, registry seeded, the
 * Lambda handlers behind a local HTTP server, the table's stream feeding the artifacts
 * function, a local Lambda Invoke endpoint (the provinces API runs rollups in the
 * rollup function), and the in-process scheduler.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { documentClient, resetClients } from '../../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../../shared/adapters/dynamo.ts';
import { ensureBucket, ensureTable } from '../../shared/adapters/provision.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { handler as reports } from '../../functions/reports/index.ts';
import { handler as provinces } from '../../functions/provinces/index.ts';
import { handler as publicRoutes } from '../../functions/public/index.ts';
import { handler as rollup } from '../../functions/rollup/index.ts';
import { handler as artifacts } from '../../functions/artifacts/index.ts';
import { ARTIFACT_JOB_FILTER, STREAM_BATCH_SIZE } from '../../functions/artifacts/trigger.ts';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { PortInUseError } from './checkout.ts';
import { useMailer } from '../../functions/notify/index.ts';
import { FileMailer } from './file-mailer.ts';
import { createLocalServer } from './server.ts';
import type { KeyPair } from './keys.ts';
import { startLocalLambda, type LocalLambda } from './lambda.ts';
import { startScheduler, type Scheduler } from './scheduler.ts';
import { startStreamReader, type StreamReader } from './streams.ts';

export interface AppOptions {
  table: string;
  bucket: string;
  port: number;
  key: KeyPair;
  /** Minutes between scheduled rollups; 0 disables the scheduler (tests drive it). */
  rollupEveryMinutes: number;
  /** Seconds between document retries and outbox deliveries; 0 disables. */
  sweepEverySeconds: number;
  /** Answered at /_local/stack, so this checkout's tools can recognise the running stack. */
  stackId?: string;
  /** Where notifications are delivered as .eml files (the local stand-in for SES). @default .data/outbox */
  outboxDir?: string;
  /** Minutes between runs of the reminder and digest job; 0 disables. @default 60 */
  remindEveryMinutes?: number;
  /** Serve the web app (web/dist, or this folder) at / beside the API. */
  web?: boolean | { dist: string };
  /** Build documents as the stream delivers the job items (default); false leaves them to the sweep. */
  streams?: boolean;
}

export interface RunningApp {
  url: string;
  outboxDir: string;
  server: Server;
  scheduler: Scheduler;
  /** The table's stream reader (absent with `streams: false`). */
  streams?: StreamReader;
  /** Resolves once the documents of everything written so far have been built (or given up on). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Creates the table and bucket if missing and loads the bundled registry if the table has none. */
export async function provision(table: string, bucket: string): Promise<void> {
  const ddb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    await ensureTable(ddb, table);
    await ensureBucket(s3, bucket);
  } finally {
    ddb.destroy();
    s3.destroy();
  }
  const registry = new DynamoRegistryStore(documentClient(), table);
  if (!(await registry.index())) await registry.save(bundledRegistry().data);
}

let localBase: string | undefined;

export async function startApp(o: AppOptions): Promise<RunningApp> {
  process.env.TABLE_NAME = o.table;
  process.env.BUCKET_NAME = o.bucket;
  resetClients();
  resetContexts();
  await provision(o.table, o.bucket);
  const lambda: LocalLambda = await startLocalLambda({ rollup });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.url;
  process.env.ROLLUP_FUNCTION_NAME = 'rollup';
  const streams =
    o.streams === false
      ? undefined
      : await startStreamReader({ table: o.table, handler: artifacts, filter: ARTIFACT_JOB_FILTER, batchSize: STREAM_BATCH_SIZE });
  const web = o.web ? { key: o.key, ...(typeof o.web === 'object' ? { dist: o.web.dist } : {}) } : undefined;
  const server = createLocalServer({ reports, provinces, public: publicRoutes }, o.key, {
    ...(o.stackId ? { stackId: o.stackId } : {}),
    ...(web ? { web } : {}),
  });
  // Keep idle connections longer than a client's pause between requests on a busy machine: with Node's 5 s default the
  // server closed sockets that clients were reusing ("other side closed"). API Gateway keeps idle connections longer too.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(o.port, 'API', 'PORT') : e));
      server.listen(o.port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await Promise.all([lambda.close(), streams?.stop()]);
    throw e;
  }
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  // Links in notifications point at this server unless PUBLIC_BASE_URL was given.
  if (!process.env.PUBLIC_BASE_URL || process.env.PUBLIC_BASE_URL === localBase) process.env.PUBLIC_BASE_URL = localBase = url;
  resetContexts();
  const outboxDir = resolve(o.outboxDir ?? '.data/outbox');
  useMailer(new FileMailer(outboxDir));
  const scheduler = startScheduler({
    rollupEveryMinutes: o.rollupEveryMinutes,
    sweepEverySeconds: o.sweepEverySeconds,
    remindEveryMinutes: o.remindEveryMinutes ?? (o.rollupEveryMinutes > 0 ? 60 : 0),
  });
  return {
    url,
    outboxDir,
    server,
    scheduler,
    ...(streams ? { streams } : {}),
    settle: async () => streams?.idle(),
    async close() {
      await scheduler.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await streams?.stop();
      await lambda.close();
    },
  };
}
