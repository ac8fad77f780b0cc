import type { DirectoryReference } from './store.ts';

export function createCommunityService(_reference: DirectoryReference) {
  return {};
}
