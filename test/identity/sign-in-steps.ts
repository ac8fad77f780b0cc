import assert from 'node:assert/strict';
import type { Db } from '../../src/db/database.ts';
import { currentTotpCode } from '../../src/modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../../src/seed/demo.ts';
import { TestClient, type TestApp } from '../support/app.ts';

/** The demo staff's one-time code showing now (every demo member of staff has the same secret). */
export const codeNow = (): Promise<string> => currentTotpCode(DEMO_TOTP);

/** A six-digit code that is not the one showing now. */
export const wrongCode = async (): Promise<string> =>
  String((Number(await codeNow()) + 500_000) % 1_000_000).padStart(6, '0');

/** A new browser that has signed in by password and is asked for its code. */
export async function atCodeStep(app: TestApp, email: string): Promise<TestClient> {
  const client = new TestClient(app.baseUrl);
  const page = await client.post('/sign-in', { email, password: DEMO_PASSWORD });
  assert.equal(page.location, '/sign-in/code', `${email} is asked for a code`);
  assert.equal((await client.get('/sign-in/code')).status, 200);
  return client;
}

export const staffId = async (db: Db, email: string): Promise<string> =>
  (await db.selectFrom('staff_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** The session cookie's value in a client's Cookie header. */
export const sessionCookie = (client: TestClient): string | undefined =>
  /(?:^|; )cw-session=([^;]+)/.exec(client.cookieHeader())?.[1];
