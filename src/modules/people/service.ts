import type { Db } from '../../db/database.ts';
import { aboutMeForEditing, saveAboutMe, showAboutMe } from './about-me-service.ts';
import { addCircleMember, circleMemberToEnd, endCircleMembership, nameForCircleChange, showContacts } from './circle-service.ts';
import { detailsForEditing, saveDetails, showDetails } from './details-service.ts';
import { recordOverview, recordsForAccount } from './records-service.ts';
import * as store from './store.ts';

/**
 * The person record: details, About me, contacts and circle of support. Every function that touches a
 * person's record takes the request's access-checked data context; nothing here reaches person data
 * any other way.
 */
export function createPeopleService() {
  return {
    recordsForAccount,
    recordOverview,
    details: { show: showDetails, forEditing: detailsForEditing, save: saveDetails },
    aboutMe: { show: showAboutMe, forEditing: aboutMeForEditing, save: saveAboutMe },
    circle: { show: showContacts, nameForAdding: nameForCircleChange, add: addCircleMember, memberToEnd: circleMemberToEnd, end: endCircleMembership },
    /** The GP practices a person may choose: not person data, so read with the main database. */
    gpPractices: (db: Db) => store.gpPractices(db),
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
