import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`an organisation's logo address (${testBackend()})`, () => {
  let app: TestApp;
  const setCouncilLogo = (logoUrl: string | null) =>
    app.db
      .updateTable('organisation')
      .set({ logo_url: logoUrl })
      .where('name', '=', 'Northbridge City Council')
      .execute();

  before(async () => {
    app = await startTestApp({ organisationLogoUrl: '/assets/careweave-logo.svg' });
  });
  after(() => app.close());

  test('one from the database is shown only when it is a path on this site, as the configured one must be', async () => {
    const priya = await signedIn(app, 'priya.shah@council.example.org');
    const logoOf = async () =>
      /class="careweave-header__logo" src="([^"]*)"/.exec((await priya.get('/staff')).text)?.[1];
    for (const elsewhere of ['//other.host/logo.png', '/\\other.host/logo.png', 'https://other.host/logo.png']) {
      await setCouncilLogo(elsewhere);
      assert.equal(await logoOf(), '/assets/careweave-logo.svg', elsewhere);
    }
    await setCouncilLogo('/assets/council-logo.svg');
    assert.equal(await logoOf(), '/assets/council-logo.svg');
  });
});
