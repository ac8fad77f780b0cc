import type { StaffActor } from '../../data/actor.ts';
import type { PersonData } from '../../data/person-data.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { reasonText } from '../../text.ts';
import { mayDo } from '../identity/index.ts';
import type { PersonDataContext } from './data-context.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';

/** Emergency access needs a reason a privacy officer and the person can judge: long enough to say something, short enough to read. */
export const EMERGENCY_REASON_LENGTH = { min: 20, max: 1000 } as const;

/** Counted in characters you can see, so a reason of spaces or invisible characters is no reason. */
export const emergencyReason = reasonText(EMERGENCY_REASON_LENGTH.min, EMERGENCY_REASON_LENGTH.max, {
  enter: 'Enter why you need emergency access to this record',
  tooShort: `Your reason must be at least ${EMERGENCY_REASON_LENGTH.min} characters: say what has happened and why you cannot wait`,
  tooLong: `Your reason must be ${EMERGENCY_REASON_LENGTH.max.toLocaleString('en-GB')} characters or fewer`,
});

export const isAcceptableReason = (reason: string): boolean => emergencyReason.safeParse(reason).success;

/** When a grant made at `grantedAt` stops giving access. */
export const grantExpiry = (grantedAt: Date, hours: number): Date => new Date(grantedAt.getTime() + hours * 3_600_000);

/**
 * What privacy officers are told. It names who used emergency access but not whose record it was: privacy
 * officers do not read people's details, so their alerts must carry nothing about the person.
 */
export const privacyAlertMessage = (staff: Pick<StaffActor, 'name' | 'jobTitle' | 'organisationName'>): string =>
  `${staff.name} (${staff.jobTitle}, ${staff.organisationName}) used emergency access to a record. Check their reason and record your review.`;

/** What the person's key workers and whoever acts for them are told: who used emergency access, and to whose record. */
export const emergencyNotice = (
  staff: Pick<StaffActor, 'name' | 'jobTitle' | 'organisationName'>,
  personName: string,
): string =>
  `${staff.name} (${staff.jobTitle}, ${staff.organisationName}) started emergency access to ${personName}'s record.`;

const REVIEW_LIST_SUMMARY = 'Your name, to check an emergency use of your record';
const REVIEWED_SUMMARY = 'An emergency use of your record';

/**
 * Emergency ("break-glass") access: starting it with a reason, and the privacy officer's review of each use.
 * Starting it is the one write made before access is allowed, so it goes through the access gate's own store.
 */
export function createEmergencyAccessService(deps: {
  reference: AccessReference;
  people: { personExists: (personId: string) => Promise<boolean> };
  hours: number;
}) {
  const { reference } = deps;
  const user = (data: { actor: PersonData<unknown>['actor'] }): StaffActor | undefined =>
    mayDo(data.actor, 'useEmergencyAccess') ? data.actor : undefined;
  const officer = (data: { actor: PersonData<unknown>['actor'] }): StaffActor => {
    if (!mayDo(data.actor, 'reviewEmergencyAccess')) throw notFound();
    return data.actor;
  };

  return {
    hours: deps.hours,

    /** Whether the person exists for emergency access and, if the actor already holds a grant, until when. */
    async status(
      data: PersonData<AccessStores>,
      personId: string,
      now = new Date(),
    ): Promise<{ activeUntil: Date | null } | undefined> {
      const actor = user(data);
      if (!actor || !(await deps.people.personExists(personId))) return undefined;
      const grant = await reference.activeBreakGlassGrant(personId, actor.id, now);
      return { activeUntil: grant?.expires_at ?? null };
    },

    /**
     * Starts emergency access for the configured hours: the grant, the person's access-log entry with the
     * reason, and an alert for every privacy officer, all in one transaction. Unknown person: 404.
     */
    async request(
      data: PersonDataContext<unknown>,
      personId: string,
      reason: string,
      now = new Date(),
    ): Promise<{ grantId: string; expiresAt: Date }> {
      const actor = user(data);
      if (!actor || !(await deps.people.personExists(personId))) throw notFound();
      const trimmed = reason.trim();
      if (!isAcceptableReason(trimmed))
        throw new AppError('CW_VALIDATION', 'An emergency access reason must be 20 to 1,000 characters.');
      const grant = { grantId: newId(), expiresAt: grantExpiry(now, deps.hours) };
      await reference.startEmergencyAccess(
        {
          person_id: personId,
          id: grant.grantId,
          staff_account_id: actor.id,
          organisation_id: actor.organisationId,
          reason: trimmed,
          granted_at: now,
          expires_at: grant.expiresAt,
          reviewed_at: null,
          reviewed_by: null,
          review_note: null,
        },
        data.logRow(
          personId,
          'write',
          'details',
          'emergency',
          `Started emergency access, giving this reason: ${trimmed}`,
          grant.grantId,
        ),
        privacyAlertMessage(actor),
        (personName) => ({
          kind: 'emergency_access',
          text: emergencyNotice(actor, personName),
          link: `/people/${personId}`,
        }),
      );
      return grant;
    },

    /** How many emergency uses wait for a privacy officer's review. Only privacy officers may ask. */
    async countWaiting(data: PersonData<AccessStores>): Promise<number> {
      officer(data);
      return reference.countGrantsWaitingForReview();
    },

    /** Emergency uses waiting for review, longest waiting first. Seeing each person's name is logged for that person. */
    async waitingForReview(data: PersonData<AccessStores>) {
      officer(data);
      const people = await data.list(
        await reference.peopleWithGrantsWaitingForReview(),
        'access_log',
        REVIEW_LIST_SUMMARY,
        async ({ access, people }) => ({
          personName: await people.name(),
          grants: await access.grantsWaitingForReview(),
        }),
      );
      return people
        .flatMap(({ personId, shown }) =>
          shown.grants.map((grant) => ({
            personId,
            grantId: grant.id,
            personName: shown.personName,
            staffName: grant.staff_name,
            staffJobTitle: grant.staff_job_title,
            organisationName: grant.organisation_name,
            reason: grant.reason,
            grantedAt: grant.granted_at,
            expiresAt: grant.expires_at,
          })),
        )
        .toSorted((a, b) => a.grantedAt.getTime() - b.grantedAt.getTime() || (a.grantId < b.grantId ? -1 : 1));
    },

    /** Records a privacy officer's review of one emergency use. A grant that is unknown or already reviewed: 404. */
    async review(
      data: PersonDataContext<unknown>,
      personId: string,
      grantId: string,
      note: string,
      now = new Date(),
    ): Promise<void> {
      const reviewer = officer(data);
      // Reviewing is the privacy officer's reading of the log, written down: it changes the grant, not the record.
      const decision = await data.check(personId, 'access_log', 'read', REVIEWED_SUMMARY);
      const logRow = data.logRow(personId, 'write', 'access_log', decision.purpose, REVIEWED_SUMMARY, grantId);
      if (!(await reference.reviewGrant(personId, grantId, { by: reviewer.id, at: now, note: note.trim() }, logRow)))
        throw notFound();
    },
  };
}

export type EmergencyAccessService = ReturnType<typeof createEmergencyAccessService>;
