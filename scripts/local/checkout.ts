/**
 * What a checkout keeps under its data directory (.data/ by default, DATA_DIR to move it)
 * so that several checkouts on one machine never meet:
 *   .data/                 mode 0700
 *   .data/credentials.json the access key of this checkout's DynamoDB Local database (0600)
 *   .data/stack.json       the running stack: who owns it, its ports, a random id (0600)
 *   .data/keys/            the local token signing key
 *   .data/dynamodb/, s3/   the data
 * Local mode is for one trusted machine: see README.md, "Chạy trên một máy".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const dataDirFromEnv = (): string => resolve(process.env.DATA_DIR ?? '.data');

/** Creates the data directory if missing and keeps it private to this user (0700). */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/** Writes a file readable by this user only, atomically (a reader never sees half of it). */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** DynamoDB Local accepts only letters and digits in an access key. */
const alnum = (n: number) =>
  [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');

/**
 * This checkout's access key, generated on first use and kept in .data/credentials.json.
 * DynamoDB Local (without -sharedDb) keeps one database per access key, so a caller
 * without it sees an empty database; every tool that opens this data uses this key.
 */
export function checkoutCredentials(dataDir: string): LocalCredentials {
  prepareDataDir(dataDir);
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const c = JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
    if (/^[A-Za-z0-9]{16,}$/.test(c.accessKeyId) && /^[A-Za-z0-9]{16,}$/.test(c.secretAccessKey)) {
      chmodSync(file, 0o600);
      return c;
    }
  }
  const c = { accessKeyId: `L${alnum(19)}`, secretAccessKey: alnum(40) };
  writePrivate(file, `${JSON.stringify(c, null, 2)}\n`);
  return c;
}

export interface StackRecord {
  /** Random per start: a server answering with another id is not this checkout's stack. */
  id: string;
  pid: number;
  /** 'server' for `npm start`, 'tool' for a command-line tool that started its own stack. */
  owner: 'server' | 'tool';
  /** The API's base URL (owner 'server' only). */
  url?: string;
  dynamoPort: number;
  s3Port: number;
  dataDir: string;
  startedAt: string;
}

const stackFile = (dataDir: string) => join(dataDir, 'stack.json');

export function newStackId(): string {
  return randomUUID();
}

export function recordStack(r: StackRecord): void {
  prepareDataDir(r.dataDir);
  writePrivate(stackFile(r.dataDir), `${JSON.stringify(r, null, 2)}\n`);
}

/** Removes the record, if it is still ours (a later start may have replaced it). */
export function forgetStack(dataDir: string, id: string): void {
  try {
    const r = JSON.parse(readFileSync(stackFile(dataDir), 'utf8')) as StackRecord;
    if (r.id === id) rmSync(stackFile(dataDir), { force: true });
  } catch {
    /* nothing recorded */
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The path on which the local server (and only it) names its stack; API Gateway has no such route. */
export const STACK_ID_PATH = '/_local/stack';

/**
 * The stack recorded under this data directory, if it is really running: its process is
 * alive and, for `npm start`, its server answers with the recorded id (a port reused by
 * something else, or by another checkout, does not). Anything else is a stale record.
 */
export async function runningStack(dataDir: string): Promise<StackRecord | undefined> {
  let r: StackRecord;
  try {
    r = JSON.parse(readFileSync(stackFile(dataDir), 'utf8')) as StackRecord;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(r.pid) || !pidAlive(r.pid)) return undefined;
  // A tool's stack has no server to ask: its DynamoDB port must at least be in use (a reused pid alone is not enough).
  if (r.owner === 'tool') return (await portFree(r.dynamoPort)) ? undefined : r;
  try {
    const res = await fetch(`${r.url}${STACK_ID_PATH}`, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { id?: unknown };
    return body.id === r.id ? r : undefined;
  } catch {
    return undefined;
  }
}

/** A port the user asked for (PORT, DYNAMODB_PORT, S3_PORT); undefined: pick a free one. */
export function portFromEnv(...names: string[]): number | undefined {
  for (const name of names) {
    const v = process.env[name];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new LocalStartError(`${name}=${v}: không phải số cổng (not a port number).`);
    return n;
  }
  return undefined;
}

/** A start-up failure with a message meant for the user as is (one line, Vietnamese and English). */
export class LocalStartError extends Error {}

export class PortInUseError extends LocalStartError {
  constructor(
    readonly port: number,
    readonly what: string,
    readonly envName: string,
  ) {
    super(
      `Cổng ${port} (${what}) đang được dùng; đặt ${envName} khác hoặc bỏ trống để tự chọn. (Port ${port} for ${what} is in use; set another ${envName}, or leave it unset for a free one.)`,
    );
  }
}

/** True when nothing listens on the port, on the loopback or on any interface. */
export async function portFree(port: number): Promise<boolean> {
  const tryListen = (host: string) =>
    new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.unref();
      srv.once('error', () => resolve(false));
      srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
    });
  return (await tryListen('127.0.0.1')) && (await tryListen('0.0.0.0'));
}

export async function ensurePortFree(port: number, what: string, envName: string): Promise<void> {
  if (port !== 0 && !(await portFree(port))) throw new PortInUseError(port, what, envName);
}
