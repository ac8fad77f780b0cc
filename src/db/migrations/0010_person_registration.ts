import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * People registered in the service. An NHS number names one person, so two records can never hold the same one,
 * even when two practitioners register the same person at the same moment. A database that already holds a
 * number twice stops here with a message saying so, rather than losing either record. Finding a likely
 * duplicate by name and date of birth has its own index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `do $$
     declare shared integer;
     begin
       select count(*) into shared from (
         select nhs_number from person where nhs_number is not null group by nhs_number having count(*) > 1) as twice;
       if shared > 0 then
         raise exception '% NHS numbers are each on more than one person''s record. Correct those records, then start again.', shared;
       end if;
     end $$`,
    `drop index person_nhs_number`,
    `create unique index person_nhs_number on person (nhs_number) where nhs_number is not null`,
    `create index person_birth_and_name on person (date_of_birth, lower(family_name))`,
  ]);
}
