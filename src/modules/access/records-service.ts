import type { PersonData } from '../../data/person-data.ts';
import { NAME_PARTS, unseenNotices } from '../people/index.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';
import type { InboxItem, Recipient } from '../notifications/index.ts';

/** An account's unread notifications about one record, newest first (the notifications module's). */
export type NewNotificationsAbout = (recipient: Recipient, personId: string) => Promise<InboxItem[]>;

/** How far back a person is told about emergency access to their record on their home page. */
export const EMERGENCY_NOTICE_DAYS = 90;

/**
 * The records a signed-in account may open: their own and those of people they act for or support. Only records
 * with something readable are listed; each name is read through the access check, and so is the notice of
 * emergency access shown to the person on their own record.
 */
export async function recordsForAccount(
  data: PersonData<AccessStores>,
  reference: AccessReference,
  accountId: string,
  now: Date,
  newNotificationsAbout?: NewNotificationsAbout,
) {
  const since = new Date(now.getTime() - EMERGENCY_NOTICE_DAYS * 86_400_000);
  const records = [];
  for (const link of await reference.accountLinks(accountId)) {
    const own = link.acting_as === 'self';
    const summary = own ? 'Your name, on your home page' : 'Your name, in the list of records they can open';
    const [listed] = await data.list([link.person_id], NAME_PARTS, summary, async ({ people }, decision) => ({
      name: await people.name(),
      // Someone who may change the record acts for the person; others see only what is shared with them.
      actsFor: !own && decision.may('details', 'write'),
      mayReadLog: decision.may('access_log'),
    }));
    if (!listed) continue;
    const emergencyAccess =
      own && listed.shown.mayReadLog
        ? await data.read(
            link.person_id,
            'access_log',
            `Emergency access to your record in the last ${EMERGENCY_NOTICE_DAYS} days, on your home page`,
            ({ access }) => access.emergencyAccessSince(since),
          )
        : [];
    // Notices of what staff did: for the person and those acting for them; listed (and logged) only when there are some.
    const [notices] = own || listed.shown.actsFor ? await unseenNotices(data, [link.person_id], accountId) : [];
    // What is new since their last visit: their unread notifications about the record (their own inbox's rows).
    const news =
      (own || listed.shown.actsFor) && newNotificationsAbout
        ? await newNotificationsAbout({ kind: 'citizen', accountId }, link.person_id)
        : [];
    records.push({
      personId: link.person_id,
      name: listed.shown.name,
      own,
      actsFor: listed.shown.actsFor,
      emergencyAccess,
      notices: notices?.shown ?? [],
      news,
    });
  }
  // Their own record first, then others by name.
  return records.sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name, 'en-GB'));
}
