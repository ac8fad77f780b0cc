import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { StaffActor } from '../identity/actor.ts';
import type { PersonDataContext } from './data-context.ts';

/** Emergency access needs a reason a privacy officer and the person can judge: long enough to say something, short enough to read. */
export const EMERGENCY_REASON_LENGTH = { min: 20, max: 1000 } as const;

export const emergencyReason = z
  .string()
  .trim()
  .min(1, 'Enter why you need emergency access to this record')
  .min(EMERGENCY_REASON_LENGTH.min, `Your reason must be at least ${EMERGENCY_REASON_LENGTH.min} characters: say what has happened and why you cannot wait`)
  .max(EMERGENCY_REASON_LENGTH.max, `Your reason must be ${EMERGENCY_REASON_LENGTH.max.toLocaleString('en-GB')} characters or fewer`);

export const isAcceptableReason = (reason: string): boolean => emergencyReason.safeParse(reason).success;

/** When a grant made at `grantedAt` stops giving access. */
export const grantExpiry = (grantedAt: Date, hours: number): Date => new Date(grantedAt.getTime() + hours * 3_600_000);

/**
 * What privacy officers are told. It names who used emergency access but not whose record it was:
 * alerts are shown without an access check, so they must carry nothing about the person.
 */
export const privacyAlertMessage = (staff: Pick<StaffActor, 'name' | 'jobTitle' | 'organisationName'>): string =>
  `${staff.name} (${staff.jobTitle}, ${staff.organisationName}) used emergency access to a record. Check their reason and record your review.`;

/** Emergency access: grants, alerts for the privacy officer, and their review. The data context does the work; this holds the settings. */
export function createBreakGlassService(_db: Db, config: Pick<Config, 'breakGlassHours'>) {
  return {
    hours: config.breakGlassHours,
    /** Starts emergency access for the context's actor, for the configured number of hours. */
    request: (context: PersonDataContext, personId: string, reason: string) => context.requestEmergencyAccess(personId, reason, config.breakGlassHours),
  };
}
