import type { ListingTables } from './tables-listings.ts';

// One description per Open Referral UK (HSDS 3.0) object: its table, the fields it keeps (HSDS's own names), what
// kind of value each is, and how it nests. Import, export and the read API are all driven from here, so a field
// added to an object is added once.

/**
 * What a field holds, for the checks an import makes beyond the JSON Schema: `name` is short text (255 characters),
 * `text` long text (10,000), `pounds` a money amount kept as whole pence.
 */
export type FieldKind =
  'id' | 'name' | 'text' | 'age' | 'coordinate' | 'positive' | 'pounds' | 'date' | 'time' | 'datetime';

export type HsdsObjectName =
  | 'organization'
  | 'organization_identifier'
  | 'service'
  | 'location'
  | 'address'
  | 'accessibility'
  | 'service_at_location'
  | 'schedule'
  | 'cost_option'
  | 'language'
  | 'service_area'
  | 'contact'
  | 'phone'
  | 'funding'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'attribute';

/**
 * An array nested in the object (HSDS `schedules`, `addresses`...): the child's field that holds this one's id, and
 * any other field its place fixes (an attribute nested in a service links a 'service').
 */
export type Nested = { property: string; object: HsdsObjectName; key: string; fixed?: Record<string, string> };

/**
 * A one-to-one object nested in this one (a service's `organization`), kept by id in `key`. `soft` references (a
 * parent organisation, a parent term) may name something the directory does not hold: the link is left out, with a
 * warning, rather than refusing the record.
 */
export type Reference = { property?: string; object: HsdsObjectName; key: string; soft?: boolean };

/** The tables that hold HSDS objects. */
export type ListingTable = Exclude<keyof ListingTables, 'directory_change' | 'postcode' | 'directory_search'>;

export type HsdsObject = {
  table: ListingTable;
  /** The file of the Open Referral UK CSV layout (each schema's `path`). */
  csv: string;
  /** The plural the export and a bundle of many objects use. */
  plural: string;
  fields: Record<string, FieldKind>;
  children: Nested[];
  references: Reference[];
  /** Fields the table cannot be without that the UK schema leaves optional (a row's link to what it belongs to). */
  required?: string[];
};

const text = 'text' as const;
const name = 'name' as const;
const id = 'id' as const;

export const HSDS_OBJECTS: Record<HsdsObjectName, HsdsObject> = {
  organization: {
    table: 'dir_organization',
    csv: 'organizations.csv',
    plural: 'organizations',
    fields: {
      id,
      name,
      description: text,
      email: name,
      website: text,
      logo: text,
      uri: text,
      parent_organization_id: id,
    },
    children: [
      { property: 'organization_identifiers', object: 'organization_identifier', key: 'organization_id' },
      { property: 'services', object: 'service', key: 'organization_id' },
    ],
    references: [{ object: 'organization', key: 'parent_organization_id', soft: true }],
  },
  organization_identifier: {
    table: 'dir_organization_identifier',
    csv: 'organization_identifiers.csv',
    plural: 'organization_identifiers',
    fields: { id, organization_id: id, identifier_scheme: name, identifier_type: name, identifier: name },
    children: [],
    references: [{ object: 'organization', key: 'organization_id' }],
    required: ['organization_id'],
  },
  service: {
    table: 'dir_service',
    csv: 'services.csv',
    plural: 'services',
    // fees_description and eligibility_description are HSDS 3.0 fields the UK schema does not list; its schema
    // allows more fields than it names, so they are carried.
    fields: {
      id,
      organization_id: id,
      name,
      description: text,
      url: text,
      email: name,
      status: name,
      fees: text,
      fees_description: text,
      accreditations: text,
      eligibility_description: text,
      minimum_age: 'age',
      maximum_age: 'age',
      assured_date: 'date',
      assurer_email: name,
      alert: text,
      last_modified: 'datetime',
    },
    children: [
      { property: 'schedules', object: 'schedule', key: 'service_id' },
      { property: 'service_areas', object: 'service_area', key: 'service_id' },
      { property: 'service_at_locations', object: 'service_at_location', key: 'service_id' },
      { property: 'languages', object: 'language', key: 'service_id' },
      { property: 'funding', object: 'funding', key: 'service_id' },
      { property: 'cost_options', object: 'cost_option', key: 'service_id' },
      { property: 'contacts', object: 'contact', key: 'service_id' },
      { property: 'attributes', object: 'attribute', key: 'link_id', fixed: { link_type: 'service' } },
    ],
    references: [{ property: 'organization', object: 'organization', key: 'organization_id' }],
  },
  location: {
    table: 'dir_location',
    csv: 'locations.csv',
    plural: 'locations',
    fields: {
      id,
      location_type: name,
      name,
      description: text,
      latitude: 'coordinate',
      longitude: 'coordinate',
      external_identifier: name,
      external_identifier_type: name,
    },
    children: [
      { property: 'addresses', object: 'address', key: 'location_id' },
      { property: 'accessibility', object: 'accessibility', key: 'location_id' },
    ],
    references: [],
  },
  address: {
    table: 'dir_address',
    csv: 'addresses.csv',
    plural: 'addresses',
    fields: {
      id,
      location_id: id,
      attention: name,
      address_1: name,
      city: name,
      region: name,
      state_province: name,
      postal_code: name,
      country: name,
      address_type: name,
    },
    children: [],
    references: [{ object: 'location', key: 'location_id' }],
    required: ['location_id'],
  },
  accessibility: {
    table: 'dir_accessibility',
    csv: 'accessibility.csv',
    plural: 'accessibility',
    fields: { id, location_id: id, description: text, details: text, url: text, accessibility: text },
    children: [],
    references: [{ object: 'location', key: 'location_id' }],
    required: ['location_id'],
  },
  service_at_location: {
    table: 'dir_service_at_location',
    csv: 'service_at_location.csv',
    plural: 'service_at_locations',
    fields: { id, service_id: id, location_id: id },
    children: [{ property: 'schedules', object: 'schedule', key: 'service_at_location_id' }],
    references: [
      { property: 'service', object: 'service', key: 'service_id' },
      { property: 'location', object: 'location', key: 'location_id' },
    ],
    required: ['service_id', 'location_id'],
  },
  schedule: {
    table: 'dir_schedule',
    csv: 'schedule.csv',
    plural: 'schedules',
    fields: {
      id,
      service_id: id,
      service_at_location_id: id,
      valid_from: 'date',
      valid_to: 'date',
      dtstart: 'date',
      freq: name,
      interval: 'positive',
      byday: name,
      bymonthday: name,
      description: text,
      opens_at: 'time',
      closes_at: 'time',
      schedule_link: text,
      attending_type: text,
      notes: text,
    },
    children: [],
    references: [
      { object: 'service', key: 'service_id' },
      { object: 'service_at_location', key: 'service_at_location_id' },
    ],
  },
  cost_option: {
    table: 'dir_cost_option',
    csv: 'cost_options.csv',
    plural: 'cost_options',
    fields: {
      id,
      service_id: id,
      valid_from: 'date',
      valid_to: 'date',
      option: text,
      amount: 'pounds',
      amount_description: text,
    },
    children: [],
    references: [{ object: 'service', key: 'service_id' }],
    required: ['service_id'],
  },
  language: {
    table: 'dir_language',
    csv: 'languages.csv',
    plural: 'languages',
    // name, code and note are HSDS 3.0 fields the UK profile leaves out of its schema. Its schema does not forbid
    // other fields (no additionalProperties: false), and a language with only an id says nothing to a reader, so
    // they are carried in and out as HSDS 3.0 names them.
    fields: { id, service_id: id, phone_id: id, name, code: name, note: text },
    children: [],
    references: [{ object: 'service', key: 'service_id' }],
  },
  service_area: {
    table: 'dir_service_area',
    csv: 'service_areas.csv',
    plural: 'service_areas',
    fields: { id, service_id: id, name: text, extent: text, extent_type: name, uri: text, service_area: text },
    children: [],
    references: [{ object: 'service', key: 'service_id' }],
    required: ['service_id'],
  },
  contact: {
    table: 'dir_contact',
    csv: 'contacts.csv',
    plural: 'contacts',
    fields: { id, service_id: id, name, title: name },
    children: [{ property: 'phones', object: 'phone', key: 'contact_id' }],
    references: [{ object: 'service', key: 'service_id' }],
  },
  phone: {
    table: 'dir_phone',
    csv: 'phones.csv',
    plural: 'phones',
    fields: { id, contact_id: id, number: name, description: text },
    children: [],
    references: [{ object: 'contact', key: 'contact_id' }],
  },
  funding: {
    table: 'dir_funding',
    csv: 'funding.csv',
    plural: 'funding',
    fields: { id, service_id: id, source: text },
    children: [],
    references: [{ object: 'service', key: 'service_id' }],
    required: ['service_id'],
  },
  taxonomy: {
    table: 'dir_taxonomy',
    csv: 'taxonomies.csv',
    plural: 'taxonomies',
    fields: { id, name, description: text, uri: text, version: name },
    children: [{ property: 'taxonomy_terms', object: 'taxonomy_term', key: 'taxonomy_id' }],
    references: [],
  },
  taxonomy_term: {
    table: 'dir_taxonomy_term',
    csv: 'taxonomy_terms.csv',
    plural: 'taxonomy_terms',
    fields: {
      id,
      name,
      description: text,
      parent_id: id,
      taxonomy: name,
      taxonomy_id: id,
      term_uri: text,
      term: name,
    },
    children: [],
    references: [
      { object: 'taxonomy', key: 'taxonomy_id' },
      { object: 'taxonomy_term', key: 'parent_id', soft: true },
    ],
  },
  attribute: {
    table: 'dir_attribute',
    csv: 'attribute.csv',
    plural: 'attributes',
    // link_type says what kind of object link_id is (Careweave links services to needs with 'service'); HSDS 3.0
    // calls that link_entity, which the CSV layout may use instead.
    fields: { id, link_id: id, link_type: name, taxonomy_term_id: id, value: text },
    children: [],
    references: [{ property: 'taxonomy_term', object: 'taxonomy_term', key: 'taxonomy_term_id' }],
    required: ['link_id', 'link_type', 'taxonomy_term_id'],
  },
};

/** The objects in the order their rows can be written: whatever a row refers to is written before it. */
export const WRITE_ORDER: HsdsObjectName[] = [
  'organization',
  'organization_identifier',
  'taxonomy',
  'taxonomy_term',
  'service',
  'location',
  'address',
  'accessibility',
  'service_at_location',
  'schedule',
  'cost_option',
  'language',
  'service_area',
  'contact',
  'phone',
  'funding',
  'attribute',
];

/** An HSDS object's fields as its table's columns: the same names, but an amount in pounds is kept in pence. */
export const columnOf = (field: string): string => (field === 'amount' ? 'amount_pence' : field);

/** Pounds (as HSDS writes them) to whole pence, and back. */
export const poundsToPence = (pounds: number): number => Math.round(pounds * 100);
export const penceToPounds = (pence: number): number => pence / 100;
