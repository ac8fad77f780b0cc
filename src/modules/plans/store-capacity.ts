import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

// Capacity assessments (Mental Capacity Act 2005) recorded for a person's plan agreements: added, never changed.

export type CapacityAssessment = Selectable<Database['capacity_assessment']>;

/** The capacity assessment store for one person, spread into the plan store. */
export const bindCapacityStore = (db: Db, personId: string) => ({
  insertCapacityAssessment: (row: Omit<Insertable<Database['capacity_assessment']>, 'person_id'>) =>
    db
      .insertInto('capacity_assessment')
      .values({ ...row, person_id: personId })
      .execute(),
  /** The assessments with these ids. */
  capacityAssessments: async (ids: readonly string[]): Promise<CapacityAssessment[]> =>
    ids.length
      ? db
          .selectFrom('capacity_assessment')
          .selectAll()
          .where('person_id', '=', personId)
          .where('id', 'in', ids)
          .execute()
      : [],
});
