// What other modules and the app may use from people: how a person is named, NHS number rules, the store the data
// context binds to one person, reference lists, and the query parts access decides on.
export { fullName, writerName } from './names.ts';
export { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, normaliseNhsNumber } from './nhs-number.ts';
export { NAME_PARTS } from './records-service.ts';
export { NHS_NUMBER_IN_USE, NhsNumberInUse, refuseNhsNumberClash } from './nhs-number-in-use.ts';
export { registrationForm, type Registration } from './routes/details-form.ts';
export {
  bindPeopleStore,
  circleStandingJson,
  createPeopleReference,
  type CircleStanding,
  personExistsCondition,
  type PeopleReference,
  type PeopleStore,
} from './store.ts';
export { createPeopleService, type PeopleService } from './service.ts';
export { addPersonNotice, markNoticeSeen, unseenNotices } from './notice-service.ts';
export { addToAboutMe } from './about-me-service.ts';
export { aboutMeHeading } from './about-me-headings.ts';
export { authorityCovers, authorityInForce, authorityTypeName, type AuthorityScope } from './authority.ts';
export type { PersonNotice } from './store-notices.ts';
export { registerPeopleRoutes } from './routes.ts';
export { detailsForDisplay } from './details-view.ts';
export { ABOUT_ME_HEADINGS } from './about-me-headings.ts';
