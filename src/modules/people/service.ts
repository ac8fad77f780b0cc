import type { DutiesOf } from '../../data/place-duties.ts';
import { aboutMeForEditing, saveAboutMe, showAboutMe } from './about-me-service.ts';
import { createCircleService } from './circle-service.ts';
import { detailsForEditing, saveDetails, showDetails } from './details-service.ts';
import { recordOverview } from './records-service.ts';
import type { PeopleReference } from './store.ts';
import type { PeopleStores } from './stores.ts';

/**
 * The person record: details, About me, contacts and circle of support. Every function that touches a
 * person's record takes the request's data context; `reference` holds the lists that are about nobody.
 */
export function createPeopleService<S extends PeopleStores>(deps: {
  reference: PeopleReference;
  dutiesOf: DutiesOf<S>;
}) {
  return {
    recordOverview,
    details: { show: showDetails, forEditing: detailsForEditing, save: saveDetails },
    aboutMe: { show: showAboutMe, forEditing: aboutMeForEditing, save: saveAboutMe },
    circle: createCircleService(deps.dutiesOf),
    /** The GP practices a person may choose. */
    gpPractices: () => deps.reference.gpPractices(),
  };
}

export type PeopleService<S extends PeopleStores = PeopleStores> = ReturnType<typeof createPeopleService<S>>;
