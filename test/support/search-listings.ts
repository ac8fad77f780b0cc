import type { ListingSpec } from './directory-builder.ts';

/** Where the search tests stand: the postcode ZZ1 1AA, and a service about 1.1 km (0.7 miles) north of it. */
export const HOME_POSTCODE = { postcode: 'ZZ1 1AA', latitude: 52.0, longitude: -1.0 };

/** A counselling service for carers near ZZ1 1AA, open Mondays and Wednesdays 9am to 12pm, free, in Urdu too. */
export const carersCounselling = (needs: string[], more: Partial<ListingSpec> = {}): ListingSpec => ({
  name: 'Counselling for carers',
  description: 'Someone to talk to when caring gets hard.',
  needs,
  latitude: 52.01,
  longitude: -1.0,
  postcode: 'ZZ1 1AB',
  minimumAge: 18,
  schedule: { byday: 'MO,WE', opensAt: '09:00', closesAt: '12:00' },
  languages: ['English', 'Urdu'],
  accessibility: ['Step-free access'],
  assuredDate: '2026-03-03',
  ...more,
});
