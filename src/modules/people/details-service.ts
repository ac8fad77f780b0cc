import type { PersonDataContext } from '../access/index.ts';
import { changedDetailFields, type DetailsChange } from './details-form.ts';
import { fullName } from './names.ts';
import * as store from './store.ts';

export type SaveOutcome = 'saved' | 'unchanged' | 'conflict';

/** Thrown inside the write so the transaction rolls back and nothing is logged as changed. */
class StaleDetails extends Error {}

export async function showDetails(data: PersonDataContext, personId: string, summary = 'Your details') {
  const details = await data.read(personId, 'details', summary, (trx) => store.personDetails(trx, personId));
  return { name: fullName(details), details, mayChange: await data.may(personId, 'details', 'write') };
}

/** The saved details to fill in the edit form, or undefined when the actor may not change them. */
export async function detailsForEditing(data: PersonDataContext, personId: string) {
  await data.require(personId, 'details', 'write', 'Your details, opened to change them');
  return data.read(personId, 'details', 'Your details, opened to change them', (trx) => store.personDetails(trx, personId));
}

/**
 * Saves a change to the details, but only over the version the editor started from: if someone saved
 * in between, nothing is saved and the answer is 'conflict'. The saved details are read first to say
 * which fields changed in the access log.
 */
export async function saveDetails(data: PersonDataContext, personId: string, version: string, change: DetailsChange): Promise<SaveOutcome> {
  const saved = await data.read(personId, 'details', 'Your details, checked before saving a change', (trx) => store.personDetails(trx, personId));
  if (saved.version !== version) return 'conflict';
  const changed = changedDetailFields(saved, change);
  if (!changed.length) return 'unchanged';
  try {
    await data.write(personId, 'details', `Your details: ${changed.join(', ')}`, async (trx) => {
      if (!(await store.updateDetails(trx, personId, saved.version, change))) throw new StaleDetails();
    });
  } catch (error) {
    if (error instanceof StaleDetails) return 'conflict';
    throw error;
  }
  return 'saved';
}
