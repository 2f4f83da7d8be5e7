/**
 * The web app on the local server: web/dist at / with an SPA fallback (any path without
 * a file extension answers index.html, as the CloudFront function does in AWS), the
 * app's configuration (local sign-in mode), and the local-only sign-in endpoints that
 * mint a token with the local key — the same token `npm run token` prints. None of
 * this exists in AWS: there the app is in S3 and sign-in is Cognito's managed login.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ROLES } from '../../shared/auth/principal.ts';
import { compareUnitCodes } from '../../shared/format/vi.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { signToken, type KeyPair } from './keys.ts';

export const WEB_ROOT = resolve(import.meta.dirname, '../../web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Security headers the CloudFront response-headers policy sets in AWS. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

function newestMtime(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** True when web/dist is missing or older than the app's sources or the shared code it imports. */
export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return newestMtime(WEB_ROOT) > built || newestMtime(resolve(WEB_ROOT, '../shared')) > built;
}

/** Builds web/dist with Vite (in-process: no extra toolchain). */
export async function buildWeb(o: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: o.quiet ? 'error' : 'warn' });
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 4096) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface WebOptions {
  key: KeyPair;
  /** Folder with the built app (default web/dist). */
  dist?: string;
}

/**
 * Answers a request outside /v1/ for the web app. Returns false when it is none of its
 * business (the caller answers 404 like the API would).
 */
export async function serveWeb(req: IncomingMessage, res: ServerResponse, pathname: string, o: WebOptions): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (pathname === '/app-config.json' && (method === 'GET' || method === 'HEAD')) {
    json(res, 200, { mode: 'local' });
    return true;
  }
  if (pathname === '/local/units' && method === 'GET') {
    // The served provinces and the units that report in them in some period, each code once (the unit a token for it names).
    const reg = bundledRegistry();
    const served = new Set(reg.provinceCodes());
    const units: { code: string; name: string; kind: string }[] = [];
    for (const u of reg.data.units) {
      if (reg.principalUnit(u.code) !== u) continue;
      const p = reg.principalProvince(u.code);
      if (!p || !served.has(p.code)) continue;
      const reports = reg
        .reportingRules(p.code)
        .some((r) => r.kinds.includes(u.kind) && r.from <= (u.validTo ?? '9999-12-31') && (r.to === null || u.validFrom <= r.to));
      if (u.kind === 'province' || reports) units.push({ code: u.code, name: u.name, kind: u.kind });
    }
    units.sort((a, b) => compareUnitCodes(a.code, b.code));
    json(res, 200, { units });
    return true;
  }
  if (pathname === '/local/sign-in' && method === 'POST') {
    const b = (await readJson(req)) as { role?: unknown; unit?: unknown } | undefined;
    const role = typeof b?.role === 'string' ? b.role : '';
    const unit = typeof b?.unit === 'string' ? b.unit : '';
    if (!(ROLES as readonly string[]).includes(role) || !/^\d{1,10}$/.test(unit)) {
      json(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'Chọn vai trò và nhập mã đơn vị bằng chữ số.', details: [] } });
      return true;
    }
    json(res, 200, { token: await signToken(o.key, { role, unit }) });
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') return false;
  const dist = o.dist ?? WEB_DIST;
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return false;
  }
  const file = resolve(dist, rel);
  const inside = file === dist || file.startsWith(dist + sep);
  if (inside && rel && existsSync(file) && statSync(file).isFile()) {
    const immutable = rel.startsWith(`assets${sep}`) || rel.startsWith('assets/');
    send(res, 200, method === 'HEAD' ? '' : readFileSync(file), {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    return true;
  }
  // SPA fallback: app routes have no extension; a missing asset stays a 404.
  if (extname(pathname) === '' && existsSync(join(dist, 'index.html'))) {
    send(res, 200, method === 'HEAD' ? '' : readFileSync(join(dist, 'index.html')), {
      'content-type': TYPES['.html']!,
      'cache-control': 'no-cache',
    });
    return true;
  }
  return false;
}
