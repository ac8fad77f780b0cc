import type { PersonData } from '../../data/person-data.ts';
import { newId } from '../../ids.ts';
import type { PeopleStores } from './stores.ts';

// Notices tell the person, and each account acting for them, what staff did about their record (a sharing choice
// recorded, a care-team place added or ended, an invitation sent) until that account has seen it. Any module may
// add one inside the work of the write that did the thing, so the notice and the change stand or fall together.

/** Adds a notice about the person's record. Call it inside the write whose change it tells of. */
export const addPersonNotice = (stores: PeopleStores, message: string, now: Date): Promise<unknown> =>
  stores.people.addNotice({ id: newId(), message, created_at: now });

/**
 * Notices are about who may see and change the record, so they are read as the sharing part is: by the person
 * and their representatives, not by staff or by circle members who only see what is shared with them.
 */
const NOTICE_PART = 'sharing' as const;

/** The notices this account has not seen, for each of these records it may read them on; records with none are left out (and not logged). */
export const unseenNotices = (data: PersonData<PeopleStores>, personIds: readonly string[], accountId: string) =>
  data.list(personIds, NOTICE_PART, 'Notices about your record, on your home page', async ({ people }) => {
    const notices = await people.unseenNotices(accountId);
    return notices.length ? notices : undefined;
  });

/** Marks one notice seen by this account; false when there is no such notice, or it was already seen. */
export const markNoticeSeen = (
  data: PersonData<PeopleStores>,
  personId: string,
  noticeId: string,
  accountId: string,
  now: Date,
) =>
  data.readAndRecordSeen(personId, NOTICE_PART, 'A notice about your record, marked as seen', ({ people }) =>
    people.markNoticeSeen(noticeId, accountId, now),
  );
