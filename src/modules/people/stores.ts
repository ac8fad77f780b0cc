import type { PeopleStore } from './store.ts';

/** What the people module's services need from the data context: the person's own people store. */
export type PeopleStores = { people: PeopleStore };
