import type { Db } from '../../db/database.ts';
import type { AccessPart } from '../../data/person-data.ts';

// Referrals: one part of a person's record opened to another organisation's staff for as long as the referral is
// open (the case sent to an organisation's panel, a referral to a community service). The access facts function reads
// the open ones (migrations 0018 and 0025): those past their last day count as closed.

type ReferredPart = Extract<AccessPart, 'panel_case' | 'community_referral'>;

/** The referrals of one person: opened by the work that needs them, closed when it is done. */
export function bindReferrals(db: Db, personId: string) {
  return {
    /** Opens `part` to the organisation, unless a referral of it is open already. */
    openReferral: async (
      organisationId: string,
      part: ReferredPart,
      by: { id: string; name: string },
      at: Date,
      id: string,
    ) => {
      const open = await db
        .selectFrom('referral')
        .select('id')
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .where('part', '=', part)
        .where('closed_at', 'is', null)
        .executeTakeFirst();
      if (open) return;
      await db
        .insertInto('referral')
        .values({
          person_id: personId,
          id,
          organisation_id: organisationId,
          part,
          opened_by_id: by.id,
          opened_by_name: by.name,
          opened_at: at,
          closed_at: null,
        })
        .execute();
    },
    /** Closes the open referral of `part` to the organisation: its staff no longer reach it. */
    closeReferral: (organisationId: string, part: ReferredPart, at: Date) =>
      db
        .updateTable('referral')
        .set({ closed_at: at })
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .where('part', '=', part)
        .where('closed_at', 'is', null)
        .execute(),
    /**
     * Opens a community referral to the service's organisation until the last day the person chose: one row for each
     * referral (its own id), so each ends on its own day and closes on its own.
     */
    openCommunityReferral: (
      id: string,
      organisationId: string,
      untilDate: string,
      by: { id: string; name: string },
      at: Date,
    ) =>
      db
        .insertInto('referral')
        .values({
          person_id: personId,
          id,
          organisation_id: organisationId,
          part: 'community_referral',
          opened_by_id: by.id,
          opened_by_name: by.name,
          opened_at: at,
          closed_at: null,
          until_date: untilDate,
        })
        .execute(),
    /** Closes one referral by its id (declined, ended or withdrawn); nothing when it is closed already. */
    closeReferralById: (id: string, at: Date) =>
      db
        .updateTable('referral')
        .set({ closed_at: at })
        .where('person_id', '=', personId)
        .where('id', '=', id)
        .where('closed_at', 'is', null)
        .execute(),
  };
}

/** The people with `part` open to an organisation, ids only, oldest referral first: where its queue starts. */
export const peopleReferredTo = (db: Db, organisationId: string, part: ReferredPart) =>
  db
    .selectFrom('referral')
    .select(['person_id', 'opened_at'])
    .where('organisation_id', '=', organisationId)
    .where('part', '=', part)
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .execute();
