import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { TaskPart } from './tables-tasks.ts';

// Queries of the teamwork module's tasks tables, bound to one person by bindTaskStore. Rows are only ever added: a
// task's state is its newest event.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;
export type Task = Database['task'];
export type TaskEvent = Database['task_event'];
/** A task as it stands: what it is, with its newest event. */
export type TaskNow = Task & { current: TaskEvent };

const OPEN = ['to_do', 'in_progress', 'delayed'] as const;

/** The newest event of each task (about these people, or these tasks), as a subquery. */
const newestEvents = (db: Db) =>
  db
    .selectFrom('task_event')
    .selectAll()
    .distinctOn(['person_id', 'task_id'])
    .orderBy('person_id')
    .orderBy('task_id')
    .orderBy('number', 'desc');

async function tasksNow(db: Db, personId: string, ids?: readonly string[]): Promise<TaskNow[]> {
  if (ids?.length === 0) return [];
  const [tasks, events] = await Promise.all([
    db
      .selectFrom('task')
      .selectAll()
      .where('person_id', '=', personId)
      .$if(ids !== undefined, (query) => query.where('id', 'in', ids!))
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    newestEvents(db)
      .where('person_id', '=', personId)
      .$if(ids !== undefined, (query) => query.where('task_id', 'in', ids!))
      .execute(),
  ]);
  const byTask = new Map(events.map((event) => [event.task_id, event]));
  return tasks.flatMap((task) => {
    const current = byTask.get(task.id);
    return current ? [{ ...task, current }] : [];
  });
}

export function bindTaskStore(db: Db, personId: string) {
  return {
    /** Every task about the person, as each stands now (or only those with these ids). */
    tasks: (ids?: readonly string[]) => tasksNow(db, personId, ids),
    /** One task as it stands, with its whole history oldest first; undefined when it is not this person's. */
    async task(taskId: string) {
      const [task] = await tasksNow(db, personId, [taskId]);
      if (!task) return undefined;
      const history = await db
        .selectFrom('task_event')
        .selectAll()
        .where('person_id', '=', personId)
        .where('task_id', '=', taskId)
        .orderBy('number')
        .execute();
      return { ...task, history };
    },
    /** Every event of every task, oldest first, with the task's title and part: for the timeline. */
    allEvents: () =>
      db
        .selectFrom('task_event')
        .innerJoin('task', (join) =>
          join.onRef('task.person_id', '=', 'task_event.person_id').onRef('task.id', '=', 'task_event.task_id'),
        )
        .selectAll('task_event')
        .select(['task.title', 'task.part'])
        .where('task_event.person_id', '=', personId)
        .orderBy('task_event.at')
        .execute(),
    insertTask: (row: Bound<'task'>) =>
      db
        .insertInto('task')
        .values({ ...row, person_id: personId })
        .execute(),
    /** Adds an event. Two events numbered alike for one task collide on the primary key: the second fails. */
    insertEvent: (row: Bound<'task_event'>) =>
      db
        .insertInto('task_event')
        .values({ ...row, person_id: personId })
        .execute(),
    /** Those of these staff accounts that are open (not closed). Identity's reference table, for naming owners. */
    openStaffAccounts: async (ids: readonly string[]): Promise<Set<string>> =>
      new Set(
        ids.length
          ? (
              await db
                .selectFrom('staff_account')
                .select('id')
                .where('id', 'in', ids)
                .where('disabled_at', 'is', null)
                .execute()
            ).map((row) => row.id)
          : [],
      ),
    /** The team's notes, oldest first. */
    notes: () =>
      db.selectFrom('team_note').selectAll().where('person_id', '=', personId).orderBy('written_at').execute(),
    insertNote: (row: Bound<'team_note'>) =>
      db
        .insertInto('team_note')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}

/** Which tasks a list of many people's tasks starts from. */
export type TaskListQuery = { ownerStaffId?: string; ownerOrganisationId?: string; dueBefore?: string };
/** A task in such a list, ids only (its record is read through the data context). */
export type TaskRef = { person_id: string; task_id: string; part: TaskPart };

/**
 * Ids only, for lists about many people: the open tasks owned by a member of staff, or by an organisation or any of
 * its staff, optionally only those due before a day; soonest due first.
 */
export function createTaskReference(db: Db) {
  return {
    openTasks: async (query: TaskListQuery): Promise<TaskRef[]> =>
      db
        .selectFrom(newestEvents(db).as('now'))
        .innerJoin('task', (join) =>
          join.onRef('task.person_id', '=', 'now.person_id').onRef('task.id', '=', 'now.task_id'),
        )
        .select(['now.person_id', 'now.task_id', 'task.part'])
        .where('now.status', 'in', OPEN)
        .$if(query.ownerStaffId !== undefined, (q) =>
          q.where('now.owner_kind', '=', 'staff').where('now.owner_id', '=', query.ownerStaffId!),
        )
        .$if(query.ownerOrganisationId !== undefined, (q) =>
          q.where('now.owner_organisation_id', '=', query.ownerOrganisationId!),
        )
        .$if(query.dueBefore !== undefined, (q) => q.where('now.due_on', '<', query.dueBefore!))
        .orderBy(sql`now.due_on nulls last`)
        .orderBy('now.person_id')
        .orderBy('now.task_id')
        .execute(),
  };
}

export type TaskStore = ReturnType<typeof bindTaskStore>;
export type TaskReference = ReturnType<typeof createTaskReference>;
