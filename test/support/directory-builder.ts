import { sql } from 'kysely';
import { arrayLiteral } from '../../src/db/statements.ts';
import type { Db } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';

// Directory listings written straight into the tables, for tests of search, suggestions and referrals (the import
// is tested through its own command). Synthetic only.

export type ListingSpec = {
  name: string;
  description?: string;
  organisation?: string;
  /** Taxonomy term ids (see `addTerm`). */
  needs?: string[];
  latitude?: number;
  longitude?: number;
  postcode?: string;
  minimumAge?: number;
  maximumAge?: number;
  /** Whole pence; 0 or absent is free. */
  costPence?: number;
  languages?: string[];
  accessibility?: string[];
  /** e.g. { byday: 'MO,WE', opensAt: '09:00', closesAt: '17:00' } */
  schedule?: { byday: string; opensAt: string; closesAt: string };
  assuredDate?: string;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
};

export type Listing = { serviceId: string; organizationId: string; locationId: string };

/** A taxonomy (made once per name) and a term in it; returns the term's id. */
export async function addTerm(db: Db, name: string, taxonomyName = 'Needs'): Promise<string> {
  const taxonomy = await db.selectFrom('dir_taxonomy').select('id').where('name', '=', taxonomyName).executeTakeFirst();
  const taxonomyId = taxonomy?.id ?? newId();
  if (!taxonomy)
    await db
      .insertInto('dir_taxonomy')
      .values({ id: taxonomyId, name: taxonomyName, description: taxonomyName, uri: null, version: null })
      .execute();
  const id = newId();
  await db
    .insertInto('dir_taxonomy_term')
    .values({
      id,
      name,
      description: name,
      parent_id: null,
      taxonomy: taxonomyName,
      taxonomy_id: taxonomyId,
      term_uri: null,
      term: null,
    })
    .execute();
  return id;
}

/** One service with its organisation, one location (with an address when a postcode is given) and its details. */
export async function addListing(db: Db, spec: ListingSpec): Promise<Listing> {
  const organizationId = newId();
  const serviceId = newId();
  const locationId = newId();
  await db
    .insertInto('dir_organization')
    .values({
      id: organizationId,
      name: spec.organisation ?? `${spec.name} group`,
      description: 'A synthetic organisation.',
      email: null,
      website: null,
      logo: null,
      uri: null,
      parent_organization_id: null,
    })
    .execute();
  await db
    .insertInto('dir_service')
    .values({
      id: serviceId,
      organization_id: organizationId,
      name: spec.name,
      description: spec.description ?? null,
      url: null,
      email: null,
      status: spec.status ?? 'active',
      fees: null,
      fees_description: null,
      accreditations: null,
      eligibility_description: null,
      minimum_age: spec.minimumAge ?? null,
      maximum_age: spec.maximumAge ?? null,
      assured_date: spec.assuredDate ?? null,
      assurer_email: null,
      alert: null,
      last_modified: null,
    })
    .execute();
  await db
    .insertInto('dir_location')
    .values({
      id: locationId,
      location_type: 'physical',
      name: spec.name,
      description: null,
      latitude: spec.latitude ?? null,
      longitude: spec.longitude ?? null,
      external_identifier: null,
      external_identifier_type: null,
    })
    .execute();
  if (spec.postcode)
    await db
      .insertInto('dir_address')
      .values({
        id: newId(),
        location_id: locationId,
        attention: null,
        address_1: '1 Synthetic Street',
        city: 'Testford',
        region: null,
        state_province: 'Testshire',
        postal_code: spec.postcode,
        country: 'GB',
        address_type: 'physical',
      })
      .execute();
  const serviceAtLocationId = newId();
  await db
    .insertInto('dir_service_at_location')
    .values({ id: serviceAtLocationId, service_id: serviceId, location_id: locationId })
    .execute();
  for (const termId of spec.needs ?? [])
    await db
      .insertInto('dir_attribute')
      .values({ id: newId(), link_id: serviceId, link_type: 'service', taxonomy_term_id: termId, value: null })
      .execute();
  if (spec.costPence)
    await db
      .insertInto('dir_cost_option')
      .values({
        id: newId(),
        service_id: serviceId,
        valid_from: null,
        valid_to: null,
        option: 'Per session',
        amount_pence: spec.costPence,
        amount_description: null,
      })
      .execute();
  for (const language of spec.languages ?? [])
    await db
      .insertInto('dir_language')
      .values({ id: newId(), service_id: serviceId, phone_id: null, name: language, code: null, note: null })
      .execute();
  for (const feature of spec.accessibility ?? [])
    await db
      .insertInto('dir_accessibility')
      .values({
        id: newId(),
        location_id: locationId,
        description: feature,
        details: null,
        url: null,
        accessibility: feature,
      })
      .execute();
  if (spec.schedule)
    await db
      .insertInto('dir_schedule')
      .values({
        id: newId(),
        service_id: serviceId,
        service_at_location_id: null,
        valid_from: null,
        valid_to: null,
        dtstart: null,
        freq: 'WEEKLY',
        interval: 1,
        byday: spec.schedule.byday,
        bymonthday: null,
        description: null,
        opens_at: spec.schedule.opensAt,
        closes_at: spec.schedule.closesAt,
        schedule_link: null,
        attending_type: null,
        notes: null,
      })
      .execute();
  await sql`select directory_refresh_search(${arrayLiteral([serviceId])}::uuid[])`.execute(db);
  return { serviceId, organizationId, locationId };
}

/** A postcode and where it is (upper case, no spaces). */
export const addPostcode = (db: Db, postcode: string, latitude: number, longitude: number) =>
  db
    .insertInto('postcode')
    .values({ postcode: postcode.replace(/\s+/g, '').toUpperCase(), latitude, longitude })
    .execute();
