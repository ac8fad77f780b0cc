import { refused } from '../../errors.ts';
import { londonNow, openingTimesInWords } from './opening-times.ts';
import {
  checkQuery,
  DEFAULT_WITHIN_KM,
  displayPostcode,
  normalisePostcode,
  outwardCode,
  searchWords,
  type ServiceQuery,
} from './search-query.ts';
import type { DirectoryReference } from './store.ts';
import type { SearchFilters, ServiceCard } from './store-search.ts';
import type { ServiceDetails } from './store-service-page.ts';

export type { ServiceQuery } from './search-query.ts';
export type { ServiceDetails } from './store-service-page.ts';

/** One service found, with what its result card shows. */
export type FoundService = ServiceCard & {
  /** Great-circle distance from the postcode searched from to its nearest place; null without a postcode. */
  distanceKm: number | null;
  /** "Mondays and Wednesdays, 9am to 12pm", one line per opening. */
  openingTimes: string[];
};

export function createSearchService(reference: DirectoryReference) {
  const store = reference.search;
  return {
    /**
     * Active services matching the query, nearest first from a postcode, then best match for the words. Refuses
     * a value out of range or a postcode the directory does not know, saying what to fix. Every search is logged
     * for the gap report, naming nobody.
     */
    async find(query: ServiceQuery, now = new Date()): Promise<{ total: number; services: FoundService[] }> {
      checkQuery(query);
      const filters = await filtersFor(query, now);
      const { total, hits } = await store.find(filters);
      const cards = await store.cards(hits.map((hit) => hit.id));
      const distances = new Map(hits.map((hit) => [hit.id, hit.distanceKm]));
      // A search is counted once, when it asks for something: not for each later page of it, nor for a list of
      // everything (the API read page by page), which would fill the gap report with searches nobody made.
      const askedFor = filters.text !== undefined || Boolean(query.termIds?.length) || Boolean(query.postcode);
      if (query.page === 1 && askedFor)
        await store.logSearch({
          at: now,
          area: query.postcode ? outwardCode(normalisePostcode(query.postcode)!) : null,
          taxonomyTermId: query.termIds?.length === 1 ? query.termIds[0]!.toLowerCase() : null,
          hadText: filters.text !== undefined,
          results: total,
          byStaff: query.byStaff,
        });
      return {
        total,
        services: cards.map((card) => ({
          ...card,
          distanceKm: distances.get(card.id) ?? null,
          openingTimes: openingTimesInWords(card.schedules),
        })),
      };
    },

    /** What a search form offers to choose from: the needs and the languages in the directory. */
    async choices(): Promise<{ needs: { id: string; name: string }[]; languages: string[] }> {
      return { needs: await store.needs(), languages: await store.languages() };
    },

    /**
     * One service's page, with its opening times in words; undefined when there is no such service, or it has
     * closed for good (inactive or defunct).
     */
    async service(serviceId: string): Promise<(ServiceDetails & { openingTimes: string[] }) | undefined> {
      const details = await reference.servicePage.details(serviceId);
      if (!details || details.status === 'inactive' || details.status === 'defunct') return undefined;
      return { ...details, openingTimes: openingTimesInWords(details.openings) };
    },
  };

  async function filtersFor(query: ServiceQuery, now: Date): Promise<SearchFilters> {
    const filters: SearchFilters = {
      text: searchWords(query.text),
      termIds: query.termIds,
      taxonomyId: query.taxonomyId,
      age: query.age,
      minimumAge: query.minimumAge,
      maximumAge: query.maximumAge,
      free: query.free,
      language: searchWords(query.language),
      accessibility: searchWords(query.accessibility),
      limit: query.perPage,
      offset: (query.page - 1) * query.perPage,
    };
    if (query.postcode) {
      const postcode = normalisePostcode(query.postcode)!;
      const place = await store.placeOf(postcode);
      if (!place)
        throw refused(
          `We could not find the postcode ${displayPostcode(postcode)}. Check it, or search without a postcode.`,
        );
      filters.near = { ...place, withinKm: query.withinKm ?? DEFAULT_WITHIN_KM };
    }
    if (query.openNow) {
      const london = londonNow(now);
      filters.open = { day: london.day, time: london.time, onDate: london.date };
    } else if (query.day || query.startTime || query.endTime)
      filters.open = { day: query.day, time: query.startTime, until: query.endTime };
    return filters;
  }
}
