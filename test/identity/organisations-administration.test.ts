import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniqueKeyClash } from '../../src/db/errors.ts';
import { newId } from '../../src/ids.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const NADIA = 'nadia.brooks@council.example.org';
const ADD = '/admin/organisations/add';

const form = (fields: Record<string, string>) => ({
  name: 'Willow Court Care Home',
  kind: 'care_home',
  parentId: '',
  odsCode: '',
  adminName: 'Ines Ortega',
  adminEmail: 'ines.ortega@willowcourt.example.org',
  adminJobTitle: 'Registered manager',
  ...fields,
});

describe(`a platform administrator adds organisations (${testBackend()})`, () => {
  let app: TestApp;
  let nadia: TestClient;

  const counts = async () => {
    const count = async (table: 'organisation' | 'staff_account' | 'invitation') =>
      Number(
        (
          await app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      organisations: await count('organisation'),
      staff: await count('staff_account'),
      invitations: await count('invitation'),
    };
  };
  const organisationNamed = (name: string) =>
    app.db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  before(async () => {
    app = await startTestApp();
    nadia = await signedIn(app, NADIA);
  });
  after(() => app.close());

  test('every kind of organisation is added with its first administrator invited; a ward under its trust', async () => {
    const trustId = app.ids.organisations.trust!;
    const kinds: [string, string, Record<string, string>][] = [
      ['nhs_trust', 'Eastvale Community NHS Trust', { odsCode: 'rx9' }],
      ['hospital_ward', 'Ward 7 (Elder care)', { parentId: trustId, odsCode: 'RX123' }],
      ['gp_practice', 'Hillside Surgery', { odsCode: 'B82005' }],
      ['council', 'Eastvale District Council', {}],
      ['community_health', 'Eastvale Community Nursing', {}],
      ['voluntary_group', 'Friends of Eastvale Library', {}],
      ['care_home', 'Willow Court Care Home', {}],
      ['home_care_provider', 'Helping Hands at Home', {}],
    ];
    for (const [index, [kind, name, fields]] of kinds.entries()) {
      const email = `admin${index}@${kind.replace(/_/g, '-')}.example.org`;
      const before = await counts();
      const page = await nadia.post(
        ADD,
        form({ kind, name, adminEmail: email, adminName: `Admin ${index}`, ...fields }),
      );
      assert.equal(page.status, 200, `${kind}: ${visibleText(page.text).slice(0, 300)}`);
      const text = visibleText(page.text);
      assert.ok(
        text.includes(`Success ${name} has been added, and Admin ${index} invited as its administrator.`),
        text,
      );
      assert.match(page.text, /\/invitations\/[A-Za-z0-9_-]{43}/, 'the one-time link is shown');
      assert.deepEqual(await counts(), {
        organisations: before.organisations + 1,
        staff: before.staff + 1,
        invitations: before.invitations + 1,
      });

      const organisation = await organisationNamed(name);
      assert.equal(organisation.kind, kind);
      assert.equal(organisation.parent_id, kind === 'hospital_ward' ? trustId : null);
      assert.equal(organisation.ods_code, fields.odsCode ? fields.odsCode.toUpperCase() : null);
      const administrator = await app.db
        .selectFrom('staff_account')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      assert.equal(administrator.organisation_id, organisation.id);
      assert.equal(administrator.role, 'administrator');
      assert.equal(administrator.job_title, 'Registered manager');
      assert.equal(administrator.password_hash, null);
    }

    const list = await nadia.get('/admin/organisations');
    assert.equal(list.status, 200);
    const text = visibleText(list.text);
    assert.match(
      text,
      /NHS trusts Eastvale Community NHS Trust ODS code RX9, 1 staff account Northbridge Hospitals NHS Foundation Trust 3 staff accounts Ward 7 \(Elder care\) \(ward, ODS code RX123, 1 staff account\)/,
      'wards are listed under their trust',
    );
    assert.match(text, /Care home Willow Court Care Home/);
    assert.match(text, /Voluntary or community groups Friends of Eastvale Library/);
    assert.match(list.text, /href="\/admin\/organisations" aria-current="true"/);
  });

  test('bad input gets a message by the field and adds nothing', async () => {
    const gpId = app.ids.organisations.gp!;
    const before = await counts();
    const taken =
      'Someone already has a Careweave account with this email address. Use a different work email address.';
    const cases: [Record<string, string>, string, string][] = [
      [{ name: '   ' }, 'name', 'Enter the organisation’s name'],
      [{ kind: '' }, 'kind', 'Select the type of organisation'],
      [{ kind: 'hospital' }, 'kind', 'Select the type of organisation'],
      [
        { odsCode: 'R-1' },
        'odsCode',
        'Enter an ODS code of 3 to 10 letters and numbers, like RTH or A81001, or leave it empty',
      ],
      [
        { odsCode: 'RX' },
        'odsCode',
        'Enter an ODS code of 3 to 10 letters and numbers, like RTH or A81001, or leave it empty',
      ],
      [{ odsCode: 'rx9' }, 'odsCode', 'Eastvale Community NHS Trust already has this ODS code. Check the code'],
      [{ kind: 'hospital_ward', parentId: '' }, 'parentId', 'Select the NHS trust the ward belongs to'],
      [{ kind: 'hospital_ward', parentId: gpId }, 'parentId', 'Select the NHS trust the ward belongs to'],
      [{ kind: 'hospital_ward', parentId: 'not-an-id' }, 'parentId', 'Select the NHS trust the ward belongs to'],
      [{ kind: 'hospital_ward', parentId: newId() }, 'parentId', 'Select the NHS trust the ward belongs to'],
      [{ adminName: '' }, 'adminName', 'Enter the administrator’s full name'],
      [{ adminEmail: 'ines' }, 'adminEmail', 'Enter an email address in the correct format, like name@example.org'],
      [{ adminEmail: 'ALAN.WARD@council.example.org' }, 'adminEmail', taken],
      [{ adminEmail: 'fatima.khan@example.org' }, 'adminEmail', taken],
      [{ adminJobTitle: '' }, 'adminJobTitle', 'Enter the administrator’s job title'],
    ];
    for (const [fields, field, message] of cases) {
      const page = await nadia.post(ADD, form({ name: 'Should Not Exist', ...fields }));
      assert.equal(page.status, 400, JSON.stringify(fields));
      const text = visibleText(page.text);
      assert.ok(text.includes(`There is a problem ${message}`), `${JSON.stringify(fields)}: ${text.slice(0, 600)}`);
      assert.match(page.text, new RegExp(`href="#${field}"`));
      if (!('name' in fields)) assert.match(page.text, /value="Should Not Exist"/, 'what was typed is kept');
    }
    // Two problems at once: both are named.
    const both = visibleText((await nadia.post(ADD, form({ name: '', kind: 'hospital_ward' }))).text);
    assert.match(both, /There is a problem Enter the organisation’s name Select the NHS trust the ward belongs to/);
    assert.deepEqual(await counts(), before);

    // The database holds an ODS code to one organisation too, for two additions at the same moment.
    await assert.rejects(
      app.db
        .insertInto('organisation')
        .values({ id: newId(), name: 'Twin', kind: 'council', ods_code: 'RX9', logo_url: null, parent_id: null })
        .execute(),
      (error) => uniqueKeyClash(error) === 'organisation_ods_code',
    );
  });

  test('nobody but a platform administrator sees or adds organisations', async () => {
    const before = await counts();
    for (const email of [
      'alan.ward@council.example.org',
      'priya.shah@council.example.org',
      'joan.clarke@trust.example.org',
      'helen.price@council.example.org',
    ]) {
      const client = await signedIn(app, email);
      assert.equal((await client.get('/admin/organisations')).status, 404, email);
      assert.equal((await client.get(ADD)).status, 404, email);
      assert.equal((await client.post(ADD, form({ adminEmail: 'sneaky@example.org' }))).status, 404, email);
      assert.doesNotMatch((await client.get('/account/sessions')).text, /href="\/admin\/organisations"/);
    }
    const aisha = await signedIn(app, 'aisha.khan@example.org');
    assert.notEqual((await aisha.get('/admin/organisations')).status, 200);
    assert.notEqual((await aisha.post(ADD, form({ adminEmail: 'sneaky@example.org' }))).status, 200);
    assert.equal((await new TestClient(app.baseUrl).get('/admin/organisations')).location, '/sign-in');
    assert.deepEqual(await counts(), before);
  });

  test("a platform administrator does not manage an organisation's staff or see anyone's record", async () => {
    const home = await nadia.get('/staff');
    assert.equal(home.status, 200);
    assert.match(home.text, /href="\/admin\/organisations"/, 'her navigation leads to the organisations');
    assert.equal((await nadia.get('/staff/organisation/staff')).status, 404);
    assert.equal((await nadia.get('/staff/find')).status, 404);
    assert.equal((await nadia.get(`/people/${app.ids.people.aisha}`)).status, 404);
  });
});
