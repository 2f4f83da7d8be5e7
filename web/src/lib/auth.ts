/**
 * Who is signed in. Two modes, chosen by /app-config.json (the server that serves the
 * app writes it): "local" (npm start: a labelled page mints a token through the local
 * server, which alone serves /local/*), and "cognito" (AWS: the user pool's managed
 * login, authorization code + PKCE through oidc-client-ts, loaded only in that mode).
 * The API receives the ID token: it carries cognito:groups and custom:unit.
 */
import type { UserManager } from 'oidc-client-ts';
import { navigate } from './router.ts';

export type Role = 'reporter' | 'province' | 'admin';

export type AppConfig = { mode: 'local' } | { mode: 'cognito'; authority: string; clientId: string; domain: string; scope?: string };

export interface Session {
  token: string;
  role: Role;
  unit: string;
  sub: string;
  name?: string;
  expiresAt: number;
}

const KEY = 'cchc:session';
let config: AppConfig | undefined;
let manager: UserManager | undefined;

export async function loadConfig(): Promise<AppConfig> {
  if (config) return config;
  const res = await fetch('/app-config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error('Không tải được cấu hình ứng dụng.');
  config = (await res.json()) as AppConfig;
  return config;
}

export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

const ROLE_ORDER: Role[] = ['admin', 'province', 'reporter'];

/** The session a token stands for: the most privileged group wins, as on the server. */
export function sessionFromToken(token: string): Session | undefined {
  let c: Record<string, unknown>;
  try {
    c = claimsOf(token);
  } catch {
    return undefined;
  }
  const raw = c['cognito:groups'];
  const groups = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/[[\]]/g, '').split(/[\s,]+/) : [];
  const role = ROLE_ORDER.find((r) => groups.includes(r));
  const unit = c['custom:unit'];
  if (!role || typeof unit !== 'string' || typeof c.sub !== 'string' || typeof c.exp !== 'number') return undefined;
  const name = typeof c.name === 'string' ? c.name : typeof c.email === 'string' ? c.email : undefined;
  return { token, role, unit, sub: c.sub, expiresAt: c.exp * 1000, ...(name ? { name } : {}) };
}

export function storeSession(token: string): Session | undefined {
  const s = sessionFromToken(token);
  if (s) sessionStorage.setItem(KEY, token);
  return s;
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  const s = sessionFromToken(token);
  if (!s || s.expiresAt <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return s;
}

async function userManager(): Promise<UserManager> {
  const cfg = await loadConfig();
  if (cfg.mode !== 'cognito') throw new Error('not in Cognito mode');
  if (manager) return manager;
  const { UserManager: UM, WebStorageStateStore } = await import('oidc-client-ts');
  manager = new UM({
    authority: cfg.authority,
    client_id: cfg.clientId,
    redirect_uri: `${location.origin}/dang-nhap/xong`,
    post_logout_redirect_uri: `${location.origin}/dang-nhap`,
    response_type: 'code',
    scope: cfg.scope ?? 'openid email profile',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
  });
  return manager;
}

/** Cognito: off to the managed login page (PKCE verifier kept by oidc-client-ts). */
export async function signInWithCognito(returnTo: string): Promise<void> {
  await (await userManager()).signinRedirect({ state: returnTo });
}

/** Cognito: back from the managed login with ?code=…; returns where to go next. */
export async function completeCognitoSignIn(): Promise<string> {
  const user = await (await userManager()).signinCallback();
  if (!user?.id_token || !storeSession(user.id_token))
    throw new Error('Tài khoản chưa được gán vai trò hoặc đơn vị. Hãy liên hệ quản trị viên.');
  return typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
}

export async function signOut(): Promise<void> {
  sessionStorage.removeItem(KEY);
  const cfg = await loadConfig();
  if (cfg.mode === 'cognito') {
    await (await userManager()).removeUser();
    // Cognito's logout endpoint is not in its discovery document: build it.
    const q = new URLSearchParams({ client_id: cfg.clientId, logout_uri: `${location.origin}/dang-nhap` });
    location.assign(`https://${cfg.domain}/logout?${q}`);
    return;
  }
  navigate('/dang-nhap');
}

export async function currentToken(): Promise<string | undefined> {
  return currentSession()?.token;
}

export function onUnauthenticated(): void {
  sessionStorage.removeItem(KEY);
  navigate(`/dang-nhap?het-phien=1&tiep=${encodeURIComponent(location.pathname + location.search)}`);
}

export const ROLE_LABEL: Record<Role, string> = {
  reporter: 'Cán bộ đơn vị báo cáo',
  province: 'Cán bộ Sở Nội vụ',
  admin: 'Quản trị viên',
};
