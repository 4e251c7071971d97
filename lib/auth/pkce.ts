// PKCE (RFC 7636), mandatory for MCP clients (MCP 2025-11-25 / 2026-07-28 authorization,
// "Authorization Code Protection"). Only S256 is offered: `plain` gives no protection when the
// authorization request can be observed (RFC 7636 §4.2, §7.2).
import { createHash, randomBytes } from 'node:crypto';

// code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 7636 §4.1).
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export const MIN_VERIFIER_LENGTH = 43;
export const MAX_VERIFIER_LENGTH = 128;

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/**
 * A fresh code_verifier drawn from a CSPRNG (RFC 7636 §4.1, §7.1). Characters are picked by
 * rejection sampling so every one of the 66 unreserved characters is equally likely.
 */
export function createCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < MIN_VERIFIER_LENGTH || length > MAX_VERIFIER_LENGTH) {
    // A programmer error, not a runtime failure: the length is a constant at every call site.
    throw new RangeError(`code_verifier length must be an integer in 43..128, got ${length}`);
  }
  const limit = 256 - (256 % UNRESERVED.length); // 198: bytes at or above it would bias the pick
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += UNRESERVED[byte % UNRESERVED.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), no padding (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkcePair(length?: number): PkcePair {
  const verifier = createCodeVerifier(length);
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}
