import type { Db } from '../../db/database.ts';

// Notices to the person: what staff did about their record (a sharing choice recorded, a care-team place added,
// an invitation sent). Each account that opens the record (their own, and those acting for them) sees a notice
// until that account has marked it seen.

/** The notices this account has not yet seen, oldest first. */
const unseenNotices = (db: Db, personId: string, accountId: string) =>
  db
    .selectFrom('person_notice')
    .select(['id', 'message', 'created_at'])
    .where('person_id', '=', personId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('person_notice_seen')
            .select('notice_id')
            .where('person_notice_seen.person_id', '=', personId)
            .whereRef('person_notice_seen.notice_id', '=', 'person_notice.id')
            .where('person_notice_seen.person_account_id', '=', accountId),
        ),
      ),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export type PersonNotice = Awaited<ReturnType<typeof unseenNotices>>[number];

/** Marks one notice seen by one account; false when there is no such notice or it was seen already. */
async function markNoticeSeen(db: Db, personId: string, noticeId: string, accountId: string, at: Date) {
  const notice = await db
    .selectFrom('person_notice')
    .select('id')
    .where('person_id', '=', personId)
    .where('id', '=', noticeId)
    .executeTakeFirst();
  if (!notice) return false;
  const result = await db
    .insertInto('person_notice_seen')
    .values({ person_id: personId, notice_id: noticeId, person_account_id: accountId, seen_at: at })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The notice functions of the people store, bound to one person. */
export const bindNoticeStore = (db: Db, personId: string) => ({
  addNotice: (notice: { id: string; message: string; created_at: Date }) =>
    db
      .insertInto('person_notice')
      .values({ ...notice, person_id: personId })
      .execute(),
  unseenNotices: (accountId: string) => unseenNotices(db, personId, accountId),
  markNoticeSeen: (noticeId: string, accountId: string, at: Date) =>
    markNoticeSeen(db, personId, noticeId, accountId, at),
});
