import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * The community directory: organisations, services and places in the shape of Open Referral UK (HSDS 3.0, UK
 * profile), one table per HSDS object with its own columns. This is shared reference data, about nobody: no table
 * here carries a person. Every change to a field is kept in `directory_change`, which is only ever added to.
 *
 * Search runs in the database: a text-search vector per service (its words, its organisation's and its taxonomy
 * terms'), a trigram index on names for typos (`pg_trgm`), and each location as a point on the earth in a `cube`
 * with a GiST index, so distance from a postcode is found through the index rather than by reading every place.
 * Both extensions are in PGlite and in PostgreSQL's contrib package, and both are trusted, so the database owner may
 * create them without being a superuser.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create extension if not exists pg_trgm`,
    `create extension if not exists cube`,
    `create table dir_organization (
       id uuid primary key,
       name text not null,
       description text not null,
       email text,
       website text,
       logo text,
       uri text,
       parent_organization_id uuid references dir_organization (id)
     )`,
    `create table dir_organization_identifier (
       id uuid primary key,
       organization_id uuid not null references dir_organization (id),
       identifier_scheme text,
       identifier_type text not null,
       identifier text not null
     )`,
    `create table dir_service (
       id uuid primary key,
       organization_id uuid references dir_organization (id),
       name text not null,
       description text,
       url text,
       email text,
       status text not null check (status in ('active', 'inactive', 'defunct', 'temporarily closed')),
       fees text,
       fees_description text,
       accreditations text,
       eligibility_description text,
       minimum_age integer check (minimum_age between 0 and 150),
       maximum_age integer check (maximum_age between 0 and 150),
       assured_date date,
       assurer_email text,
       alert text,
       last_modified timestamptz,
       search_vector tsvector not null default ''::tsvector,
       check (minimum_age is null or maximum_age is null or minimum_age <= maximum_age)
     )`,
    `create index dir_service_organization on dir_service (organization_id)`,
    `create index dir_service_search on dir_service using gin (search_vector)`,
    `create index dir_service_name_trigram on dir_service using gin (name gin_trgm_ops)`,
    `create table dir_location (
       id uuid primary key,
       location_type text not null check (location_type in ('physical', 'postal', 'virtual')),
       name text,
       description text,
       latitude double precision check (latitude between -90 and 90),
       longitude double precision check (longitude between -180 and 180),
       external_identifier text,
       external_identifier_type text,
       earth cube generated always as (
         case when latitude is not null and longitude is not null then cube(array[
           6371 * cos(radians(latitude)) * cos(radians(longitude)),
           6371 * cos(radians(latitude)) * sin(radians(longitude)),
           6371 * sin(radians(latitude))
         ]) end
       ) stored,
       check ((latitude is null) = (longitude is null))
     )`,
    `create index dir_location_earth on dir_location using gist (earth)`,
    `create table dir_address (
       id uuid primary key,
       location_id uuid not null references dir_location (id),
       attention text,
       address_1 text not null,
       city text not null,
       region text,
       state_province text not null,
       postal_code text not null,
       country text not null,
       address_type text not null
     )`,
    `create index dir_address_location on dir_address (location_id)`,
    `create table dir_accessibility (
       id uuid primary key,
       location_id uuid not null references dir_location (id),
       description text,
       details text,
       url text,
       accessibility text
     )`,
    `create index dir_accessibility_location on dir_accessibility (location_id)`,
    `create table dir_service_at_location (
       id uuid primary key,
       service_id uuid not null references dir_service (id),
       location_id uuid not null references dir_location (id)
     )`,
    `create index dir_service_at_location_service on dir_service_at_location (service_id)`,
    `create index dir_service_at_location_location on dir_service_at_location (location_id)`,
    `create table dir_schedule (
       id uuid primary key,
       service_id uuid references dir_service (id),
       service_at_location_id uuid references dir_service_at_location (id),
       valid_from date,
       valid_to date,
       dtstart date,
       freq text check (freq in ('WEEKLY', 'MONTHLY')),
       interval integer check (interval > 0),
       byday text,
       bymonthday text,
       description text,
       opens_at time,
       closes_at time,
       schedule_link text,
       attending_type text,
       notes text
     )`,
    `create index dir_schedule_service on dir_schedule (service_id)`,
    `create index dir_schedule_service_at_location on dir_schedule (service_at_location_id)`,
    `create table dir_cost_option (
       id uuid primary key,
       service_id uuid not null references dir_service (id),
       valid_from date,
       valid_to date,
       option text,
       amount_pence bigint check (amount_pence >= 0),
       amount_description text
     )`,
    `create index dir_cost_option_service on dir_cost_option (service_id)`,
    `create table dir_language (
       id uuid primary key,
       service_id uuid references dir_service (id),
       phone_id uuid,
       name text,
       code text,
       note text
     )`,
    `create index dir_language_service on dir_language (service_id)`,
    `create table dir_service_area (
       id uuid primary key,
       service_id uuid not null references dir_service (id),
       name text,
       extent text,
       extent_type text,
       uri text,
       service_area text
     )`,
    `create index dir_service_area_service on dir_service_area (service_id)`,
    `create table dir_contact (
       id uuid primary key,
       service_id uuid references dir_service (id),
       name text,
       title text
     )`,
    `create index dir_contact_service on dir_contact (service_id)`,
    `create table dir_phone (
       id uuid primary key,
       contact_id uuid references dir_contact (id),
       number text not null,
       description text
     )`,
    `create index dir_phone_contact on dir_phone (contact_id)`,
    `create table dir_funding (
       id uuid primary key,
       service_id uuid not null references dir_service (id),
       source text
     )`,
    `create index dir_funding_service on dir_funding (service_id)`,
    `create table dir_taxonomy (
       id uuid primary key,
       name text not null,
       description text not null,
       uri text,
       version text
     )`,
    `create table dir_taxonomy_term (
       id uuid primary key,
       name text not null,
       description text not null,
       parent_id uuid references dir_taxonomy_term (id),
       taxonomy text,
       taxonomy_id uuid references dir_taxonomy (id),
       term_uri text,
       term text
     )`,
    `create index dir_taxonomy_term_parent on dir_taxonomy_term (parent_id)`,
    // An attribute links any object (a service, a location, an organisation...) to a taxonomy term: a service's
    // needs are its attributes whose link_type is 'service'.
    `create table dir_attribute (
       id uuid primary key,
       link_id uuid not null,
       link_type text not null,
       taxonomy_term_id uuid not null references dir_taxonomy_term (id),
       value text
     )`,
    `create index dir_attribute_link on dir_attribute (link_id)`,
    `create index dir_attribute_term on dir_attribute (taxonomy_term_id, link_type)`,
    // Every field that changed, by whom and how (an import, a suggestion accepted, a correction by the directory's
    // keepers): the listing's history. Only ever added to.
    `create table directory_change (
       id uuid primary key,
       object_type text not null,
       object_id uuid not null,
       field text not null,
       old_value jsonb,
       new_value jsonb,
       source text not null check (source in ('import', 'suggestion', 'steward')),
       changed_by_name text not null,
       changed_at timestamptz not null
     )`,
    `create index directory_change_object on directory_change (object_id, changed_at)`,
    ...appendOnly('directory_change'),
    // Where each postcode is, in the layout of the open national postcode directory: loaded by
    // 'careweave import postcodes'. Postcodes are kept upper case without spaces.
    `create table postcode (
       postcode text primary key check (postcode ~ '^[A-Z0-9]{5,7}$'),
       latitude double precision not null check (latitude between -90 and 90),
       longitude double precision not null check (longitude between -180 and 180)
     )`,
    // Each search, for the commissioners' gap report: where (the outward part of a postcode, never the whole of it),
    // for what need, whether words were typed (never the words), and how many services were found. Nobody is named.
    `create table directory_search (
       id uuid primary key,
       searched_at timestamptz not null,
       area text check (area ~ '^[A-Z0-9]{2,4}$'),
       taxonomy_term_id uuid,
       had_text boolean not null,
       results integer not null check (results >= 0),
       by_staff boolean not null
     )`,
    `create index directory_search_time on directory_search (searched_at)`,
    // A service's words for search: its name and description (weighted first), its organisation's name and the
    // names of its taxonomy terms. Called after anything that changes those.
    `create function directory_refresh_search(service_ids uuid[]) returns void language sql as $$
       update dir_service s set search_vector =
         setweight(to_tsvector('english', coalesce(s.name, '')), 'A') ||
         setweight(to_tsvector('english', coalesce((
           select string_agg(t.name, ' ') from dir_attribute a join dir_taxonomy_term t on t.id = a.taxonomy_term_id
           where a.link_id = s.id and a.link_type = 'service'), '')), 'B') ||
         setweight(to_tsvector('english', coalesce(o.name, '')), 'C') ||
         setweight(to_tsvector('english', coalesce(s.description, '') || ' ' ||
           coalesce(s.eligibility_description, '')), 'D')
       from dir_service s2 left join dir_organization o on o.id = s2.organization_id
       where s.id = s2.id and s.id = any(service_ids)
     $$`,
  ]);
}
