import type { Actor, StaffActor } from '../../data/actor.ts';
import { pageWithin } from '../../data/paging.ts';
import { addMonths, ukDate } from '../../dates.ts';
import { notFound, refused } from '../../errors.ts';
import { mayDo } from '../identity/index.ts';
import { groupChanges } from './change-history.ts';
import { CHECK_EVERY_MONTHS, checkedStatus } from './checked.ts';
import { changedFields, LISTING_FIELD_NAMES, type ListingValues } from './listing-fields.ts';
import type { DirectoryReference } from './store.ts';
import type { Decision } from './store-community.ts';

/** Who suggested something: their name, and an e-mail address for questions, kept until the suggestion is decided. */
export type Suggester = { name: string; email: string | null };

/** What someone says about a listing: details that are wrong, that it has closed, or that it looks out of date. */
export type ListingReport =
  | { kind: 'correction'; proposed: Partial<ListingValues>; note: string | null }
  | { kind: 'closed' | 'out_of_date'; note: string | null };

const NOT_CHANGED = 'What you entered is the same as the listing says now. Enter the details that should change.';

const emptyListing = (): ListingValues =>
  Object.fromEntries(LISTING_FIELD_NAMES.map((field) => [field, null])) as ListingValues;

/** Suggestions from anyone, and the directory keepers' work: deciding them and keeping listings up to date. */
export function createCommunityService(reference: DirectoryReference) {
  const store = reference.community;

  /** The directory's keepers only; for anyone else the page does not exist. */
  const keeper = (actor: Actor | null | undefined): StaffActor => {
    if (!mayDo(actor, 'keepDirectory')) throw notFound();
    return actor;
  };
  const maker = (actor: StaffActor, source: 'suggestion' | 'steward', now: Date) => ({
    id: actor.id,
    name: actor.name,
    source,
    at: now,
    today: ukDate(now),
  });

  /** A listing anyone may say something about: one that has not closed. */
  async function openListing(serviceId: string) {
    const listing = await store.listing(serviceId);
    if (listing.status === 'defunct') throw notFound();
    return listing;
  }

  return {
    /** What a listing says now, for the form to correct it. */
    listingToCorrect: openListing,

    /** A new resource, suggested by anyone. */
    suggestNew: (values: ListingValues, by: Suggester, now = new Date()) =>
      store.addSuggestion(
        {
          kind: 'new',
          serviceId: null,
          proposed: values,
          note: null,
          suggesterName: by.name,
          suggesterEmail: by.email,
        },
        now,
      ),

    /**
     * Something wrong with a listing, said by anyone. A correction keeps only the details that differ from the listing
     * now, and is refused when nothing does.
     */
    async reportListing(serviceId: string, report: ListingReport, by: Suggester, now = new Date()) {
      const listing = await openListing(serviceId);
      // A detail left empty is one the suggester says nothing about: suggestions never remove a detail.
      const given =
        report.kind === 'correction' ? Object.entries(report.proposed).filter(([, value]) => value !== null) : [];
      const proposed = changedFields(listing.values, Object.fromEntries(given));
      if (report.kind === 'correction' && Object.keys(proposed).length === 0) throw refused(NOT_CHANGED);
      return store.addSuggestion(
        {
          kind: report.kind,
          serviceId,
          proposed,
          note: report.note,
          suggesterName: by.name,
          suggesterEmail: by.email,
        },
        now,
      );
    },

    /** The keepers' queue: suggestions waiting, oldest first, a page at a time, with how many of each kind. */
    async queue(actor: Actor | null, asked: number) {
      keeper(actor);
      const counts = await store.waitingCounts();
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      const page = pageWithin(total, asked);
      return { counts, total, page, items: await store.waiting(page.offset, page.size) };
    },

    /** One suggestion beside what the listing says now, and its decision once made. */
    async suggestion(actor: Actor | null, suggestionId: string) {
      keeper(actor);
      const suggestion = await store.suggestion(suggestionId);
      if (!suggestion) throw notFound();
      const listing = suggestion.service_id ? await store.listing(suggestion.service_id) : null;
      return { suggestion, listing };
    },

    /** Accepts a suggestion: its change is made to the listing, or the new resource is listed. Returns the service. */
    async accept(actor: Actor | null, suggestionId: string, now = new Date()): Promise<string | null> {
      const by = keeper(actor);
      const suggestion = await store.suggestion(suggestionId);
      if (!suggestion) throw notFound();
      const proposed = suggestion.proposed as Partial<ListingValues>;
      const decision: Decision =
        suggestion.kind === 'new'
          ? { outcome: 'accepted', newResource: { ...emptyListing(), ...proposed } }
          : suggestion.kind === 'correction'
            ? { outcome: 'accepted', changes: proposed }
            : suggestion.kind === 'closed'
              ? { outcome: 'accepted', changes: {}, status: 'defunct' }
              : { outcome: 'accepted', changes: {} };
      return store.decide(suggestionId, decision, maker(by, 'suggestion', now));
    },

    /** Rejects a suggestion, saying why. */
    async reject(actor: Actor | null, suggestionId: string, reason: string, now = new Date()): Promise<void> {
      const by = keeper(actor);
      if (!(await store.suggestion(suggestionId))) throw notFound();
      await store.decide(suggestionId, { outcome: 'rejected', reason }, maker(by, 'suggestion', now));
    },

    /** Listings not checked for CHECK_EVERY_MONTHS, or flagged as out of date, oldest check first, a page at a time. */
    async stale(actor: Actor | null, asked: number, now = new Date()) {
      keeper(actor);
      const today = ukDate(now);
      const checkedBefore = addMonths(today, -CHECK_EVERY_MONTHS);
      const total = await store.staleCount(checkedBefore);
      const page = pageWithin(total, asked);
      const items = await store.stale(checkedBefore, page.offset, page.size);
      return {
        total,
        page,
        items: items.map((item) => ({ ...item, checked: checkedStatus(item.assured_date, today) })),
      };
    },

    /** What a listing says now, for a keeper to change it. */
    async listingToEdit(actor: Actor | null, serviceId: string) {
      keeper(actor);
      return store.listing(serviceId);
    },

    /** A keeper's own change to a listing, applied at once; the details that did not change are left alone. */
    async edit(actor: Actor | null, serviceId: string, version: string, values: ListingValues, now = new Date()) {
      const by = keeper(actor);
      const listing = await store.listing(serviceId);
      await store.change(serviceId, version, changedFields(listing.values, values), maker(by, 'steward', now));
    },

    /** A keeper has checked a listing and it is right: it is marked as checked today. */
    async markChecked(actor: Actor | null, serviceId: string, now = new Date()) {
      const by = keeper(actor);
      await store.change(serviceId, null, {}, maker(by, 'steward', now));
    },

    /** A listing's changes, one group per save, newest first. */
    async history(actor: Actor | null, serviceId: string) {
      keeper(actor);
      const listing = await store.listing(serviceId);
      return { listing, groups: groupChanges(await store.history(serviceId)) };
    },
  };
}

export type CommunityService = ReturnType<typeof createCommunityService>;
