import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Opening } from './opening-times.ts';
import { schedulesOf } from './store-search.ts';

/** Everything the public page of one service shows. */
export type ServiceDetails = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  url: string | null;
  email: string | null;
  feesDescription: string | null;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  assuredDate: string | null;
  alert: string | null;
  organisation: { name: string; website: string | null; email: string | null } | null;
  places: { name: string | null; address: string | null; accessibility: string[] }[];
  openings: Opening[];
  costs: { option: string | null; amountPence: number | null; description: string | null }[];
  languages: string[];
  phones: { number: string; description: string | null; contactName: string | null }[];
};

/** One service as its public page shows it: where, when, cost, languages, access and how to get in touch. */
export function createServicePageStore(db: Db) {
  return {
    async details(serviceId: string): Promise<ServiceDetails | undefined> {
      const service = await db
        .selectFrom('dir_service as s')
        .leftJoin('dir_organization as o', 'o.id', 's.organization_id')
        .select([
          's.id',
          's.name',
          's.description',
          's.status',
          's.url',
          's.email',
          's.fees_description',
          's.eligibility_description',
          's.minimum_age',
          's.maximum_age',
          sql<string | null>`to_char(s.assured_date, 'YYYY-MM-DD')`.as('assured_date'),
          's.alert',
          'o.name as organisation_name',
          'o.website as organisation_website',
          'o.email as organisation_email',
        ])
        .where('s.id', '=', serviceId)
        .executeTakeFirst();
      if (!service) return undefined;
      const [places, accessibility, openings, costs, languages, phones] = await Promise.all([
        db
          .selectFrom('dir_service_at_location as sal')
          .innerJoin('dir_location as l', 'l.id', 'sal.location_id')
          .leftJoin('dir_address as a', 'a.location_id', 'l.id')
          .select(['l.id', 'l.name', 'a.address_1', 'a.city', 'a.postal_code'])
          .where('sal.service_id', '=', serviceId)
          .orderBy('sal.id')
          .orderBy('a.id')
          .execute(),
        db
          .selectFrom('dir_service_at_location as sal')
          .innerJoin('dir_accessibility as a', 'a.location_id', 'sal.location_id')
          .select(['a.location_id', sql<string>`coalesce(a.description, a.accessibility, '')`.as('text')])
          .where('sal.service_id', '=', serviceId)
          .orderBy('a.id')
          .execute(),
        sql<Opening>`select sc.byday, to_char(sc.opens_at, 'HH24:MI') as "opensAt",
            to_char(sc.closes_at, 'HH24:MI') as "closesAt", sc.description
          from ${schedulesOf(sql`${serviceId}::uuid`)} sc
          order by sc.opens_at nulls last, sc.id`.execute(db),
        db
          .selectFrom('dir_cost_option')
          .select(['option', 'amount_pence', 'amount_description'])
          .where('service_id', '=', serviceId)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('dir_language')
          .select('name')
          .where('service_id', '=', serviceId)
          .where('name', 'is not', null)
          .orderBy('name')
          .execute(),
        db
          .selectFrom('dir_contact as c')
          .innerJoin('dir_phone as p', 'p.contact_id', 'c.id')
          .select(['p.number', 'p.description', 'c.name'])
          .where('c.service_id', '=', serviceId)
          .orderBy('p.id')
          .execute(),
      ]);
      const seen = new Set<string>();
      return {
        id: service.id,
        name: service.name,
        description: service.description,
        status: service.status,
        url: service.url,
        email: service.email,
        feesDescription: service.fees_description,
        eligibilityDescription: service.eligibility_description,
        minimumAge: service.minimum_age,
        maximumAge: service.maximum_age,
        assuredDate: service.assured_date,
        alert: service.alert,
        organisation: service.organisation_name
          ? {
              name: service.organisation_name,
              website: service.organisation_website,
              email: service.organisation_email,
            }
          : null,
        // One entry per place, with its first address.
        places: places.flatMap((place) => {
          if (seen.has(place.id)) return [];
          seen.add(place.id);
          const address = [place.address_1, place.city, place.postal_code].filter(Boolean).join(', ');
          return [
            {
              name: place.name,
              address: address || null,
              accessibility: accessibility
                .filter((row) => row.location_id === place.id && row.text)
                .map((row) => row.text),
            },
          ];
        }),
        openings: openings.rows,
        costs: costs.map((cost) => ({
          option: cost.option,
          amountPence: cost.amount_pence === null ? null : Number(cost.amount_pence),
          description: cost.amount_description,
        })),
        languages: [...new Set(languages.map((language) => language.name!))],
        phones: phones.map((phone) => ({
          number: phone.number,
          description: phone.description,
          contactName: phone.name,
        })),
      };
    },
  };
}
