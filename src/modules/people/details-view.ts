import { formatNhsNumber } from './nhs-number.ts';
import { fullName } from './names.ts';
import type { PersonDetails, PersonSummary } from './store.ts';

/** Who the person is, ready to show: what the details card shows when it is not `full`. */
export function summaryForDisplay(summary: PersonSummary) {
  return {
    name: fullName(summary),
    preferredName: summary.preferred_name,
    dateOfBirth: summary.date_of_birth,
    nhsNumber: summary.nhs_number ? formatNhsNumber(summary.nhs_number) : null,
  };
}

/** The saved details, ready to show: formatted, with empty fields left out of lists. */
export function detailsForDisplay(details: PersonDetails) {
  return {
    ...summaryForDisplay(details),
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
