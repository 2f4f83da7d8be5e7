/**
 * The whole local service (`npm start`: server, DynamoDB Local, s3rver) killed with
 * SIGKILL in the middle of a load, then started again on the same data directory:
 * every version a client was told about (201) is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/stack.ts';
import { example } from '../support/app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-restart-'));
let child: ChildProcess | undefined;

async function start(ports: { port: number; dynamo: number; s3: number }): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(ports.port),
      DYNAMO_PORT: String(ports.dynamo),
      S3_PORT: String(ports.s3),
      ROLLUP_EVERY_MINUTES: '0',
    },
    detached: true, // its own process group, so SIGKILL takes DynamoDB Local down with it
    stdio: 'ignore',
  });
  // Generous: on a loaded shared machine Java and the TypeScript loader start slowly.
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${ports.port}/v1/health`);
      if (r.status === 200) return p;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('service did not start');
}

function crash(p: ChildProcess): void {
  try {
    process.kill(-p.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

afterAll(() => {
  if (child) crash(child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash mid-load', () => {
  it('loses no acknowledged version', async () => {
    const ports = { port: await freePort(), dynamo: await freePort(), s3: await freePort() };
    child = await start(ports);
    const base = `http://127.0.0.1:${ports.port}`;
    const { localKeys, signToken } = await import('../../scripts/local/keys.ts');
    const key = await localKeys(join(dataDir, 'keys'));
    const units = ['866', '867', '868', '869', '870', '871', '872', '873'];
    const acknowledged = new Map<string, Set<number>>(units.map((u) => [u, new Set()]));
    let stop = false;

    const client = async (unit: string) => {
      const token = await signToken(key, { role: 'reporter', unit });
      let version = 0;
      for (let i = 0; !stop; i++) {
        const body = example();
        body.values.INSPECTED_UNITS.value = i;
        try {
          const r = await fetch(`${base}/v1/units/${unit}/reports/2021-H1`, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              ...(version ? { 'if-match': `"${version}"` } : {}),
            },
            body: JSON.stringify(body),
          });
          const j = (await r.json()) as { version?: number; error?: { code: string } };
          if (r.status === 201) {
            version = j.version!;
            acknowledged.get(unit)!.add(version);
          } else if (r.status === 412 || r.status === 428) {
            // The answer to a request in flight at the crash was lost: reload, go on.
            const v = await fetch(`${base}/v1/units/${unit}/reports/2021-H1/versions`, { headers: { authorization: `Bearer ${token}` } });
            version = ((await v.json()) as { latestVersion: number }).latestVersion;
          } else if (r.status >= 500) throw new Error(`server error ${r.status}`);
        } catch (e) {
          if ((e as Error).message.startsWith('server error')) throw e;
          await new Promise((r) => setTimeout(r, 200)); // connection refused while down
        }
      }
    };

    const load = Promise.all(units.map(client));
    const acked = () => [...acknowledged.values()].reduce((a, s) => a + s.size, 0);
    // Mid-load: at least 2.5 s of load and a first acknowledged version (a busy machine may need longer).
    await new Promise((r) => setTimeout(r, 2500));
    for (const until = Date.now() + 30_000; acked() === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    const before = acked();
    crash(child);
    child = await start(ports);
    await new Promise((r) => setTimeout(r, 3000));
    for (const until = Date.now() + 30_000; acked() === before && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await load;

    expect(before).toBeGreaterThan(0);
    let ackTotal = 0;
    let storedTotal = 0;
    for (const unit of units) {
      const token = await signToken(key, { role: 'reporter', unit });
      const r = await fetch(`${base}/v1/units/${unit}/reports/2021-H1/versions`, { headers: { authorization: `Bearer ${token}` } });
      const stored = new Set(((await r.json()) as { versions: { version: number }[] }).versions.map((v) => v.version));
      for (const v of acknowledged.get(unit)!) expect(stored.has(v), `unit ${unit} version ${v}`).toBe(true);
      // Versions are contiguous from 1: nothing in the middle went missing either.
      expect([...stored].sort((a, b) => a - b)).toEqual(Array.from({ length: stored.size }, (_, i) => i + 1));
      ackTotal += acknowledged.get(unit)!.size;
      storedTotal += stored.size;
    }
    expect(storedTotal).toBeGreaterThanOrEqual(ackTotal);
    // Stored but never acknowledged: only a request in flight at the crash, at most one per client.
    expect(storedTotal - ackTotal).toBeLessThanOrEqual(units.length);
    // The load went on after the restart: the restarted service acknowledged new versions.
    expect(ackTotal).toBeGreaterThan(before);
    console.log(`restart: ${ackTotal} versions acknowledged (${before} before the crash), ${storedTotal} stored`);
  }, 600_000);
});
