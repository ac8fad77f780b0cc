import argon2 from 'argon2';
import { generate, generateSecret, verify } from 'otplib';

/** argon2id with the OWASP-recommended minimums (19 MiB, 2 passes). */
export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export async function passwordMatches(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails are known. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hashPassword('not-a-real-password-decoy'));

export const newTotpSecret = (): string => generateSecret();
export const currentTotpCode = (secret: string): Promise<string> => generate({ secret });

/**
 * The time step of a one-time code, when it is the current code or the one either side (for clock drift) and
 * later than `afterStep`, the step of the last code this account used: each code works once.
 */
export async function totpCodeStep(
  secret: string,
  code: string,
  afterStep: number | null,
  now = new Date(),
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    epoch: Math.floor(now.getTime() / 1000),
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
