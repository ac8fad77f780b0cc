import type { StaffActor } from '../../data/actor.ts';
import type { PersonData } from '../../data/person-data.ts';
import { ukDate } from '../../dates.ts';
import { isRefusal, notFound } from '../../errors.ts';
import { fullName, type PeopleReference } from '../people/index.ts';
import { ROLE_PERMISSIONS } from './policy.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';

const LISTED_SUMMARY = 'Your name and date of birth, in their list of people they work with';
const FOUND_SUMMARY = 'Your name, found by your NHS number and date of birth';
const ALERT_SUMMARY = 'Your name, in an alert to them about your record';
/** Shown instead of an alert about someone whose details the member of staff can no longer see. */
export const UNSEEN_ALERT = 'There was a change to the record of someone whose details you can no longer see.';

/** Someone in the actor's care teams, as their list of people shows them. */
export type MyPerson = {
  personId: string;
  name: string;
  dateOfBirth: string;
  teamRoles: string[];
  isKeyWorker: boolean;
};

/** What finding a person by NHS number and date of birth came to. */
export type FindOutcome =
  | { outcome: 'no-match' }
  | { outcome: 'no-access'; personId: string }
  | { outcome: 'found'; personId: string; name: string; dateOfBirth: string; nhsNumber: string; purpose: string };

type Data = PersonData<AccessStores>;

/** A member of staff's home: the people they work with, their alerts, and finding a person. */
export function createStaffHomeService(deps: {
  reference: AccessReference;
  people: Pick<PeopleReference, 'personIdByNhsNumber'>;
}) {
  const { reference } = deps;
  const readsDetails = (actor: StaffActor) => ROLE_PERMISSIONS[actor.role].read.includes('details');

  return {
    readsDetails,

    /**
     * The people in the actor's current care teams whose details they may read, one entry each (a member of
     * staff may hold more than one role in a team), by family name. Every person listed gets an access-log row.
     */
    async myPeople(data: Data, actor: StaffActor, now: Date): Promise<MyPerson[]> {
      const places = await reference.currentPlacesOf(actor.id, ukDate(now));
      const listed = await data.list(
        places.map((place) => place.person_id),
        'details',
        LISTED_SUMMARY,
        // Listing people is everyday care work, so an emergency grant never puts someone on the list.
        async ({ people }, decision) => (decision.purpose === 'emergency' ? undefined : people.names()),
      );
      const byName = (a: (typeof listed)[number], b: (typeof listed)[number]) =>
        compare(a.shown.family_name, b.shown.family_name) ||
        compare(a.shown.given_name, b.shown.given_name) ||
        compare(a.personId, b.personId);
      return listed.toSorted(byName).map(({ personId, shown }) => {
        const held = places.filter((place) => place.person_id === personId);
        return {
          personId,
          name: fullName(shown),
          dateOfBirth: shown.date_of_birth,
          teamRoles: [...new Set(held.map((place) => place.team_role))],
          isKeyWorker: held.some((place) => place.is_key_worker),
        };
      });
    },

    /**
     * The actor's own alerts, unread first. An alert names the person it is about, so showing it is a read of
     * their name: logged for each person shown, and an alert about someone whose details the actor may no
     * longer see says only that something changed. Privacy officers' alerts never name anyone.
     */
    async myAlerts(data: Data, actor: StaffActor, limit = 50) {
      const alerts = await reference.alertsFor(actor.id, limit);
      if (!readsDetails(actor)) return alerts;
      const seen = new Set(
        (
          await data.list(
            alerts.map((alert) => alert.person_id),
            'details',
            ALERT_SUMMARY,
            async () => true,
          )
        ).map((row) => row.personId),
      );
      return alerts.map((alert) => (seen.has(alert.person_id) ? alert : { ...alert, message: UNSEEN_ALERT }));
    },

    /** Marks one of the actor's own alerts as read; anyone else's alert does not exist. */
    async markAlertRead(actor: StaffActor, personId: string, alertId: string, now: Date): Promise<void> {
      if (!(await reference.markAlertRead(personId, alertId, actor.id, now))) throw notFound();
    },

    /**
     * Finds the one person with exactly this NHS number and date of birth. A match the actor may not read is
     * logged as refused and named to nobody; the caller may offer emergency access.
     */
    async findByNhsNumber(data: Data, nhsNumber: string, dateOfBirth: string): Promise<FindOutcome> {
      const personId = await deps.people.personIdByNhsNumber(nhsNumber, dateOfBirth);
      if (!personId) return { outcome: 'no-match' };
      try {
        return await data.read(personId, 'details', FOUND_SUMMARY, async ({ people }, decision) => {
          const details = await people.details();
          return {
            outcome: 'found',
            personId,
            name: fullName(details),
            dateOfBirth: details.date_of_birth,
            nhsNumber: details.nhs_number ?? nhsNumber,
            purpose: decision.purpose,
          };
        });
      } catch (error) {
        if (isRefusal(error, 'CW_NOT_FOUND')) return { outcome: 'no-access', personId };
        throw error;
      }
    },
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export type StaffHomeService = ReturnType<typeof createStaffHomeService>;
