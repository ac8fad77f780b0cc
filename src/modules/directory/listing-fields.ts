// The details of a listing that anyone may suggest and a keeper may change, in the words the forms use, and how the
// change history names the HSDS fields behind them.

export const LISTING_FIELDS = {
  name: 'Name',
  description: 'What it offers',
  organisation: 'Who runs it',
  address: 'Address',
  town: 'Town or city',
  postcode: 'Postcode',
  schedule: 'When it is open',
  cost: 'Cost',
  phone: 'Phone',
  email: 'Email',
  website: 'Website',
} as const;

export type ListingField = keyof typeof LISTING_FIELDS;
export type ListingValues = Record<ListingField, string | null>;

/** A listing as suggestions and keepers see it: its details, and the rows they are kept in. */
export type ListingNow = {
  serviceId: string;
  status: string;
  assuredDate: string | null;
  /** Changes whenever the listing is saved: a keeper's form carries it, so two keepers' edits cannot cross. */
  version: string;
  values: ListingValues;
  rows: {
    organisationId: string | null;
    locationId: string | null;
    addressId: string | null;
    scheduleId: string | null;
    phoneId: string | null;
    latitude: number | null;
    longitude: number | null;
  };
};

export const LISTING_FIELD_NAMES = Object.keys(LISTING_FIELDS) as ListingField[];

/** The fields whose suggested value differs from the listing's now: what accepting a suggestion would change. */
export function changedFields(now: ListingValues, proposed: Partial<ListingValues>): Partial<ListingValues> {
  const changes: Partial<ListingValues> = {};
  for (const field of LISTING_FIELD_NAMES)
    if (field in proposed && (proposed[field] ?? null) !== (now[field] ?? null))
      changes[field] = proposed[field] ?? null;
  return changes;
}

/** How the history names a field of an HSDS object (object type, then field), in the forms' words. */
const HISTORY_LABELS: Record<string, string> = {
  'service.name': LISTING_FIELDS.name,
  'service.description': LISTING_FIELDS.description,
  'service.organization': LISTING_FIELDS.organisation,
  'organization.name': LISTING_FIELDS.organisation,
  'address.address_1': LISTING_FIELDS.address,
  'address.city': LISTING_FIELDS.town,
  'address.postal_code': LISTING_FIELDS.postcode,
  'location.latitude': 'Latitude',
  'location.longitude': 'Longitude',
  'schedule.description': LISTING_FIELDS.schedule,
  'service.fees_description': LISTING_FIELDS.cost,
  'phone.number': LISTING_FIELDS.phone,
  'service.email': LISTING_FIELDS.email,
  'service.url': LISTING_FIELDS.website,
  'service.status': 'Status',
  'service.assured_date': 'Last checked',
};

export const historyLabel = (objectType: string, field: string): string =>
  HISTORY_LABELS[`${objectType}.${field}`] ?? `${objectType} ${field.replaceAll('_', ' ')}`;
