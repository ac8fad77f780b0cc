import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/** The tables staff_access_facts reads (migration 0029), and which changes to each can change what it answers. */
const DECIDING_TABLES: Record<string, string> = {
  person: 'insert or delete or truncate',
  care_team_member: 'insert or update or delete or truncate',
  sharing_choice: 'insert or update or delete or truncate',
  break_glass_grant: 'insert or update or delete or truncate',
  referral: 'insert or update or delete or truncate',
};

/**
 * The access stamp: a number that moves, in the same commit, with every change to what a member of staff's access is
 * decided on. Each request reads it with its session (src/db/access-stamp.ts), and facts read under one stamp are
 * reused by later requests that read the same one (src/modules/access/facts-cache.ts): the next request to start
 * after a change commits reads a new stamp, on this server or any other, and decides afresh.
 *
 * A transaction moves it once, from its first statement that changes one of those tables (a statement-level trigger,
 * so a batch of a thousand rows costs one call), and holds the stamp's row from then until it commits: two such
 * transactions take turns from that point. They are the rarer writes (care teams, sharing choices, emergency access,
 * referrals, people added or removed). The table's comment marks it as derived, so a backup leaves it out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table access_stamp (
       only_row boolean primary key default true check (only_row),
       stamp bigint not null
     )`,
    `comment on table access_stamp is 'Derived: moves with every change to what access to records is decided on'`,
    `insert into access_stamp (stamp) values (1)`,
    `create function move_access_stamp() returns trigger language plpgsql as $body$
     begin
       if current_setting('careweave.access_stamp_moved', true) is distinct from 'yes' then
         update access_stamp set stamp = stamp + 1;
         perform set_config('careweave.access_stamp_moved', 'yes', true);
       end if;
       return null;
     end
     $body$`,
    ...Object.entries(DECIDING_TABLES).map(
      ([table, changes]) =>
        `create trigger ${table}_moves_access_stamp after ${changes} on ${table}
           for each statement execute function move_access_stamp()`,
    ),
  ]);
}
