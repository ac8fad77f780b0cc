// The one part of node-postgres's internal helpers that Careweave uses (postgres-round-trips.ts): how it converts a
// statement's value for the server. Its package has no types for it.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): unknown;
}
