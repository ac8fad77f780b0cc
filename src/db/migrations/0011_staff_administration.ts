import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * An ODS code names one organisation, so two platform administrators adding the same one at the same moment
 * cannot both succeed. A database that already holds a code twice stops here with a message saying so.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `do $$
     declare shared integer;
     begin
       select count(*) into shared from (
         select ods_code from organisation where ods_code is not null group by ods_code having count(*) > 1) as twice;
       if shared > 0 then
         raise exception '% ODS codes are each on more than one organisation. Correct those organisations, then start again.', shared;
       end if;
     end $$`,
    `create unique index organisation_ods_code on organisation (ods_code) where ods_code is not null`,
  ]);
}
