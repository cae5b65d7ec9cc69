import { generate, generateSecret, generateURI, verify } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(username: string, secret: string): string {
  return generateURI({ issuer: 'entas', label: username, secret });
}

/**
 * Accepts the current code and the one before/after (clock drift of ±30 s) and returns its RFC 6238 time step,
 * or null. A code whose step is not after `afterStep` (the last one this user signed in with) is refused: a code
 * seen once — over a shoulder, in a proxy log — cannot be replayed within its window.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep?: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(afterStep !== undefined && afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** The code of the current 30-second step, or of a step `stepsAhead` later (tests: a fresh code). */
export function currentTotp(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}
