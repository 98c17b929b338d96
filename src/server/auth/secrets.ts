/** @module server/auth/secrets — session ids, CSRF tokens and API tokens: 256-bit random secrets stored as sha256. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** An API token as shown (once) to its owner: `ghp_` + 43 base64url characters. */
export function newApiToken(): string {
  return `ghp_${randomSecret()}`;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
