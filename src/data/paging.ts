/** How many people a long list shows at a time. */
export const PAGE_SIZE = 50;

/** One page of a long list: which page it is (from 1), how many pages there are, and where it starts. */
export type Page = { number: number; count: number; offset: number; size: number };

/**
 * The page asked for, kept within the list: a page past the end shows the last page (the list may have shrunk
 * since the link was made), and a list of nobody has one empty page.
 */
export function pageWithin(total: number, asked: number, size = PAGE_SIZE): Page {
  const count = Math.max(1, Math.ceil(total / size));
  const number = Math.min(Math.max(1, asked), count);
  return { number, count, offset: (number - 1) * size, size };
}

/** A long list, one page of it at a time: `total` counts everyone in the list, `items` are this page's. */
export type Paged<T> = { total: number; page: Page; items: T[] };
