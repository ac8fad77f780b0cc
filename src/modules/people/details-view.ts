import { formatNhsNumber } from './nhs-number.ts';
import { fullName } from './names.ts';
import type { PersonDetails } from './store.ts';

/** The saved details, ready to show: formatted, with empty fields left out of lists. */
export function detailsForDisplay(details: PersonDetails) {
  return {
    name: fullName(details),
    preferredName: details.preferred_name,
    dateOfBirth: details.date_of_birth,
    nhsNumber: details.nhs_number ? formatNhsNumber(details.nhs_number) : null,
    addressLines: [details.address_line_1, details.address_line_2, details.town, details.postcode].filter(
      (line): line is string => Boolean(line),
    ),
    phone: details.phone,
    email: details.email,
    gpPractice: details.gp_practice_name,
    language: details.language,
    communicationNeeds: details.communication_needs,
    interpreterNeeded: details.interpreter_needed,
    updatedAt: details.updated_at,
  };
}
