import { formatUkDate, formatUkDateTime } from '../../../dates.ts';
import { LISTING_FIELD_NAMES, LISTING_FIELDS, type ListingNow, type ListingValues } from '../listing-fields.ts';
import type { CommunityService } from '../community-service.ts';
import type { SuggestionKind } from '../tables-community.ts';

/** Each kind of suggestion in the keepers' words. */
export const KIND_NAMES: Record<SuggestionKind, string> = {
  new: 'New service or group',
  correction: 'Correction',
  closed: 'Says it has closed',
  out_of_date: 'Says it looks out of date',
};

type SuggestionRow = Awaited<ReturnType<CommunityService['suggestion']>>['suggestion'];

/**
 * A suggestion as the keeper checks it: each detail it is about, with what the listing says now beside what was
 * suggested (every detail given, for a new resource), and what accepting it will do.
 */
export function describeSuggestion(suggestion: SuggestionRow, listing: ListingNow | null) {
  const proposed = suggestion.proposed as Partial<ListingValues>;
  const fields =
    suggestion.kind === 'new'
      ? LISTING_FIELD_NAMES.filter((field) => proposed[field])
      : LISTING_FIELD_NAMES.filter((field) => field in proposed);
  return {
    suggestion: {
      id: suggestion.id,
      kind: suggestion.kind,
      kindName: KIND_NAMES[suggestion.kind],
      note: suggestion.note,
      by: suggestion.suggester_name,
      email: suggestion.suggester_email,
      at: formatUkDateTime(suggestion.suggested_at),
      decided: suggestion.outcome
        ? {
            accepted: suggestion.outcome === 'accepted',
            reason: suggestion.reason,
            by: suggestion.decided_by_name,
            at: formatUkDateTime(suggestion.decided_at),
            serviceId: suggestion.decided_service_id,
          }
        : null,
    },
    serviceId: suggestion.service_id,
    name: listing?.values.name ?? proposed.name ?? '',
    checked: listing?.assuredDate ? formatUkDate(listing.assuredDate) : null,
    rows: fields.map((field) => ({
      label: LISTING_FIELDS[field],
      now: listing ? (listing.values[field] ?? 'Not given') : undefined,
      suggested: proposed[field] ?? 'Not given',
      same: listing ? listing.values[field] === proposed[field] : false,
    })),
    accepting: {
      new: 'Accepting adds it to the directory as a new listing, checked today.',
      correction: 'Accepting changes the listing as suggested and marks it as checked today.',
      closed: 'Accepting marks the service as closed: it is no longer found in searches.',
      out_of_date: 'Check the listing first. Accepting marks it as checked today; change it first if it is wrong.',
    }[suggestion.kind],
  };
}
