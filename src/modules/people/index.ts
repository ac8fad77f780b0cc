// What other modules may use from people: how a person is named, NHS number rules, and names to show
// beside their own data (read in the transaction the data context handed them).
export { fullName, writerName } from './names.ts';
export { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';
export { circleNamesById, currentCircle, personFullName, type CircleName } from './lookups.ts';
