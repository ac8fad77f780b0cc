import { conflict } from '../../errors.ts';
import type { PersonData } from '../../data/person-data.ts';
import { changedDetailFields, type DetailsChange } from './record-changes.ts';
import { fullName } from './names.ts';
import { refuseNhsNumberClash } from './nhs-number-in-use.ts';
import type { PeopleStores } from './stores.ts';

type Data = PersonData<PeopleStores>;

export async function showDetails(data: Data, personId: string, summary = 'Your details') {
  return data.read(personId, 'details', summary, async ({ people }, decision) => {
    const details = await people.details();
    return { name: fullName(details), details, mayChange: decision.may('details', 'write') };
  });
}

/** The saved details to fill in the edit form; 404 when the actor may not change them. */
export async function detailsForEditing(data: Data, personId: string) {
  await data.check(personId, 'details', 'write', 'Your details, opened to change them');
  return data.read(personId, 'details', 'Your details, opened to change them', ({ people }) => people.details());
}

/**
 * Saves a change to the details, but only over the version the editor started from: if someone saved in
 * between, nothing is saved and it is refused as a conflict (CW_CONFLICT). An NHS number already on someone
 * else's record is refused (NhsNumberInUse). The saved details are read first to say which fields changed in
 * the access log.
 */
export async function saveDetails(
  data: Data,
  personId: string,
  version: string,
  change: DetailsChange,
): Promise<'saved' | 'unchanged'> {
  const saved = await data.read(personId, 'details', 'Your details, checked before saving a change', ({ people }) =>
    people.details(),
  );
  if (saved.version !== version) throw conflict();
  const changed = changedDetailFields(saved, change);
  if (!changed.length) return 'unchanged';
  await data.write(personId, 'details', `Your details: ${changed.join(', ')}`, async ({ people }) => {
    // Thrown inside the write, so the transaction rolls back and nothing is logged as changed.
    if (!(await people.updateDetails(saved.version, change).catch(refuseNhsNumberClash))) throw conflict();
  });
  return 'saved';
}
