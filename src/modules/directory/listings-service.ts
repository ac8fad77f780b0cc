import { HSDS_OBJECTS, type HsdsObjectName } from './hsds-objects.ts';
import {
  hsdsFields,
  LOCATION_FULL,
  nest,
  oneById,
  ORGANIZATION_FULL,
  SERVICE_AT_LOCATION_FULL,
  SERVICE_AT_LOCATION_LIST,
  SERVICE_FULL,
  SERVICE_LIST,
  TAXONOMY_FULL,
  type Shape,
} from './hsds-read.ts';
import { importListings, type ImportOptions, type ImportSource } from './listings-import.ts';
import type { Row } from './store-listings.ts';
import type { DirectoryReference } from './store.ts';

export type { ImportReport, ImportSource } from './listings-import.ts';
export type { CsvTable } from './hsds-documents.ts';

/** A page of a list, as the Open Referral UK API pages it. */
export type HsdsPage = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Row[];
};

/** The Page fields around one page's contents. */
export function hsdsPage(contents: Row[], total: number, page: number, perPage: number): HsdsPage {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Everything in the directory as one JSON document: the shapes the import takes, fully nested. */
export type DirectoryBundle = {
  organizations: Row[];
  taxonomies: Row[];
  taxonomy_terms: Row[];
  locations: Row[];
  services: Row[];
};

/** A table of the CSV layout: its file name, its columns (HSDS's field names) and its rows. */
export type CsvExport = { file: string; columns: string[]; rows: Row[] };

/** Listing pages on their own: what is about nobody, shared by every reader. */
const FLAT: Shape = {};

/** The directory's listings: import, export, and what the Open Referral UK read API answers. */
export function createListingsService(reference: DirectoryReference) {
  const store = reference.listings;

  const all = async (object: HsdsObjectName) => (await store.page(HSDS_OBJECTS[object].table, 2 ** 31 - 1, 0)).rows;

  /** One page of a table, nested as asked, by id. */
  async function pageOf(object: HsdsObjectName, shape: Shape, page: number, perPage: number): Promise<HsdsPage> {
    const { total, rows } = await store.page(HSDS_OBJECTS[object].table, perPage, (page - 1) * perPage);
    return hsdsPage(await nest(store, object, rows, shape), total, page, perPage);
  }

  return {
    /** Imports one file; see listings-import.ts for what is checked. */
    import: (source: ImportSource, options: ImportOptions) => importListings(store.write, source, options),

    async exportBundle(): Promise<DirectoryBundle> {
      const terms = await all('taxonomy_term');
      return {
        organizations: await nest(store, 'organization', await all('organization'), { organization_identifiers: {} }),
        taxonomies: await nest(store, 'taxonomy', await all('taxonomy'), TAXONOMY_FULL),
        // Terms in a taxonomy are nested in it; the rest stand alone.
        taxonomy_terms: terms
          .filter((term) => term.taxonomy_id === null)
          .map((term) => hsdsFields('taxonomy_term', term)),
        locations: await nest(store, 'location', await all('location'), LOCATION_FULL),
        services: await nest(store, 'service', await all('service'), SERVICE_FULL),
      };
    },

    /** Every table in the CSV layout, one file each. */
    async exportTables(): Promise<CsvExport[]> {
      const tables: CsvExport[] = [];
      for (const [object, spec] of Object.entries(HSDS_OBJECTS) as [
        HsdsObjectName,
        (typeof HSDS_OBJECTS)[HsdsObjectName],
      ][])
        tables.push({
          file: spec.csv,
          columns: Object.keys(spec.fields),
          rows: (await all(object)).map((row) => hsdsFields(object, row)),
        });
      return tables;
    },

    service: (id: string) => oneById(store, 'service', id, SERVICE_FULL),
    serviceAtLocation: (id: string) => oneById(store, 'service_at_location', id, SERVICE_AT_LOCATION_FULL),
    organization: (id: string) => oneById(store, 'organization', id, ORGANIZATION_FULL),
    taxonomy: (id: string) => oneById(store, 'taxonomy', id, TAXONOMY_FULL),
    taxonomyTerm: (id: string) => oneById(store, 'taxonomy_term', id, FLAT),

    organizations: (page: number, perPage: number) => pageOf('organization', FLAT, page, perPage),
    taxonomies: (page: number, perPage: number) => pageOf('taxonomy', FLAT, page, perPage),
    taxonomyTerms: (page: number, perPage: number) => pageOf('taxonomy_term', FLAT, page, perPage),

    /** Services as a list shows them (their own fields and their organisation's), in the order of `ids`. */
    async servicesInList(ids: string[]): Promise<Row[]> {
      const rows = await store.rowsWhere('dir_service', 'id', ids);
      const byId = new Map(rows.map((row) => [row.id as string, row]));
      const ordered = ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
      return nest(store, 'service', ordered, SERVICE_LIST);
    },

    /** Each place the services are offered at, as a list shows them, in the order of `serviceIds`. */
    async placesInList(serviceIds: string[]): Promise<Row[]> {
      const rows = await store.rowsWhere('dir_service_at_location', 'service_id', serviceIds);
      const order = new Map(serviceIds.map((id, index) => [id, index]));
      rows.sort((a, b) => order.get(a.service_id as string)! - order.get(b.service_id as string)!);
      return nest(store, 'service_at_location', rows, SERVICE_AT_LOCATION_LIST);
    },
  };
}

export type ListingsService = ReturnType<typeof createListingsService>;
