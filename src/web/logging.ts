import type { FastifyServerOptions } from 'fastify';

/**
 * What is logged of an error: its type, its code, its HTTP status and where it happened. Never its message or
 * other fields: a database error's message, `detail` and `where` carry the values of the row or query that
 * failed, which may be anyone's About me text, plan or id.
 */
export function describeError(error: unknown): { type: string; code?: string; status?: number; stack?: string } {
  if (!error || typeof error !== 'object') return { type: typeof error };
  const { name, code, statusCode, status, stack } = error as Record<string, unknown>;
  const type = typeof name === 'string' && /^\w{1,64}$/.test(name) ? name : error.constructor.name;
  const httpStatus = typeof statusCode === 'number' ? statusCode : typeof status === 'number' ? status : undefined;
  return {
    type,
    ...(safeCode(code) && { code: String(code) }),
    ...(httpStatus && { status: httpStatus }),
    ...(typeof stack === 'string' && { stack: stackFrames(stack) }),
  };
}

/** Error codes are short names like CW_NOT_FOUND, 23514 (SQLSTATE) or ECONNREFUSED; anything else is not one. */
const safeCode = (code: unknown): boolean =>
  (typeof code === 'string' || typeof code === 'number') && /^[A-Za-z0-9_.-]{1,64}$/.test(String(code));

/** The "at ..." lines of a stack: where it happened, without the message that heads it. */
const stackFrames = (stack: string): string =>
  stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');

type LoggingRequest = { id: string; method: string; routeOptions?: { url?: string } };

/**
 * Log lines carry the request's id, method and route (the path's pattern, like /people/:personId/about-me),
 * the response's status, and errors as describeError gives them: never a path with its ids, a query string,
 * a body, a header or a row's values, which may hold personal data.
 */
export function logOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (request: LoggingRequest) => ({
        id: request.id,
        method: request.method,
        route: request.routeOptions?.url ?? null,
      }),
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
      err: describeError,
    },
    hooks: { logMethod: withoutErrorMessages },
    // Fastify's type wants every error line to have a message; these on purpose have none.
  } as unknown as FastifyServerOptions['logger'];
}

/**
 * Fastify and pino put an error's message in the line's text in places (`log.error(error)`, the default error
 * handler, "Route GET:/path?query not found"): those texts are replaced with ones that carry nothing.
 */
function withoutErrorMessages(this: unknown, args: unknown[], log: (...args: unknown[]) => void): void {
  const [first, second, ...rest] = args;
  if (first instanceof Error) return log.apply(this, [{ err: first }, 'error']);
  const err = first && typeof first === 'object' ? (first as { err?: unknown }).err : undefined;
  if (err instanceof Error && typeof second === 'string' && second === err.message)
    return log.apply(this, [first, 'error', ...rest]);
  if (typeof first === 'string' && /^Route \S+ not found$/.test(first)) return log.apply(this, ['route not found']);
  return log.apply(this, args);
}
