import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { arrayLiteral } from '../../db/statements.ts';
import { conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { ListingField, ListingNow, ListingValues } from './listing-fields.ts';
import type { SuggestionKind } from './tables-community.ts';

type Queries = Kysely<Database>;

export type NewSuggestion = {
  kind: SuggestionKind;
  serviceId: string | null;
  proposed: Partial<ListingValues>;
  note: string | null;
  suggesterName: string;
  suggesterEmail: string | null;
};

/** Who changed a listing and how, for its change rows. */
export type ChangeMaker = { name: string; source: 'suggestion' | 'steward'; at: Date; today: string };

export type Decision =
  | { outcome: 'accepted'; changes: Partial<ListingValues>; status?: 'defunct' }
  | { outcome: 'accepted'; newResource: ListingValues }
  | { outcome: 'rejected'; reason: string };

/** "ZZ1 1AA" → "ZZ11AA", as the postcode table keeps it. */
const postcodeKey = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/** Suggestions from anyone, and the directory keepers' moderation of them. */
export function createCommunityStore(db: Db) {
  return {
    listing: (serviceId: string) => readListing(db, serviceId),

    async addSuggestion(suggestion: NewSuggestion, at: Date): Promise<string> {
      const id = newId();
      await db
        .insertInto('directory_suggestion')
        .values({
          id,
          kind: suggestion.kind,
          service_id: suggestion.serviceId,
          proposed: JSON.stringify(suggestion.proposed) as never,
          note: suggestion.note,
          suggester_name: suggestion.suggesterName,
          suggester_email: suggestion.suggesterEmail,
          suggested_at: at,
        })
        .execute();
      return id;
    },

    /** How many suggestions of each kind wait for a decision. */
    async waitingCounts(): Promise<Partial<Record<SuggestionKind, number>>> {
      const counts = await db
        .selectFrom('directory_suggestion as s')
        .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 's.id')
        .where('d.suggestion_id', 'is', null)
        .select(['s.kind', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('s.kind')
        .execute();
      return Object.fromEntries(counts.map((row) => [row.kind, Number(row.count)]));
    },

    /** One page of the suggestions waiting for a decision, oldest first. */
    async waiting(offset: number, limit: number) {
      return db
        .selectFrom('directory_suggestion as s')
        .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 's.id')
        .leftJoin('dir_service as service', 'service.id', 's.service_id')
        .where('d.suggestion_id', 'is', null)
        .select(['s.id', 's.kind', 's.proposed', 's.suggester_name', 's.suggested_at', 'service.name as service_name'])
        .orderBy('s.suggested_at')
        .orderBy('s.id')
        .offset(offset)
        .limit(limit)
        .execute();
    },

    async suggestion(id: string) {
      return db
        .selectFrom('directory_suggestion as s')
        .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 's.id')
        .selectAll('s')
        .select(['d.outcome', 'd.reason', 'd.decided_by_name', 'd.decided_at', 'd.service_id as decided_service_id'])
        .where('s.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Decides a suggestion in one transaction: the decision, any change to the listing with its change rows, and the
     * suggester's e-mail address cleared. The suggestion's row is held first, so a second keeper deciding at the same
     * moment waits, then finds it decided and is refused with a conflict: nothing is applied twice.
     */
    async decide(suggestionId: string, decision: Decision, by: { id: string } & ChangeMaker): Promise<string | null> {
      return db.transaction().execute(async (trx) => {
        const held = await trx
          .selectFrom('directory_suggestion')
          .select(['id', 'service_id'])
          .where('id', '=', suggestionId)
          .forUpdate()
          .executeTakeFirst();
        if (!held) throw notFound();
        const decided = await trx
          .selectFrom('directory_suggestion_decision')
          .select('suggestion_id')
          .where('suggestion_id', '=', suggestionId)
          .executeTakeFirst();
        if (decided) throw conflict('Another keeper decided this suggestion first.');
        let serviceId = held.service_id;
        if (decision.outcome === 'accepted') {
          if ('newResource' in decision) serviceId = await addResource(trx, decision.newResource, by);
          else await applyChanges(trx, serviceId!, decision.changes, by, decision.status);
        }
        const accepted = decision.outcome === 'accepted';
        await settle(trx, suggestionId, {
          outcome: decision.outcome,
          reason: accepted ? null : decision.reason,
          serviceId: accepted ? serviceId : null,
          by,
        });
        return accepted ? serviceId : null;
      });
    },

    /**
     * A keeper's own change to a listing, applied at once; `version` is the listing as their form showed it (null when
     * it does not matter, as for marking it checked, which is a change of nothing else). Any out-of-date flag waiting
     * on it is settled, as the keeper has looked.
     */
    async change(
      serviceId: string,
      version: string | null,
      changes: Partial<ListingValues>,
      by: { id: string } & ChangeMaker,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const held = await trx
          .selectFrom('dir_service')
          .select('id')
          .where('id', '=', serviceId)
          .forUpdate()
          .executeTakeFirst();
        if (!held) throw notFound();
        if (version !== null && (await readListing(trx, serviceId)).version !== version)
          throw conflict('Someone else changed this listing while you were working on it.');
        await applyChanges(trx, serviceId, changes, by);
        const flags = await trx
          .selectFrom('directory_suggestion as s')
          .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 's.id')
          .select('s.id')
          .where('s.service_id', '=', serviceId)
          .where('s.kind', '=', 'out_of_date')
          .where('d.suggestion_id', 'is', null)
          .forUpdate('s')
          .execute();
        for (const flag of flags) await settle(trx, flag.id, { outcome: 'accepted', reason: null, serviceId, by });
      });
    },

    /** How many listings need checking: see `stale`. */
    async staleCount(checkedBefore: string): Promise<number> {
      const { total } = await staleListings(db, checkedBefore)
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      return Number(total);
    },

    /**
     * Listings to check, oldest check first: not checked since `checkedBefore`, or flagged as out of date by someone
     * and not yet looked at, with how many flags wait on each. Listings that have closed are left out.
     */
    async stale(checkedBefore: string, offset: number, limit: number) {
      const items = await staleListings(db, checkedBefore)
        .leftJoin('dir_organization as o', 'o.id', 's.organization_id')
        .select(['s.id', 's.name', 's.assured_date', 'o.name as organisation_name'])
        .select((eb) =>
          eb
            .selectFrom('directory_suggestion as f')
            .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 'f.id')
            .select((inner) => inner.fn.countAll<number>().as('flags'))
            .whereRef('f.service_id', '=', 's.id')
            .where('f.kind', '=', 'out_of_date')
            .where('d.suggestion_id', 'is', null)
            .as('flags'),
        )
        .orderBy(sql`s.assured_date nulls first`)
        .orderBy('s.name')
        .orderBy('s.id')
        .offset(offset)
        .limit(limit)
        .execute();
      return items.map((item) => ({ ...item, flags: Number(item.flags ?? 0) }));
    },

    /** Every change to the listing's own rows and its organisation's, newest first. */
    async history(serviceId: string) {
      const now = await readListing(db, serviceId);
      const ids = [serviceId, ...Object.values(now.rows).filter((id): id is string => typeof id === 'string')];
      return db
        .selectFrom('directory_change')
        .select(['object_type', 'field', 'old_value', 'new_value', 'source', 'changed_by_name', 'changed_at'])
        .where(sql<boolean>`object_id = any(${arrayLiteral(ids)}::uuid[])`)
        .orderBy('changed_at', 'desc')
        .orderBy('id')
        .execute();
    },
  };
}

export type CommunityStore = ReturnType<typeof createCommunityStore>;

const staleListings = (db: Queries, checkedBefore: string) =>
  db
    .selectFrom('dir_service as s')
    .where('s.status', '!=', 'defunct')
    .where((eb) =>
      eb.or([
        eb('s.assured_date', 'is', null),
        eb('s.assured_date', '<', checkedBefore),
        eb.exists(
          eb
            .selectFrom('directory_suggestion as f')
            .leftJoin('directory_suggestion_decision as d', 'd.suggestion_id', 'f.id')
            .select('f.id')
            .whereRef('f.service_id', '=', 's.id')
            .where('f.kind', '=', 'out_of_date')
            .where('d.suggestion_id', 'is', null),
        ),
      ]),
    );

/** A listing's details as the forms name them; 404 when there is no such service. */
async function readListing(db: Queries, serviceId: string): Promise<ListingNow> {
  const service = await db
    .selectFrom('dir_service as s')
    .leftJoin('dir_organization as o', 'o.id', 's.organization_id')
    .select([
      's.id',
      's.name',
      's.description',
      's.status',
      's.assured_date',
      's.last_modified',
      's.fees_description',
      's.email',
      's.url',
      's.organization_id',
      'o.name as organisation_name',
    ])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!service) throw notFound();
  const place = await db
    .selectFrom('dir_service_at_location as sal')
    .innerJoin('dir_location as l', 'l.id', 'sal.location_id')
    .leftJoin('dir_address as a', 'a.location_id', 'l.id')
    .select(['l.id as location_id', 'l.latitude', 'l.longitude', 'a.id as address_id', 'a.address_1', 'a.city'])
    .select('a.postal_code')
    .where('sal.service_id', '=', serviceId)
    .orderBy('sal.id')
    .orderBy('a.id')
    .executeTakeFirst();
  const schedule = await db
    .selectFrom('dir_schedule')
    .select(['id', 'description'])
    .where('service_id', '=', serviceId)
    .where('description', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  const phone = await db
    .selectFrom('dir_contact as c')
    .innerJoin('dir_phone as p', 'p.contact_id', 'c.id')
    .select(['p.id', 'p.number'])
    .where('c.service_id', '=', serviceId)
    .orderBy('p.id')
    .executeTakeFirst();
  return {
    serviceId,
    status: service.status,
    assuredDate: service.assured_date,
    version: service.last_modified ? new Date(service.last_modified).toISOString() : '',
    values: {
      name: service.name,
      description: service.description,
      organisation: service.organisation_name,
      address: place?.address_1 || null,
      town: place?.city || null,
      postcode: place?.postal_code || null,
      schedule: schedule?.description ?? null,
      cost: service.fees_description,
      phone: phone?.number ?? null,
      email: service.email,
      website: service.url,
    },
    rows: {
      organisationId: service.organization_id,
      locationId: place?.location_id ?? null,
      addressId: place?.address_id ?? null,
      scheduleId: schedule?.id ?? null,
      phoneId: phone?.id ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
    },
  };
}

/**
 * Records a suggestion's decision and forgets the suggester's e-mail address, the only change a suggestion ever has:
 * it is personal data, kept only until the suggestion is decided. A decision already there (a flag another keeper
 * settled at the same moment) is left as it is.
 */
async function settle(
  trx: Queries,
  suggestionId: string,
  decision: {
    outcome: 'accepted' | 'rejected';
    reason: string | null;
    serviceId: string | null;
    by: { id: string } & ChangeMaker;
  },
): Promise<void> {
  await trx
    .insertInto('directory_suggestion_decision')
    .values({
      suggestion_id: suggestionId,
      outcome: decision.outcome,
      reason: decision.reason,
      service_id: decision.serviceId,
      decided_by_id: decision.by.id,
      decided_by_name: decision.by.name,
      decided_at: decision.by.at,
    })
    .onConflict((conflict) => conflict.column('suggestion_id').doNothing())
    .execute();
  await trx.updateTable('directory_suggestion').set({ suggester_email: null }).where('id', '=', suggestionId).execute();
}

type ChangeRow = { objectType: string; objectId: string; field: string; old: unknown; new: unknown };

async function recordChanges(trx: Queries, rows: ChangeRow[], by: ChangeMaker): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('directory_change')
    .values(
      rows.map((row) => ({
        id: newId(),
        object_type: row.objectType,
        object_id: row.objectId,
        field: row.field,
        old_value: JSON.stringify(row.old ?? null),
        new_value: JSON.stringify(row.new ?? null),
        source: by.source,
        changed_by_name: by.name,
        changed_at: by.at,
      })),
    )
    .execute();
}

const SERVICE_COLUMNS = {
  name: 'name',
  description: 'description',
  cost: 'fees_description',
  email: 'email',
  website: 'url',
} as const satisfies Partial<Record<ListingField, string>>;

/**
 * Applies changed details to a listing's rows, one change row per field, marks it checked today and refreshes its
 * words for search. `status` 'defunct' records that it has closed.
 */
async function applyChanges(
  trx: Queries,
  serviceId: string,
  changes: Partial<ListingValues>,
  by: ChangeMaker,
  status?: 'defunct',
): Promise<void> {
  const now = await readListing(trx, serviceId);
  const rows: ChangeRow[] = [];
  const serviceSet: Record<string, string | null> = {};
  const change = (objectType: string, objectId: string, field: string, old: unknown, value: unknown) =>
    rows.push({ objectType, objectId, field, old, new: value });
  for (const [field, column] of Object.entries(SERVICE_COLUMNS) as [ListingField, string][]) {
    if (!(field in changes)) continue;
    const value = field === 'name' ? (changes[field] ?? now.values.name) : (changes[field] ?? null);
    if (value === now.values[field]) continue;
    serviceSet[column] = value;
    change('service', serviceId, column, now.values[field], value);
  }
  if (status && now.status !== status) {
    serviceSet.status = status;
    change('service', serviceId, 'status', now.status, status);
  }
  if (now.assuredDate !== by.today) change('service', serviceId, 'assured_date', now.assuredDate, by.today);
  await trx
    .updateTable('dir_service')
    .set({ ...serviceSet, assured_date: by.today, last_modified: by.at })
    .where('id', '=', serviceId)
    .execute();
  if (changes.organisation && changes.organisation !== now.values.organisation)
    await changeOrganisation(trx, now, changes.organisation, change);
  if ('schedule' in changes && (changes.schedule ?? null) !== now.values.schedule)
    await changeSchedule(trx, now, changes.schedule ?? null, change);
  if ('phone' in changes && (changes.phone ?? null) !== now.values.phone)
    await changePhone(trx, now, changes.phone ?? null, change);
  await changePlace(trx, now, changes, change);
  await recordChanges(trx, rows, by);
  await sql`select directory_refresh_search(${arrayLiteral([serviceId])}::uuid[])`.execute(trx);
}

type Change = (objectType: string, objectId: string, field: string, old: unknown, value: unknown) => void;

/** Renames the organisation when it runs this service alone; else the service moves to a new organisation. */
async function changeOrganisation(trx: Queries, now: ListingNow, name: string, change: Change): Promise<void> {
  const organisationId = now.rows.organisationId;
  const others = organisationId
    ? await trx
        .selectFrom('dir_service')
        .select('id')
        .where('organization_id', '=', organisationId)
        .where('id', '!=', now.serviceId)
        .executeTakeFirst()
    : undefined;
  if (organisationId && !others) {
    await trx.updateTable('dir_organization').set({ name }).where('id', '=', organisationId).execute();
    change('organization', organisationId, 'name', now.values.organisation, name);
    return;
  }
  const id = await insertOrganisation(trx, name, null, null);
  await trx.updateTable('dir_service').set({ organization_id: id }).where('id', '=', now.serviceId).execute();
  change('service', now.serviceId, 'organization', now.values.organisation, name);
}

async function changeSchedule(trx: Queries, now: ListingNow, text: string | null, change: Change): Promise<void> {
  const scheduleId = now.rows.scheduleId ?? newId();
  if (!now.rows.scheduleId && text) await insertSchedule(trx, scheduleId, now.serviceId, text);
  else if (text)
    await trx.updateTable('dir_schedule').set({ description: text }).where('id', '=', scheduleId).execute();
  else await trx.deleteFrom('dir_schedule').where('id', '=', scheduleId).execute();
  change('schedule', scheduleId, 'description', now.values.schedule, text);
}

async function changePhone(trx: Queries, now: ListingNow, number: string | null, change: Change): Promise<void> {
  const phoneId = now.rows.phoneId ?? newId();
  if (!now.rows.phoneId && number) await insertPhone(trx, phoneId, now.serviceId, number);
  else if (number) await trx.updateTable('dir_phone').set({ number }).where('id', '=', phoneId).execute();
  else await trx.deleteFrom('dir_phone').where('id', '=', phoneId).execute();
  change('phone', phoneId, 'number', now.values.phone, number);
}

/** The address, town and postcode; a new postcode moves the place to where the postcode table says it is. */
async function changePlace(
  trx: Queries,
  now: ListingNow,
  changes: Partial<ListingValues>,
  change: Change,
): Promise<void> {
  const next = {
    address: changes.address ?? now.values.address,
    town: changes.town ?? now.values.town,
    postcode: changes.postcode ?? now.values.postcode,
  };
  if (next.address === now.values.address && next.town === now.values.town && next.postcode === now.values.postcode)
    return;
  const locationId = now.rows.locationId ?? (await insertLocation(trx, now.serviceId, now.values.name ?? ''));
  const addressId = now.rows.addressId ?? newId();
  const columns = { address_1: next.address ?? '', city: next.town ?? '', postal_code: next.postcode ?? '' };
  if (now.rows.addressId) await trx.updateTable('dir_address').set(columns).where('id', '=', addressId).execute();
  else await insertAddress(trx, addressId, locationId, columns);
  if (next.address !== now.values.address) change('address', addressId, 'address_1', now.values.address, next.address);
  if (next.town !== now.values.town) change('address', addressId, 'city', now.values.town, next.town);
  if (next.postcode === now.values.postcode) return;
  change('address', addressId, 'postal_code', now.values.postcode, next.postcode);
  // A place whose postcode is not known has no point on the map, rather than the old one.
  const point = next.postcode ? await pointOf(trx, next.postcode) : undefined;
  const latitude = point?.latitude ?? null;
  const longitude = point?.longitude ?? null;
  if (latitude === now.rows.latitude && longitude === now.rows.longitude) return;
  await trx.updateTable('dir_location').set({ latitude, longitude }).where('id', '=', locationId).execute();
  change('location', locationId, 'latitude', now.rows.latitude, latitude);
  change('location', locationId, 'longitude', now.rows.longitude, longitude);
}

const pointOf = (trx: Queries, postcode: string) =>
  trx
    .selectFrom('postcode')
    .select(['latitude', 'longitude'])
    .where('postcode', '=', postcodeKey(postcode))
    .executeTakeFirst();

/** A new resource, accepted: its organisation, service, place (with an address) and phone, each field a change row. */
async function addResource(trx: Queries, values: ListingValues, by: ChangeMaker): Promise<string> {
  const organisationId = await insertOrganisation(trx, values.organisation ?? values.name!, null, null);
  const serviceId = newId();
  await trx
    .insertInto('dir_service')
    .values({
      id: serviceId,
      organization_id: organisationId,
      name: values.name!,
      description: values.description,
      url: values.website,
      email: values.email,
      status: 'active',
      fees: null,
      fees_description: values.cost,
      accreditations: null,
      eligibility_description: null,
      minimum_age: null,
      maximum_age: null,
      assured_date: by.today,
      assurer_email: null,
      alert: null,
      last_modified: by.at,
    })
    .execute();
  const rows: ChangeRow[] = [
    { objectType: 'organization', objectId: organisationId, field: 'name', old: null, new: values.organisation },
  ];
  for (const [field, column] of Object.entries(SERVICE_COLUMNS) as [ListingField, string][])
    if (values[field] !== null)
      rows.push({ objectType: 'service', objectId: serviceId, field: column, old: null, new: values[field] });
  rows.push({ objectType: 'service', objectId: serviceId, field: 'assured_date', old: null, new: by.today });
  const now: ListingNow = {
    serviceId,
    status: 'active',
    assuredDate: by.today,
    version: '',
    values: { ...values, address: null, town: null, postcode: null, schedule: null, phone: null },
    rows: {
      organisationId,
      locationId: null,
      addressId: null,
      scheduleId: null,
      phoneId: null,
      latitude: null,
      longitude: null,
    },
  };
  const change: Change = (objectType, objectId, field, old, value) =>
    rows.push({ objectType, objectId, field, old, new: value });
  if (values.schedule) await changeSchedule(trx, now, values.schedule, change);
  if (values.phone) await changePhone(trx, now, values.phone, change);
  await changePlace(trx, now, values, change);
  await recordChanges(trx, rows, by);
  await sql`select directory_refresh_search(${arrayLiteral([serviceId])}::uuid[])`.execute(trx);
  return serviceId;
}

async function insertOrganisation(trx: Queries, name: string, email: string | null, website: string | null) {
  const id = newId();
  await trx
    .insertInto('dir_organization')
    .values({ id, name, description: '', email, website, logo: null, uri: null, parent_organization_id: null })
    .execute();
  return id;
}

async function insertLocation(trx: Queries, serviceId: string, name: string): Promise<string> {
  const id = newId();
  await trx
    .insertInto('dir_location')
    .values({
      id,
      location_type: 'physical',
      name,
      description: null,
      latitude: null,
      longitude: null,
      external_identifier: null,
      external_identifier_type: null,
    })
    .execute();
  await trx
    .insertInto('dir_service_at_location')
    .values({ id: newId(), service_id: serviceId, location_id: id })
    .execute();
  return id;
}

const insertAddress = (
  trx: Queries,
  id: string,
  locationId: string,
  columns: { address_1: string; city: string; postal_code: string },
) =>
  trx
    .insertInto('dir_address')
    .values({
      id,
      location_id: locationId,
      attention: null,
      ...columns,
      region: null,
      state_province: '',
      country: 'GB',
      address_type: 'physical',
    })
    .execute();

const insertSchedule = (trx: Queries, id: string, serviceId: string, description: string) =>
  trx
    .insertInto('dir_schedule')
    .values({
      id,
      service_id: serviceId,
      service_at_location_id: null,
      valid_from: null,
      valid_to: null,
      dtstart: null,
      freq: null,
      interval: null,
      byday: null,
      bymonthday: null,
      description,
      opens_at: null,
      closes_at: null,
      schedule_link: null,
      attending_type: null,
      notes: null,
    })
    .execute();

async function insertPhone(trx: Queries, id: string, serviceId: string, number: string): Promise<void> {
  const contactId = newId();
  await trx
    .insertInto('dir_contact')
    .values({ id: contactId, service_id: serviceId, name: null, title: null })
    .execute();
  await trx.insertInto('dir_phone').values({ id, contact_id: contactId, number, description: null }).execute();
}
