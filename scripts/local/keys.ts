/**
 * The local signing key (ES256) for `npm run token` and the local server, kept under
 * .data/keys so tokens survive restarts. In AWS, Cognito signs and API Gateway verifies.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { CLAIM_GROUPS, CLAIM_UNIT } from '../../shared/auth/principal.ts';

export const LOCAL_ISSUER = 'https://cchc-hub.local';
export const LOCAL_AUDIENCE = 'cchc-hub-local';
const ALG = 'ES256';

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface KeyPair {
  privateKey: Key;
  publicKey: Key;
}

const cache = new Map<string, KeyPair>();

export async function localKeys(dir: string): Promise<KeyPair> {
  const hit = cache.get(dir);
  if (hit) return hit;
  const file = join(dir, 'jwt-signing-key.json');
  let jwks: { privateJwk: JWK; publicJwk: JWK };
  if (existsSync(file)) {
    jwks = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    jwks = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(jwks), { mode: 0o600 });
  }
  const pair = { privateKey: await importJWK(jwks.privateJwk, ALG), publicKey: await importJWK(jwks.publicJwk, ALG) };
  cache.set(dir, pair);
  return pair;
}

export async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(ALG);
  return { privateKey, publicKey };
}

export interface TokenOptions {
  role: string;
  unit: string;
  sub?: string;
  expiresIn?: string | number;
  audience?: string;
  issuer?: string;
}

/**
 * A token shaped like a Cognito ID token: groups and the custom:unit attribute. A group
 * name with white space is refused: Cognito cannot create one, and the authorizer's
 * "[a b]" would read it as two groups.
 */
export async function signToken(key: KeyPair, o: TokenOptions): Promise<string> {
  if (/\s/.test(o.role)) throw new Error(`"${o.role}" is no Cognito group name (white space)`);
  return new SignJWT({ [CLAIM_GROUPS]: [o.role], [CLAIM_UNIT]: o.unit, token_use: 'id' })
    .setProtectedHeader({ alg: ALG })
    .setSubject(o.sub ?? `local-${o.role}-${o.unit}`)
    .setIssuer(o.issuer ?? LOCAL_ISSUER)
    .setAudience(o.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '12h')
    .sign(key.privateKey);
}

/**
 * Verifies like API Gateway's JWT authorizer and returns the claims the way it
 * passes them to Lambda: every value a string, arrays as "[a b]". As in AWS, a token
 * without `exp` is refused.
 */
export async function verifyToApiGatewayClaims(key: KeyPair, token: string): Promise<Record<string, string> | undefined> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key.publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: [ALG],
      requiredClaims: ['exp'],
    }));
  } catch {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload))
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
