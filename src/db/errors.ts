/**
 * The constraint a PostgreSQL unique-key violation names ('' when the driver gives none), or undefined for
 * any other error: two writers saved the same key at the same instant. PGlite reports it the same way.
 */
export function uniqueKeyClash(error: unknown): string | undefined {
  const failure = error as { code?: unknown; constraint?: unknown } | null;
  return failure?.code === '23505' ? (typeof failure.constraint === 'string' ? failure.constraint : '') : undefined;
}
