import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { arrayLiteral } from '../../db/statements.ts';
import { newId } from '../../ids.ts';

/** The earth's mean radius in km, the same as the `earth` cube of each location (migration 0023). */
const EARTH_KM = sql.raw('6371');
const EARTH_DIAMETER_KM = sql.raw('12742');
/** How much of a typed word's trigrams a word of a service's name must share to count as a typo of it. */
const TYPO_THRESHOLD = sql.raw('0.4');

/** What the store searches by, already checked and resolved: a place instead of a postcode, a time in London. */
export type SearchFilters = {
  /** Trimmed, at most a few hundred characters, never empty. */
  text?: string;
  termIds?: string[];
  taxonomyId?: string;
  near?: { latitude: number; longitude: number; withinKm: number };
  age?: number;
  minimumAge?: number;
  maximumAge?: number;
  /** Open on this iCalendar day (any day when not given), at `time` (hh:mm) when given, until `until` when given. */
  open?: { day?: string; time?: string; until?: string; onDate?: string };
  free?: boolean;
  language?: string;
  accessibility?: string;
  limit: number;
  offset: number;
};

export type SearchHit = { id: string; distanceKm: number | null };

export type ServiceCard = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  organisationName: string | null;
  assuredDate: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  /** No cost option with an amount above nothing. */
  free: boolean;
  /** The first location's address line, town and postcode, when it has one. */
  address: { line: string; city: string; postcode: string } | null;
  schedules: { byday: string | null; opensAt: string | null; closesAt: string | null; description: string | null }[];
};

/** A location's point on the earth, as the `earth` column makes it. */
const pointOf = (latitude: number, longitude: number) => sql`cube(array[
  ${EARTH_KM} * cos(radians(${latitude}::float8)) * cos(radians(${longitude}::float8)),
  ${EARTH_KM} * cos(radians(${latitude}::float8)) * sin(radians(${longitude}::float8)),
  ${EARTH_KM} * sin(radians(${latitude}::float8))])`;

/** Lower case letters and digits only, so "Step-free access" matches "step free". */
const squashed = (column: RawBuilder<unknown>) => sql`regexp_replace(lower(${column}), '[^a-z0-9]', '', 'g')`;
const squash = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Finding services: text, typos, need, distance, opening times; and the log of searches. */
export function createSearchStore(db: Db) {
  const find = (filters: SearchFilters) => findServices(db, filters);
  return {
    find,
    /** Where a postcode (upper case, no spaces) is, if the postcode table knows it. */
    async placeOf(postcode: string): Promise<{ latitude: number; longitude: number } | undefined> {
      return db
        .selectFrom('postcode')
        .select(['latitude', 'longitude'])
        .where('postcode', '=', postcode)
        .executeTakeFirst();
    },

    /** The needs a search form offers: every taxonomy's top-level terms, by name. */
    async needs(): Promise<{ id: string; name: string }[]> {
      return db
        .selectFrom('dir_taxonomy_term')
        .select(['id', 'name'])
        .where('parent_id', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .limit(200)
        .execute();
    },

    /** The languages services are offered in, by name. */
    async languages(): Promise<string[]> {
      const rows = await db
        .selectFrom('dir_language')
        .select('name')
        .distinct()
        .where('name', 'is not', null)
        .orderBy('name')
        .limit(200)
        .execute();
      return rows.map((row) => row.name!);
    },

    /** What a result card shows for each service, in the order of `ids`. */
    async cards(ids: string[]): Promise<ServiceCard[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<{
        id: string;
        name: string;
        description: string | null;
        status: string;
        organisation_name: string | null;
        assured_date: string | null;
        minimum_age: number | null;
        maximum_age: number | null;
        paid: boolean;
        address_1: string | null;
        city: string | null;
        postal_code: string | null;
        schedules: ServiceCard['schedules'] | null;
      }>`select s.id, s.name, s.description, s.status, o.name as organisation_name,
          to_char(s.assured_date, 'YYYY-MM-DD') as assured_date, s.minimum_age, s.maximum_age,
          exists (select 1 from dir_cost_option c where c.service_id = s.id and c.amount_pence > 0) as paid,
          address.address_1, address.city, address.postal_code,
          (select json_agg(json_build_object('byday', sc.byday, 'opensAt', to_char(sc.opens_at, 'HH24:MI'),
              'closesAt', to_char(sc.closes_at, 'HH24:MI'), 'description', sc.description)
              order by sc.opens_at nulls last, sc.id)
            from ${schedulesOf(sql`s.id`)} sc) as schedules
        from dir_service s
        left join dir_organization o on o.id = s.organization_id
        left join lateral (
          select ad.address_1, ad.city, ad.postal_code from dir_service_at_location sal
          join dir_address ad on ad.location_id = sal.location_id
          where sal.service_id = s.id order by sal.id, ad.id limit 1) address on true
        where s.id = any(${arrayLiteral(ids)}::uuid[])`.execute(db);
      const byId = new Map(
        rows.map((row): [string, ServiceCard] => [
          row.id,
          {
            id: row.id,
            name: row.name,
            description: row.description,
            status: row.status,
            organisationName: row.organisation_name,
            assuredDate: row.assured_date,
            minimumAge: row.minimum_age,
            maximumAge: row.maximum_age,
            free: !row.paid,
            address:
              row.address_1 !== null
                ? { line: row.address_1, city: row.city ?? '', postcode: row.postal_code ?? '' }
                : null,
            schedules: row.schedules ?? [],
          },
        ]),
      );
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** One search, for the gap report: where, for what need, whether words were typed, how many were found. */
    async logSearch(entry: {
      at: Date;
      area: string | null;
      taxonomyTermId: string | null;
      hadText: boolean;
      results: number;
      byStaff: boolean;
    }): Promise<void> {
      await db
        .insertInto('directory_search')
        .values({
          id: newId(),
          searched_at: entry.at,
          area: entry.area,
          taxonomy_term_id: entry.taxonomyTermId,
          had_text: entry.hadText,
          results: entry.results,
          by_staff: entry.byStaff,
        })
        .execute();
    },
  };
}

/**
 * Active services matching every filter: their ids, nearest first when near a place (exact great-circle
 * distance), then best match for the words, then by name; and how many match in all.
 */
async function findServices(db: Db, filters: SearchFilters): Promise<{ total: number; hits: SearchHit[] }> {
  const { rows } = await withTypoThreshold(db, filters, (trx) => searchStatement(filters).execute(trx));
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  // A page past the end still needs the count.
  if (rows.length === 0 && filters.offset > 0)
    total = (await findServices(db, { ...filters, limit: 1, offset: 0 })).total;
  return { total, hits: rows.map((row) => ({ id: row.id, distanceKm: row.km === null ? null : Number(row.km) })) };
}

/**
 * Runs `work` in a transaction where a typed word matches a name with one wrong letter: pg_trgm's own threshold
 * (0.6) misses "counciling" for "Counselling" and "walkng" for "walking".
 */
export function withTypoThreshold<T>(db: Db, filters: SearchFilters, work: (trx: Db) => Promise<T>): Promise<T> {
  if (!filters.text) return work(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local pg_trgm.word_similarity_threshold = ${TYPO_THRESHOLD}`.execute(trx);
    return work(trx);
  });
}

/** The one statement of a search (exported so the benchmark can show its plan). */
export function searchStatement(filters: SearchFilters) {
  const conditions: RawBuilder<unknown>[] = [sql`s.status = 'active'`];
  const query = filters.text ? sql`websearch_to_tsquery('english', ${filters.text})` : undefined;
  if (filters.text) conditions.push(sql`(s.search_vector @@ ${query} or ${filters.text} <% s.name)`);
  if (filters.termIds?.length)
    conditions.push(sql`s.id in (
      with recursive term (id) as (
        select id from dir_taxonomy_term where id = any(${arrayLiteral(filters.termIds)}::uuid[])
        union select child.id from dir_taxonomy_term child join term on child.parent_id = term.id)
      select a.link_id from dir_attribute a join term on term.id = a.taxonomy_term_id
      where a.link_type = 'service')`);
  if (filters.taxonomyId)
    conditions.push(sql`s.id in (select a.link_id from dir_attribute a
      join dir_taxonomy_term t on t.id = a.taxonomy_term_id
      where a.link_type = 'service' and t.taxonomy_id = ${filters.taxonomyId}::uuid)`);
  if (filters.age !== undefined)
    conditions.push(
      sql`coalesce(s.minimum_age, 0) <= ${filters.age} and coalesce(s.maximum_age, 150) >= ${filters.age}`,
    );
  // A range of ages asked for: services for anyone within it.
  if (filters.minimumAge !== undefined) conditions.push(sql`coalesce(s.maximum_age, 150) >= ${filters.minimumAge}`);
  if (filters.maximumAge !== undefined) conditions.push(sql`coalesce(s.minimum_age, 0) <= ${filters.maximumAge}`);
  if (filters.free !== undefined)
    conditions.push(sql`${filters.free ? sql`not exists` : sql`exists`} (select 1 from dir_cost_option c
      where c.service_id = s.id and c.amount_pence > 0)`);
  if (filters.language)
    conditions.push(sql`exists (select 1 from dir_language l where l.service_id = s.id
      and (lower(l.name) = ${filters.language.toLowerCase()} or lower(l.code) = ${filters.language.toLowerCase()}))`);
  if (filters.accessibility)
    conditions.push(sql`exists (select 1 from dir_service_at_location sal
      join dir_accessibility a on a.location_id = sal.location_id where sal.service_id = s.id
      and (${squashed(sql`a.accessibility`)} like ${`%${squash(filters.accessibility)}%`}
        or ${squashed(sql`a.description`)} like ${`%${squash(filters.accessibility)}%`}))`);
  if (filters.open) conditions.push(openCondition(filters.open));

  const near = filters.near;
  const point = near ? pointOf(near.latitude, near.longitude) : undefined;
  // Locations inside a cube around the place come from the GiST index; the exact distance then trims the corners.
  const nearest = near
    ? sql`with near as (
        select sal.service_id, min(2 * ${EARTH_KM} * asin(least(1, cube_distance(l.earth, ${point}) / ${EARTH_DIAMETER_KM}))) as km
        from dir_location l join dir_service_at_location sal on sal.location_id = l.id
        where cube_enlarge(${point}, ${near.withinKm}::float8, 3) @> l.earth
        group by sal.service_id)`
    : sql``;
  const from = near
    ? sql`dir_service s join near on near.service_id = s.id and near.km <= ${near.withinKm}::float8`
    : sql`dir_service s`;
  const rank = query ? sql`ts_rank(s.search_vector, ${query}) + word_similarity(${filters.text}, s.name) desc,` : sql``;
  return sql<{ id: string; km: number | null; total: number | string }>`${nearest}
    select s.id, ${near ? sql`near.km` : sql`null::float8`} as km, count(*) over () as total
    from ${from}
    where ${sql.join(conditions, sql` and `)}
    order by ${near ? sql`near.km,` : sql``} ${rank} s.name, s.id
    limit ${filters.limit} offset ${filters.offset}`;
}

/**
 * The schedules of a service: its own, and those of it at each of its places. Two indexed look-ups joined, rather
 * than one look-up with OR, which PostgreSQL can only answer by reading every schedule.
 */
export const schedulesOf = (serviceId: RawBuilder<unknown>) => sql`(
  select sc.* from dir_schedule sc where sc.service_id = ${serviceId}
  union all
  select sc.* from dir_service_at_location sal join dir_schedule sc on sc.service_at_location_id = sal.id
  where sal.service_id = ${serviceId})`;

/** A schedule of the service (or of it at one of its places) open on the day, at the time, until the end time. */
function openCondition(open: NonNullable<SearchFilters['open']>): RawBuilder<unknown> {
  const checks = [sql`true`];
  if (open.day) checks.push(sql`${open.day} = any(string_to_array(replace(upper(sc.byday), ' ', ''), ','))`);
  if (open.time) checks.push(sql`sc.opens_at <= ${open.time}::time and ${open.time}::time < sc.closes_at`);
  if (open.until) checks.push(sql`sc.closes_at >= ${open.until}::time`);
  if (open.onDate)
    checks.push(sql`(sc.valid_from is null or sc.valid_from <= ${open.onDate}::date)
      and (sc.valid_to is null or sc.valid_to >= ${open.onDate}::date)`);
  return sql`exists (select 1 from ${schedulesOf(sql`s.id`)} sc where ${sql.join(checks, sql` and `)})`;
}
