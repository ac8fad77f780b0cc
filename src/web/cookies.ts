import type { CookieSerializeOptions } from '@fastify/cookie';

/** Cookie names and options: `__Host-` names and the Secure flag, unless configured off for plain-http localhost. */
export function cookieSettings(secure: boolean) {
  const options: CookieSerializeOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure };
  return {
    sessionCookie: secure ? '__Host-cw-session' : 'cw-session',
    csrfCookie: secure ? '__Host-cw-csrf' : 'cw-csrf',
    options,
  };
}
