// What other modules may use from people: how a person is named, and NHS number rules.
export { fullName, writerName } from './names.ts';
export { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';
