import type { DirectoryReference } from './store.ts';

export function createListingsService(_reference: DirectoryReference) {
  return {};
}
