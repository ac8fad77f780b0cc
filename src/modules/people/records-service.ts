import type { Db } from '../../db/database.ts';
import type { PersonDataContext } from '../access/index.ts';
import type { AccessPart } from '../access/index.ts';
import { fullName } from './names.ts';
import * as store from './store.ts';

/** How far back a person is told about emergency access to their record on their home page. */
export const EMERGENCY_NOTICE_DAYS = 90;

/** The parts a name may be read under, details first. */
const NAME_PARTS: AccessPart[] = ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes', 'care_team', 'access_log', 'sharing'];

/**
 * The records a signed-in account may open: their own and those of people they act for or support.
 * Only records with something readable are listed; each name is read through the access check.
 */
export async function recordsForAccount(db: Db, data: PersonDataContext, accountId: string, now: Date) {
  const links = await store.accountLinks(db, accountId);
  const since = new Date(now.getTime() - EMERGENCY_NOTICE_DAYS * 86_400_000);
  const records = [];
  for (const link of links) {
    const parts = await data.readableParts(link.person_id);
    if (!parts.length) continue;
    const own = link.acting_as === 'self';
    const name = await data.readFirst(link.person_id, NAME_PARTS, () => (own ? 'Your name, on your home page' : 'Your name, in the list of records they can open'), (trx) =>
      store.personName(trx, link.person_id),
    );
    const emergencyAccess =
      own && parts.includes('access_log')
        ? await data.read(link.person_id, 'access_log', `Emergency access to your record in the last ${EMERGENCY_NOTICE_DAYS} days, on your home page`, (trx) =>
            store.emergencyAccessSince(trx, link.person_id, since),
          )
        : [];
    // Someone who may change the record acts for the person; others see only what is shared with them.
    const actsFor = !own && (await data.may(link.person_id, 'details', 'write'));
    records.push({ personId: link.person_id, name: fullName(name), own, actsFor, emergencyAccess });
  }
  // Their own record first, then others by name.
  return records.sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name, 'en-GB'));
}

/**
 * What the record's home page shows, in one access check: the name under the details when the actor
 * may see them, else under any part they may see. When they may see nothing, the refusal is logged
 * for the person and the data context answers 404.
 */
export function recordOverview(data: PersonDataContext, personId: string) {
  const summary = (part: AccessPart) => (part === 'details' ? 'Your name, date of birth and NHS number' : 'Your name, at the top of your record');
  return data.readFirst(personId, NAME_PARTS, summary, async (trx, decision) => {
    const details = decision.part === 'details' ? await store.personDetails(trx, personId) : undefined;
    const name = details ?? (await store.personName(trx, personId));
    // Only a read that needed the emergency grant gets the notice, not every read by someone who holds one.
    const emergencyAccess = decision.breakGlassGrantId ? await store.emergencyGrant(trx, personId, decision.breakGlassGrantId) : undefined;
    return { name: fullName(name), details, parts: decision.readableParts, emergencyAccess };
  });
}
