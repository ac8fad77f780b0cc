import type { DirectoryReference } from './store.ts';

export function createReferralsService(_reference: DirectoryReference) {
  return {};
}
