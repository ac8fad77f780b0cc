import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { StaffActor } from '../../src/data/actor.ts';
import type { Db } from '../../src/db/database.ts';
import { currentTotpCode } from '../../src/modules/identity/credentials.ts';
import { DEMO_PASSWORD, DEMO_TOTP, seedDemo, type DemoIds } from '../../src/seed/demo.ts';
import { createServices, type Services } from '../../src/services.ts';
import { freshDatabase } from './database.ts';

export type TestApp = {
  baseUrl: string;
  db: Db;
  ids: DemoIds;
  services: Services;
  app: FastifyInstance;
  close: () => Promise<void>;
};

/** Careweave on a fresh database with the demo area, listening on a free port. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const handle = await freshDatabase();
  const config: Config = {
    ...loadConfig({ COOKIE_SECURE: 'false', LOG_LEVEL: 'silent' }),
    ...handle.config,
    ...overrides,
  };
  const ids = await seedDemo(handle.db);
  const services = createServices(handle.db, config);
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db: handle.db,
    ids,
    services,
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export type Page = { status: number; text: string; location: string | null; headers: Headers };

/** A small browser over real HTTP: keeps cookies, follows nothing by itself, and sends each form's CSRF token. */
export class TestClient {
  readonly #baseUrl: string;
  readonly #cookies = new Map<string, string>();
  #csrfToken = '';

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl;
  }

  async get(path: string): Promise<Page> {
    return this.#request('GET', path);
  }

  /**
   * Posts a form. Fetches a page first when it holds no CSRF token for its session: none seen yet, or a new
   * session or CSRF secret since (at sign-in), as a browser would load the next page before sending a form.
   */
  async post(path: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<Page> {
    if (options.csrf !== false && !this.#csrfToken) await this.refreshCsrfToken();
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
    if (options.csrf !== false) body.set('_csrf', this.#csrfToken);
    return this.#request('POST', path, body);
  }

  /**
   * Posts a form with a file, as multipart/form-data (with the CSRF token, fetching a page first when it has none),
   * as a browser sends a form with a file upload.
   */
  async upload(
    path: string,
    form: Record<string, string>,
    file: { field: string; filename: string; bytes: Uint8Array | string; type?: string },
  ): Promise<Page> {
    if (!this.#csrfToken) await this.refreshCsrfToken();
    const body = new FormData();
    body.set('_csrf', this.#csrfToken);
    for (const [name, value] of Object.entries(form)) body.append(name, value);
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : new Uint8Array(file.bytes);
    body.append(file.field, new Blob([bytes], { type: file.type ?? 'text/csv' }), file.filename);
    return this.#request('POST', path, body);
  }

  /** Loads a page with a form for whoever this client is: the sign-in page, or signed in, their sessions. */
  async refreshCsrfToken(): Promise<void> {
    const page = await this.get('/sign-in');
    if (page.status === 303) await this.get('/account/sessions');
  }

  /** The cookies this client holds, as a Cookie header. */
  cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /**
   * Signs in with the demo password; staff also enter their current one-time code, from their secret
   * in the database when `db` is given, else the demo secret.
   */
  async signIn(email: string, db?: Db): Promise<void> {
    const page = await this.post('/sign-in', { email, password: DEMO_PASSWORD });
    if (page.status !== 303) throw new Error(`Sign-in for ${email} answered ${page.status}`);
    if (page.location === '/sign-in/code') {
      const staff =
        db &&
        (await db
          .selectFrom('staff_account')
          .select('totp_secret')
          .where('email', '=', email)
          .executeTakeFirstOrThrow());
      // Each code works once: a test that signs the same member of staff in twice within 30 seconds would
      // otherwise wait for their app's next code.
      if (db) await db.updateTable('staff_account').set({ totp_last_step: null }).where('email', '=', email).execute();
      const done = await this.post('/sign-in/code', { code: await currentTotpCode(staff?.totp_secret ?? DEMO_TOTP) });
      if (done.status !== 303) throw new Error(`One-time code for ${email} answered ${done.status}`);
    }
  }

  async #request(method: string, path: string, body?: URLSearchParams | FormData): Promise<Page> {
    const headers: Record<string, string> = {};
    if (this.#cookies.size) headers.cookie = this.cookieHeader();
    // A multipart body's type names its boundary, which fetch sets itself.
    if (body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.#baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      // A new session or CSRF secret makes the tokens of earlier pages worthless.
      if (/cw-(session|csrf)$/.test(name!.trim())) this.#csrfToken = '';
      const value = rest.join('=');
      if (value === '' || /expires=thu, 01 jan 1970/i.test(cookie)) this.#cookies.delete(name!.trim());
      else this.#cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.#csrfToken = token[1]!;
    return { status: response.status, text, location: response.headers.get('location'), headers: response.headers };
  }
}

/** The visible text of a page, without tags, with spaces collapsed: for asserting on what a person reads. */
export const visibleText = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A client signed in as one of the demo accounts. */
export async function signedIn(app: TestApp, email: string): Promise<TestClient> {
  const client = new TestClient(app.baseUrl);
  await client.signIn(email, app.db);
  return client;
}

/** A member of staff as their session would make them (by id), for asking the data context directly. */
export const staffActor = (app: TestApp, staffId: string): Promise<StaffActor> => staffActorIn(app.db, staffId);

/** The same, from any database: for the benchmarks, which have no test app. */
export async function staffActorIn(db: Db, staffId: string): Promise<StaffActor> {
  const row = await db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.display_name',
      'staff_account.email',
      'staff_account.role',
      'staff_account.job_title',
      'organisation.id as organisation_id',
      'organisation.name',
      'organisation.logo_url',
    ])
    .where('staff_account.id', '=', staffId)
    .executeTakeFirstOrThrow();
  return {
    kind: 'staff',
    id: row.id,
    name: row.display_name,
    email: row.email,
    role: row.role,
    jobTitle: row.job_title,
    organisationId: row.organisation_id,
    organisationName: row.name,
    organisationLogoUrl: row.logo_url,
    sessionId: 'test',
  };
}
