import { z } from 'zod';
import type { DetailsChange } from '../record-changes.ts';
import { dateBoxes, dateField, withDateFields } from '../../../web/date-field.ts';
import { dateOfBirthInput } from '../../../web/date-input.ts';
import { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from '../nhs-number.ts';
import { normalisePostcode } from '../postcode.ts';
import { optionalEmail, optionalPhone, optionalText, requiredText, yesNo } from '../../../web/text-fields.ts';

const nhsNumber = z
  .string()
  .transform((typed) => normaliseNhsNumber(typed.trim()))
  .refine((digits) => digits === '' || /^\d{10}$/.test(digits), 'NHS number must be 10 digits, like 999 000 0018')
  .refine((digits) => digits === '' || isValidNhsNumber(digits), 'Enter a real NHS number: check each of the 10 digits')
  .transform((digits) => (digits === '' ? null : digits));

const postcode = z
  .string()
  .trim()
  .max(10, 'Enter a real postcode, like NB2 4QT')
  .refine((typed) => typed === '' || normalisePostcode(typed) !== undefined, 'Enter a real postcode, like NB2 4QT')
  .transform((typed) => (typed === '' ? null : normalisePostcode(typed)!));

/** Every field of a person's details, each with its rules. `gpPracticeIds` are the practices a person may choose. */
function detailsFields(gpPracticeIds: string[], today: string) {
  const text = z.string().default('');
  return {
    given_name: text.pipe(requiredText('first name', 100)),
    family_name: text.pipe(requiredText('last name', 100)),
    preferred_name: text.pipe(optionalText('preferred name', 100)),
    date_of_birth: dateField(dateOfBirthInput(today)),
    nhs_number: text.pipe(nhsNumber),
    address_line_1: text.pipe(optionalText('address line 1', 200)),
    address_line_2: text.pipe(optionalText('address line 2', 200)),
    town: text.pipe(optionalText('town or city', 100)),
    postcode: text.pipe(postcode),
    phone: text.pipe(optionalPhone),
    email: text.pipe(optionalEmail),
    gp_practice_id: text
      .refine((id) => id === '' || gpPracticeIds.includes(id), 'Select a GP practice from the list')
      .transform((id) => (id === '' ? null : id)),
    language: text.pipe(requiredText('language', 100, 'Enter the language to use')),
    communication_needs: text.pipe(optionalText('communication needs', 1000)),
    interpreter_needed: yesNo('Select yes if an interpreter is needed'),
  };
}

/** The details form. `gpPracticeIds` are the practices a person may choose; `today` is the UK date. */
export function detailsForm(gpPracticeIds: string[], today: string) {
  return withDateFields(['date_of_birth'], z.object(detailsFields(gpPracticeIds, today)));
}

/**
 * Registering a person: their names, date of birth, NHS number (optional) and contact details, by the same rules
 * as the details form. The rest of their details start as the record's defaults and are changed there.
 */
export function registrationForm(today: string) {
  return withDateFields(['date_of_birth'], z.object(detailsFields([], today)).pick(REGISTRATION_FIELDS));
}

const REGISTRATION_FIELDS = {
  given_name: true,
  family_name: true,
  preferred_name: true,
  date_of_birth: true,
  nhs_number: true,
  address_line_1: true,
  address_line_2: true,
  town: true,
  postcode: true,
  phone: true,
  email: true,
} as const;

/** A person to register, as the registration form gives them. */
export type Registration = z.infer<ReturnType<typeof registrationForm>>;

/** The saved details as the form shows them, for a first visit to the edit page. */
export function detailsFormValues(saved: DetailsChange): Record<string, string> {
  return {
    given_name: saved.given_name,
    family_name: saved.family_name,
    preferred_name: saved.preferred_name ?? '',
    ...dateBoxes('date_of_birth', saved.date_of_birth),
    nhs_number: formatNhsNumber(saved.nhs_number),
    address_line_1: saved.address_line_1 ?? '',
    address_line_2: saved.address_line_2 ?? '',
    town: saved.town ?? '',
    postcode: saved.postcode ?? '',
    phone: saved.phone ?? '',
    email: saved.email ?? '',
    gp_practice_id: saved.gp_practice_id ?? '',
    language: saved.language,
    communication_needs: saved.communication_needs ?? '',
    interpreter_needed: saved.interpreter_needed ? 'yes' : 'no',
  };
}
