// Local verification of AuthRocket login tokens, as the official SDKs'
// sessions.fromToken does it, with node:crypto
// only: the key is a realm's jwt_key (an HS256 jsk_ secret or an RS256 PEM)
// or the JWKS of a LoginRocket URL. A token that does not verify is null,
// never an error.
import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { fetchJwks } from './jwks.js';

export const ISSUER = 'https://authrocket.com';
export const LEEWAY_SECONDS = 5;

const b64url = (s) => Buffer.from(s, 'base64url');

// The SDKs' rule: a key longer than 256 characters is an RSA public key
// (PEM or bare base64 body), anything else an HMAC secret used as UTF-8.
function staticKey(jwtKey) {
  if (jwtKey.length <= 256) return { alg: 'HS256', key: Buffer.from(jwtKey, 'utf8') };
  const body = jwtKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const pem = `-----BEGIN PUBLIC KEY-----\n${body.match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
  return { alg: 'RS256', key: createPublicKey(pem) };
}

const jwksCache = new Map(); // loginrocketUrl → Map(kid → {alg, key})

// jwksKey finds kid in <loginrocketUrl>/connect/jwks, fetching it again when
// kid is not cached. The SDKs read kid, alg and x5c[0] (base64 DER SPKI).
async function jwksKey(loginrocketUrl, kid) {
  let keys = jwksCache.get(loginrocketUrl);
  if (!keys?.has(kid)) {
    keys = new Map();
    for (const jwk of (await fetchJwks(loginrocketUrl.replace(/\/+$/, ''))).keys ?? []) {
      const der = Buffer.from(jwk.x5c?.[0] ?? '', 'base64');
      keys.set(jwk.kid, { alg: jwk.alg, key: createPublicKey({ key: der, format: 'der', type: 'spki' }) });
    }
    jwksCache.set(loginrocketUrl, keys);
  }
  return keys.get(kid) ?? null;
}

function signatureValid(alg, key, signingInput, signature) {
  if (alg === 'HS256') {
    const mac = createHmac('sha256', key).update(signingInput).digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  }
  if (alg === 'RS256') return verify('RSA-SHA256', Buffer.from(signingInput), key, signature);
  return false;
}

/**
 * The session the SDKs build from a login token's claims, or
 * null when the token does not verify. Exactly one of jwtKey and
 * loginrocketUrl is used, jwtKey first. now: epoch seconds.
 */
export async function fromToken(token, { jwtKey, loginrocketUrl, now = Date.now() / 1000 } = {}) {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  let header, claims;
  try {
    header = JSON.parse(b64url(parts[0]).toString('utf8'));
    claims = JSON.parse(b64url(parts[1]).toString('utf8'));
  } catch {
    return null;
  }
  let pinned;
  if (jwtKey) pinned = staticKey(jwtKey);
  else if (loginrocketUrl && header.kid) pinned = await jwksKey(loginrocketUrl, header.kid);
  else if (!loginrocketUrl) throw new Error('Missing jwtKey and loginrocketUrl');
  // The algorithm comes from the key, never from the token's header.
  if (!pinned || header.alg !== pinned.alg) return null;
  if (!signatureValid(pinned.alg, pinned.key, `${parts[0]}.${parts[1]}`, b64url(parts[2]))) return null;
  if (claims.iss !== ISSUER || typeof claims.exp !== 'number' || claims.exp + LEEWAY_SECONDS < now) return null;
  return toSession(token, claims);
}

// toSession maps the claims as the SDKs' jwtToSession does.
function toSession(token, c) {
  const user = {
    object: 'user',
    id: c.sub,
    realm_id: c.rid,
    name: c.name,
    first_name: c.given_name,
    last_name: c.family_name,
    username: c.preferred_username,
    email: c.email,
    email_verification: c.email_verified ? 'verified' : 'none',
    reference: c.ref,
    custom: c.cs,
    memberships: (c.orgs ?? []).map((o) => ({
      object: 'membership',
      id: o.mid,
      org_id: o.oid,
      user_id: c.sub,
      permissions: o.perm ?? [],
      selected: o.selected,
      org: { object: 'org', id: o.oid, realm_id: c.rid, name: o.name, reference: o.ref, custom: o.cs },
    })),
  };
  return { object: 'session', id: c.sid, created_at: c.iat, expires_at: c.exp, token, user_id: c.sub, user };
}
