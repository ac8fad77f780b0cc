import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { BlockerReason } from './episode-steps.ts';

// Queries of the teamwork module's episodes tables, bound to one person. Joins reach only identity's reference
// tables (staff and organisations), to name who is responsible and how to reach them.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

const episodes = (db: Db, personId: string) =>
  db
    .selectFrom('episode')
    .innerJoin('organisation', 'organisation.id', 'episode.organisation_id')
    .leftJoin('episode_closure', (join) =>
      join
        .onRef('episode_closure.person_id', '=', 'episode.person_id')
        .onRef('episode_closure.episode_id', '=', 'episode.id'),
    )
    .select([
      'episode.person_id',
      'episode.id',
      'episode.organisation_id',
      'organisation.name as organisation_name',
      'episode.place_name',
      'episode.admitted_on',
      'episode.expected_discharge_on',
      'episode.follow_up_hours',
      'episode.started_by_name',
      'episode.started_at',
      'episode_closure.closed_on',
      'episode_closure.how_it_ended',
      'episode_closure.closed_by_name',
      'episode_closure.closed_at',
    ])
    .where('episode.person_id', '=', personId)
    .orderBy('episode.started_at', 'desc')
    .orderBy('episode.id', 'desc')
    .execute();

export type EpisodeRow = Awaited<ReturnType<typeof episodes>>[number];

/** Every change to the steps of one episode, oldest first, with who is named and how to reach them. */
const stepEvents = (db: Db, personId: string, episodeId: string) =>
  db
    .selectFrom('episode_step_event')
    .leftJoin('staff_account', 'staff_account.id', 'episode_step_event.responsible_id')
    .leftJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'episode_step_event.id',
      'episode_step_event.step',
      'episode_step_event.status',
      'episode_step_event.responsible_id',
      'episode_step_event.expected_on',
      'episode_step_event.note',
      'episode_step_event.recorded_by_name',
      'episode_step_event.recorded_at',
      'staff_account.display_name as responsible_name',
      'staff_account.job_title as responsible_job_title',
      'staff_account.work_phone as responsible_phone',
      'organisation.name as responsible_organisation',
    ])
    .where('episode_step_event.person_id', '=', personId)
    .where('episode_step_event.episode_id', '=', episodeId)
    .orderBy('episode_step_event.recorded_at')
    .orderBy('episode_step_event.id')
    .execute();

export type StepEventRow = Awaited<ReturnType<typeof stepEvents>>[number];

const blockers = (db: Db, personId: string, episodeId?: string) =>
  db
    .selectFrom('episode_blocker')
    .selectAll()
    .where('person_id', '=', personId)
    .$if(episodeId !== undefined, (query) => query.where('episode_id', '=', episodeId!))
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();

export type BlockerRow = Awaited<ReturnType<typeof blockers>>[number];

export function bindEpisodeStore(db: Db, personId: string) {
  const insert = <T extends 'episode' | 'episode_step_event' | 'episode_blocker' | 'episode_ward_place'>(
    table: T,
    rows: Bound<T>[],
  ) =>
    rows.length
      ? db
          .insertInto(table)
          .values(rows.map((row) => ({ ...row, person_id: personId })) as never)
          .execute()
      : Promise.resolve([]);
  return {
    /** Every episode of the person, newest first, with how it ended when it has. */
    episodes: () => episodes(db, personId),
    stepEvents: (episodeId: string) => stepEvents(db, personId, episodeId),
    /** The blockers of one episode, or of all of them, oldest first. */
    blockers: (episodeId?: string) => blockers(db, personId, episodeId),
    /** The care-team places the episode gave the ward staff. */
    wardPlaces: async (episodeId: string): Promise<string[]> =>
      (
        await db
          .selectFrom('episode_ward_place')
          .select('care_team_member_id')
          .where('person_id', '=', personId)
          .where('episode_id', '=', episodeId)
          .execute()
      ).map((row) => row.care_team_member_id),
    insertEpisode: (row: Bound<'episode'>) => insert('episode', [row]),
    insertWardPlaces: (rows: Bound<'episode_ward_place'>[]) => insert('episode_ward_place', rows),
    insertStepEvents: (rows: Bound<'episode_step_event'>[]) => insert('episode_step_event', rows),
    insertBlocker: (row: Bound<'episode_blocker'>) => insert('episode_blocker', [row]),
    /** Closes an episode once: false when it was closed already, and nothing changes. */
    insertClosure: async (row: Bound<'episode_closure'>): Promise<boolean> => {
      const result = await db
        .insertInto('episode_closure')
        .values({ ...row, person_id: personId })
        .onConflict((conflict) => conflict.columns(['person_id', 'episode_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}

/** The episodes of these people, with whether each is still open. */
const episodesOf = (personIds: readonly string[]) =>
  sql`(select e.person_id, e.id,
         not exists (select 1 from episode_closure c where c.person_id = e.person_id and c.episode_id = e.id) as open
       from episode e where e.person_id = any(${`{${personIds.join(',')}}`}::uuid[]))`;

/**
 * What lists start from, and counts about many people that name none of them: the organisations a stay can be at,
 * their staff, and for a manager's page, how many episodes are open, the delays by reason and follow-ups missed.
 */
export function createEpisodeReference(db: Db) {
  return {
    /** Everyone who has had an episode, ids only: a manager's counts start from them. */
    peopleWithEpisodes: async (): Promise<string[]> =>
      (await db.selectFrom('episode').select('person_id').distinct().orderBy('person_id').execute()).map(
        (row) => row.person_id,
      ),
    /** Hospitals, care homes and community health services a stay can be at. */
    placesOfCare: () =>
      db
        .selectFrom('organisation')
        .select(['id', 'name'])
        .where('kind', 'in', ['nhs_trust', 'hospital_ward', 'care_home', 'community_health'])
        .orderBy('name')
        .execute(),
    /** Practitioners of an organisation whose accounts are open: who can be named as the ward staff. */
    staffOf: (organisationId: string) =>
      db
        .selectFrom('staff_account')
        .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
        .select([
          'staff_account.id',
          'staff_account.organisation_id',
          'staff_account.display_name',
          'staff_account.job_title',
          'organisation.name as organisation_name',
        ])
        .where('staff_account.organisation_id', '=', organisationId)
        .where('staff_account.role', '=', 'practitioner')
        .where('staff_account.disabled_at', 'is', null)
        .orderBy('staff_account.display_name')
        .execute(),
    /**
     * Counts over the episodes of these people, naming none of them: how many are open, the delays by reason, and
     * follow-up calls past their date and not done (closed episodes too: the call comes after leaving).
     */
    async counts(personIds: readonly string[], today: string) {
      if (!personIds.length) return { open: 0, delays: [], followUpsMissed: 0 };
      const all = episodesOf(personIds);
      const [{ rows: openRows }, { rows: delays }, { rows: missed }] = await Promise.all([
        sql<{ n: string }>`select count(*) as n from ${all} o where o.open`.execute(db),
        sql<{
          reason: BlockerReason;
          n: string;
          days: string;
        }>`select b.reason, count(*) as n, sum(b.delay_days) as days
          from episode_blocker b join ${all} o on o.person_id = b.person_id and o.id = b.episode_id
          group by b.reason order by sum(b.delay_days) desc, b.reason`.execute(db),
        sql<{ n: string }>`select count(*) as n from ${all} o
          join lateral (select s.status, s.expected_on from episode_step_event s
                        where s.person_id = o.person_id and s.episode_id = o.id and s.step = 'follow_up'
                        order by s.recorded_at desc, s.id desc limit 1) f on true
          where f.status <> 'done' and f.expected_on < ${today}::date`.execute(db),
      ]);
      return {
        open: Number(openRows[0]?.n ?? 0),
        delays: delays.map((row) => ({ reason: row.reason, count: Number(row.n), days: Number(row.days) })),
        followUpsMissed: Number(missed[0]?.n ?? 0),
      };
    },
  };
}

export type EpisodeStore = ReturnType<typeof bindEpisodeStore>;
export type EpisodeReference = ReturnType<typeof createEpisodeReference>;
