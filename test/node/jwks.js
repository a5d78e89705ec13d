// Verifying login tokens against a realm's JWKS with node:crypto only, the
// way AuthRocket's SDKs do with LOGINROCKET_URL set: fetch
// <LOGINROCKET_URL>/connect/jwks, pick the key by the token's kid, verify
// RS256.
import { createPublicKey, verify } from 'node:crypto';

/** The JWKS document at a LoginRocket URL (no API key). */
export async function fetchJwks(loginrocketUrl) {
  const res = await fetch(`${loginrocketUrl}/connect/jwks`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${loginrocketUrl}/connect/jwks: ${res.status}`);
  return res.json();
}

/** The token's header and claims, without verifying anything. */
export function decode(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), claims: JSON.parse(Buffer.from(p, 'base64url')) };
}

/**
 * The claims of an RS256 token whose signature verifies with the JWKS key
 * of its kid, or null. Both forms of the key must verify: the JWK's n and e
 * (standard consumers) and x5c[0] wrapped as a PEM public key (AuthRocket's
 * SDKs).
 */
export function verifyWithJwks(token, jwks) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const { header, claims } = decode(token);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (header.alg !== 'RS256' || !jwk || jwk.alg !== 'RS256') return null;
  const fromJwk = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  const pem = `-----BEGIN PUBLIC KEY-----\n${jwk.x5c[0].match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
  const fromX5c = createPublicKey(pem);
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const sig = Buffer.from(parts[2], 'base64url');
  const ok = [fromJwk, fromX5c].every((key) => verify('RSA-SHA256', data, key, sig));
  return ok ? claims : null;
}
