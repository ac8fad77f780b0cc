// What other modules and the app may use from people: how a person is named, NHS number rules, the store the data
// context binds to one person, reference lists, and the query parts access decides on.
export { fullName, writerName } from './names.ts';
export { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, normaliseNhsNumber } from './nhs-number.ts';
export { NAME_PARTS } from './records-service.ts';
export {
  bindPeopleStore,
  circleStandingJson,
  createPeopleReference,
  personExistsCondition,
  type PeopleReference,
  type PeopleStore,
} from './store.ts';
export { createPeopleService, type PeopleService } from './service.ts';
export { registerPeopleRoutes } from './routes.ts';
