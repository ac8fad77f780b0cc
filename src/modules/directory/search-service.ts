import type { DirectoryReference } from './store.ts';

export function createSearchService(_reference: DirectoryReference) {
  return {};
}
