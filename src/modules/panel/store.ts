import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

// Queries of the panel module's own tables, bound to one person by bindPanelStore. Rows are only ever added.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

export function bindPanelStore(db: Db, personId: string) {
  return {
    /** Every case sent to a panel about the person, newest first. */
    submissions: () =>
      db
        .selectFrom('panel_submission')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('submitted_at', 'desc')
        .execute(),
    /** Every decision, newest first. */
    decisions: () =>
      db
        .selectFrom('panel_decision')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('decided_at', 'desc')
        .execute(),
    /** Every request to look at a decision again, newest first. */
    reconsiderations: () =>
      db
        .selectFrom('panel_reconsideration')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('asked_at', 'desc')
        .execute(),
    insertSubmission: (row: Bound<'panel_submission'>) =>
      db
        .insertInto('panel_submission')
        .values({ ...row, person_id: personId })
        .execute(),
    insertDecision: (row: Bound<'panel_decision'>) =>
      db
        .insertInto('panel_decision')
        .values({ ...row, person_id: personId })
        .execute(),
    insertReconsideration: (row: Bound<'panel_reconsideration'>) =>
      db
        .insertInto('panel_reconsideration')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}

export type PanelStore = ReturnType<typeof bindPanelStore>;
export type PanelSubmission = Database['panel_submission'];
export type PanelDecision = Database['panel_decision'];
export type PanelReconsideration = Database['panel_reconsideration'];

/** The organisations that have a panel: at least one member of staff with the panel member role and an open account. */
export const createPanelReference = (db: Db) => ({
  panels: () =>
    db
      .selectFrom('organisation')
      .select(['organisation.id', 'organisation.name'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('staff_account')
            .select('staff_account.id')
            .whereRef('staff_account.organisation_id', '=', 'organisation.id')
            .where('staff_account.role', '=', 'panel_member')
            .where('staff_account.disabled_at', 'is', null),
        ),
      )
      .orderBy('organisation.name')
      .execute(),
  /** The open accounts of an organisation's panel members, to tell them a case has come. */
  panelMembers: async (organisationId: string) =>
    (
      await db
        .selectFrom('staff_account')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('role', '=', 'panel_member')
        .where('disabled_at', 'is', null)
        .execute()
    ).map((row) => row.id),
});

export type PanelReference = ReturnType<typeof createPanelReference>;
