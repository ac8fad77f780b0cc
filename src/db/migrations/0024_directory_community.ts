import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Community mapping: anyone may suggest a new resource or a correction to a listing, or say one has closed or looks
 * out of date; the organisation that looks after the directory (staff in the new role `directory_keeper`) accepts or
 * rejects each suggestion. A decision is its own row, only ever added to, one per suggestion: two keepers deciding
 * the same suggestion at once collide on its key, and the second is told someone else decided first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table staff_account drop constraint staff_account_role_check`,
    `alter table staff_account add constraint staff_account_role_check check (role in (
       'practitioner', 'manager', 'panel_member', 'privacy_officer', 'administrator', 'platform_administrator',
       'directory_keeper'))`,
    // What was suggested (field → the value suggested, for a new resource or a correction). The suggester's e-mail
    // address is personal data, kept only so a keeper can ask a question: it is cleared when the suggestion is
    // decided, which is the only change the table allows.
    `create table directory_suggestion (
       id uuid primary key,
       kind text not null check (kind in ('new', 'correction', 'closed', 'out_of_date')),
       service_id uuid references dir_service (id),
       proposed jsonb not null default '{}'::jsonb,
       note text check (length(note) <= 2000),
       suggester_name text not null check (length(suggester_name) between 1 and 200),
       suggester_email text check (length(suggester_email) <= 254),
       suggested_at timestamptz not null,
       check ((kind = 'new') = (service_id is null))
     )`,
    `create index directory_suggestion_time on directory_suggestion (suggested_at)`,
    `create index directory_suggestion_service on directory_suggestion (service_id)`,
    `create function directory_suggestion_only_forget_email() returns trigger language plpgsql as $$
       begin
         if tg_op = 'DELETE' then
           raise exception 'a suggestion is never deleted' using errcode = 'P0001';
         end if;
         if new.suggester_email is not null or (to_jsonb(new) - 'suggester_email') <> (to_jsonb(old) - 'suggester_email') then
           raise exception 'a suggestion only ever has its e-mail address cleared' using errcode = 'P0001';
         end if;
         return new;
       end
     $$`,
    `create trigger directory_suggestion_only_forget_email before update or delete on directory_suggestion
       for each row execute function directory_suggestion_only_forget_email()`,
    `create table directory_suggestion_decision (
       suggestion_id uuid primary key references directory_suggestion (id),
       outcome text not null check (outcome in ('accepted', 'rejected')),
       reason text check (length(reason) <= 2000),
       service_id uuid references dir_service (id),
       decided_by_id uuid not null references staff_account (id),
       decided_by_name text not null,
       decided_at timestamptz not null,
       check (outcome = 'accepted' or reason is not null)
     )`,
    ...appendOnly('directory_suggestion_decision'),
    // The keepers' list of listings to check, oldest check first.
    `create index dir_service_assured on dir_service (assured_date nulls first)`,
  ]);
}
