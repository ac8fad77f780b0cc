import type { StaffActor } from '../../data/actor.ts';
import { isShareablePart, type PersonData } from '../../data/person-data.ts';
import { ukDate } from '../../dates.ts';
import { pageWithin, type Paged } from '../../data/paging.ts';
import { isRefusal, notFound } from '../../errors.ts';
import { fullName, NAME_PARTS, type PeopleReference } from '../people/index.ts';
import { ROLE_PERMISSIONS } from './policy.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';

/** The home shows the people a member of staff works with 25 at a time, so their alerts are never far below. */
const PEOPLE_PER_PAGE = 25;
const LISTED_SUMMARY = 'Your name and date of birth, in their list of people they work with';
const NAMED_SUMMARY = 'Your name, in their list of people they work with';
/** Someone is listed when they share some part of their record with the actor, their name read under that part. */
const SHARED_PARTS = NAME_PARTS.filter(isShareablePart);
const FOUND_SUMMARY = 'Your name, found by your NHS number and date of birth';
const ALERT_SUMMARY = 'Your name, in an alert to them about your record';
/** Shown instead of an alert about someone whose details the member of staff can no longer see. */
export const UNSEEN_ALERT = 'There was a change to the record of someone whose details you can no longer see.';

/** Someone in the actor's care teams, as their list of people shows them. */
export type MyPerson = {
  personId: string;
  name: string;
  /** Null when their details are not shared with the actor, only some other part of their record. */
  dateOfBirth: string | null;
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
  people: Pick<PeopleReference, 'personIdByNhsNumber' | 'pageOfIdsByName'>;
}) {
  const { reference } = deps;
  const readsDetails = (actor: StaffActor) => ROLE_PERMISSIONS[actor.role].read.includes('details');

  return {
    readsDetails,

    /**
     * One page of the people in the actor's current care teams whose details they may read, one entry each (a
     * member of staff may hold more than one role in a team), by family name, with how many there are in all.
     * Listing people is everyday care work, so an emergency grant never puts someone on the list. Only the people
     * on the page are read, and each of them gets an access-log row.
     */
    async myPeople(data: Data, actor: StaffActor, now: Date, pageAsked = 1): Promise<Paged<MyPerson>> {
      const places = await reference.currentPlacesOf(actor.id, ukDate(now));
      const teams = places.map((place) => place.person_id);
      // Their details when shared with the actor; else, when only some other part is (a care home shown only the crisis
      // plan), their name alone, so the actor can still find them.
      const [withDetails, listable] = await Promise.all([
        data.listable(teams, 'details', ['care']),
        data.listable(teams, SHARED_PARTS, ['care']),
      ]);
      const page = pageWithin(listable.length, pageAsked, PEOPLE_PER_PAGE);
      const onPage = await deps.people.pageOfIdsByName(listable, page.offset, page.size);
      const detailsShared = new Set(withDetails);
      const [byDetails, byName] = await Promise.all([
        data.list(
          onPage.filter((personId) => detailsShared.has(personId)),
          'details',
          LISTED_SUMMARY,
          async ({ people }, decision) => (decision.purpose === 'emergency' ? undefined : people.names()),
        ),
        data.list(
          onPage.filter((personId) => !detailsShared.has(personId)),
          SHARED_PARTS,
          NAMED_SUMMARY,
          async ({ people }, decision) =>
            decision.purpose === 'emergency' ? undefined : { ...(await people.names()), date_of_birth: null },
        ),
      ]);
      const shownById = new Map([...byDetails, ...byName].map((entry) => [entry.personId, entry]));
      const listed = onPage.flatMap((personId) => shownById.get(personId) ?? []);
      const items = listed.map(({ personId, shown }) => {
        const held = places.filter((place) => place.person_id === personId);
        return {
          personId,
          name: fullName(shown),
          dateOfBirth: shown.date_of_birth,
          teamRoles: [...new Set(held.map((place) => place.team_role))],
          isKeyWorker: held.some((place) => place.is_key_worker),
        };
      });
      return { total: listable.length, page, items };
    },

    /**
     * The actor's own alerts, unread first. An alert names the person it is about, so showing it is a read of
     * their name: logged for each person shown, under any part of the record the actor may see (a care home shown
     * only the crisis plan finds the person's record from here). An alert about someone the actor may no longer see
     * says only that something changed. Privacy officers' alerts never name anyone.
     */
    async myAlerts(data: Data, actor: StaffActor, limit = 50) {
      const alerts = await reference.alertsFor(actor.id, limit);
      if (!readsDetails(actor)) return alerts.map((alert) => ({ ...alert, recordHref: null }));
      const seen = new Set(
        (
          await data.list(
            alerts.map((alert) => alert.person_id),
            NAME_PARTS,
            ALERT_SUMMARY,
            async () => true,
          )
        ).map((row) => row.personId),
      );
      return alerts.map((alert) =>
        seen.has(alert.person_id)
          ? { ...alert, recordHref: `/people/${alert.person_id}` }
          : { ...alert, message: UNSEEN_ALERT, recordHref: null },
      );
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

export type StaffHomeService = ReturnType<typeof createStaffHomeService>;
