import { PLAN_SECTION_PARTS, type AccessPart, type PersonData } from '../../data/person-data.ts';
import { fullName } from './names.ts';
import type { PeopleStores } from './stores.ts';

/** The parts a name may be read under, details first. */
export const NAME_PARTS: readonly AccessPart[] = [
  'details',
  'about_me',
  'contacts',
  'plan',
  ...PLAN_SECTION_PARTS,
  'budget',
  'notes',
  'care_team',
  'access_log',
  'sharing',
];

/**
 * What the record's home page shows, in one access check: the name under the details when the actor may see
 * them, else under any part they may see. When they may see nothing, the refusal is logged for the person and
 * the data context answers 404.
 */
export function recordOverview(data: PersonData<PeopleStores>, personId: string) {
  const summary = (part: AccessPart) =>
    part === 'details' ? 'Your name, date of birth and NHS number' : 'Your name, at the top of your record';
  return data.readFirst(personId, NAME_PARTS, summary, async ({ people }, decision) => {
    const details = decision.part === 'details' ? await people.summary() : undefined;
    // Only a read that needed the emergency grant gets the notice, not every read by someone who holds one.
    const grant = decision.emergencyGrant;
    return {
      name: details ? fullName(details) : await people.name(),
      details,
      parts: decision.readableParts,
      purpose: decision.purpose,
      emergencyAccess: grant ? { id: grant.id, expires_at: grant.expiresAt } : undefined,
    };
  });
}
