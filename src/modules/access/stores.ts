import type { PeopleStore } from '../people/index.ts';
import type { AccessStore } from './store.ts';

/** What the access module's services need from the data context: the person's access store, and people's for names. */
export type AccessStores = { access: AccessStore; people: PeopleStore };
