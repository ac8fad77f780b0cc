import type { Selectable } from 'kysely';
import type { PeopleTables } from './tables.ts';

/** The person's details as the edit form saves them: the same names as the columns of `person`. */
export type DetailsChange = Omit<Selectable<PeopleTables['person']>, 'person_id' | 'created_at' | 'updated_at'>;

/** How each field is named when telling the person what changed. */
export const DETAIL_FIELD_NAMES: Record<keyof DetailsChange, string> = {
  given_name: 'first name',
  family_name: 'last name',
  preferred_name: 'preferred name',
  date_of_birth: 'date of birth',
  nhs_number: 'NHS number',
  address_line_1: 'address',
  address_line_2: 'address',
  town: 'town or city',
  postcode: 'postcode',
  phone: 'phone number',
  email: 'email address',
  gp_practice_id: 'GP practice',
  language: 'language',
  communication_needs: 'communication needs',
  interpreter_needed: 'interpreter',
};

/** The plain names of the fields that differ, each once, in form order: 'phone number, email address'. */
export function changedDetailFields(saved: DetailsChange, next: DetailsChange): string[] {
  const names = (Object.keys(DETAIL_FIELD_NAMES) as (keyof DetailsChange)[])
    .filter((field) => (saved[field] ?? null) !== (next[field] ?? null))
    .map((field) => DETAIL_FIELD_NAMES[field]);
  return [...new Set(names)];
}

/** A new member of the circle of support, as the service saves them: the columns of `circle_member` it is given. */
export type CircleMemberChange = Pick<
  Selectable<PeopleTables['circle_member']>,
  | 'name'
  | 'relationship'
  | 'kind'
  | 'phone'
  | 'email'
  | 'may_act_for_person'
  | 'authority'
  | 'authority_type'
  | 'authority_reference'
  | 'authority_from'
  | 'authority_until'
>;
