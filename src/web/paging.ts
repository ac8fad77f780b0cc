import type { FastifyRequest } from 'fastify';
import type { Page } from '../data/paging.ts';

/**
 * The page number in `?page=`: a whole number from 1. Anything else (missing, 0, -1, 2.5, words) is page 1, so
 * a mistyped or old link still shows the list from its start rather than an error.
 */
export function pageAsked(request: FastifyRequest): number {
  const asked = (request.query as { page?: unknown }).page;
  return typeof asked === 'string' && /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : 1;
}

type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };

/**
 * The GOV.UK pagination component's settings for a list at `path` (which may carry a query of its own): previous and next, the first and last page,
 * and the pages either side of this one, with gaps between; `landmarkLabel` names it for screen readers.
 * Undefined when the list fits on one page.
 */
export function paginationView(path: string, page: Page, landmarkLabel: string) {
  if (page.count < 2) return undefined;
  const href = (number: number) => (number === 1 ? path : `${path}${path.includes('?') ? '&' : '?'}page=${number}`);
  const shown = [...new Set([1, page.number - 1, page.number, page.number + 1, page.count])]
    .filter((number) => number >= 1 && number <= page.count)
    .toSorted((a, b) => a - b);
  const items: PaginationItem[] = [];
  for (const [index, number] of shown.entries()) {
    if (index > 0 && number - shown[index - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page.number });
  }
  return {
    previous: page.number > 1 ? { href: href(page.number - 1) } : undefined,
    next: page.number < page.count ? { href: href(page.number + 1) } : undefined,
    items,
    landmarkLabel,
  };
}
