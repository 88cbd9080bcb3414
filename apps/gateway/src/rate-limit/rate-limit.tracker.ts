import { createHash } from 'node:crypto';

/**
 * Whom a request counts against: the SHA-256 digest of its bearer key (the form keys are
 * configured and stored in), else its client address. The digest is taken from the header, not
 * from the authenticated principal, because guards run before authentication has resolved the
 * key; an unknown key is limited like a known one, and is then refused by authentication.
 */
export function rateLimitTracker(
  authorization: string | string[] | undefined,
  ip: string | undefined,
): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return `key:${createHash('sha256').update(match[1], 'utf8').digest('hex')}`;
  return `ip:${ip ?? 'unknown'}`;
}
