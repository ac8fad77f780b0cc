// The directory's listings as Kysely sees them: one table per Open Referral UK (HSDS 3.0) object, with HSDS's own
// field names (migration 0023). Shared reference data: nothing here is about a person.

import type { Generated, GeneratedAlways } from 'kysely';

type Id = string;
type Text = string | null;

export interface ListingTables {
  dir_organization: {
    id: Id;
    name: string;
    description: string;
    email: Text;
    website: Text;
    logo: Text;
    uri: Text;
    parent_organization_id: Text;
  };
  dir_organization_identifier: {
    id: Id;
    organization_id: Id;
    identifier_scheme: Text;
    identifier_type: string;
    identifier: string;
  };
  dir_service: {
    id: Id;
    organization_id: Text;
    name: string;
    description: Text;
    url: Text;
    email: Text;
    status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
    fees: Text;
    fees_description: Text;
    accreditations: Text;
    eligibility_description: Text;
    minimum_age: number | null;
    maximum_age: number | null;
    /** When the listing was last checked, as a calendar date (yyyy-mm-dd). */
    assured_date: Text;
    assurer_email: Text;
    alert: Text;
    last_modified: Date | null;
    /** Kept by `directory_refresh_search(ids)`; never written directly. */
    search_vector: Generated<string>;
  };
  dir_location: {
    id: Id;
    location_type: 'physical' | 'postal' | 'virtual';
    name: Text;
    description: Text;
    latitude: number | null;
    longitude: number | null;
    external_identifier: Text;
    external_identifier_type: Text;
    /** Generated from latitude and longitude; never written. */
    earth: GeneratedAlways<string | null>;
  };
  dir_address: {
    id: Id;
    location_id: Id;
    attention: Text;
    address_1: string;
    city: string;
    region: Text;
    state_province: string;
    postal_code: string;
    country: string;
    address_type: string;
  };
  dir_accessibility: {
    id: Id;
    location_id: Id;
    description: Text;
    details: Text;
    url: Text;
    accessibility: Text;
  };
  dir_service_at_location: { id: Id; service_id: Id; location_id: Id };
  dir_schedule: {
    id: Id;
    service_id: Text;
    service_at_location_id: Text;
    valid_from: Text;
    valid_to: Text;
    dtstart: Text;
    freq: 'WEEKLY' | 'MONTHLY' | null;
    interval: number | null;
    /** iCalendar days, e.g. "MO,TU". */
    byday: Text;
    bymonthday: Text;
    description: Text;
    /** hh:mm:ss */
    opens_at: Text;
    closes_at: Text;
    schedule_link: Text;
    attending_type: Text;
    notes: Text;
  };
  dir_cost_option: {
    id: Id;
    service_id: Id;
    valid_from: Text;
    valid_to: Text;
    option: Text;
    /** HSDS's amount in pounds, kept as whole pence. */
    amount_pence: number | null;
    amount_description: Text;
  };
  dir_language: { id: Id; service_id: Text; phone_id: Text; name: Text; code: Text; note: Text };
  dir_service_area: {
    id: Id;
    service_id: Id;
    name: Text;
    extent: Text;
    extent_type: Text;
    uri: Text;
    service_area: Text;
  };
  dir_contact: { id: Id; service_id: Text; name: Text; title: Text };
  dir_phone: { id: Id; contact_id: Text; number: string; description: Text };
  dir_funding: { id: Id; service_id: Id; source: Text };
  dir_taxonomy: { id: Id; name: string; description: string; uri: Text; version: Text };
  dir_taxonomy_term: {
    id: Id;
    name: string;
    description: string;
    parent_id: Text;
    taxonomy: Text;
    taxonomy_id: Text;
    term_uri: Text;
    term: Text;
  };
  /** Links any object (link_type 'service', 'location', 'organization'...) to a taxonomy term. */
  dir_attribute: { id: Id; link_id: Id; link_type: string; taxonomy_term_id: Id; value: Text };
  /** Every field that changed, only ever added to. */
  directory_change: {
    id: Id;
    object_type: string;
    object_id: Id;
    field: string;
    old_value: unknown;
    new_value: unknown;
    source: 'import' | 'suggestion' | 'steward';
    changed_by_name: string;
    changed_at: Date;
  };
  /** Upper case, no spaces. */
  postcode: { postcode: string; latitude: number; longitude: number };
  /** One row per search, naming nobody, for the gap report. */
  directory_search: {
    id: Id;
    searched_at: Date;
    /** The outward part of the postcode searched from (e.g. "ZZ1"), if any. */
    area: Text;
    taxonomy_term_id: Text;
    had_text: boolean;
    results: number;
    by_staff: boolean;
  };
}
