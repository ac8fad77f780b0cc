import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMonths, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../../src/seed/demo.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addListing, addPostcode } from '../support/directory-builder.ts';

const KEEPER = 'sam.okoro@community.example.org';
const SECOND_KEEPER = 'ola.keeper@community.example.org';

describe(`Community mapping: suggestions from anyone, the keepers' moderation, listings to check (${testBackend()})`, () => {
  let app: TestApp;
  let keeper: TestClient;
  let today: string;

  const suggestions = () => app.db.selectFrom('directory_suggestion').selectAll().orderBy('suggested_at').execute();
  const decisions = () => app.db.selectFrom('directory_suggestion_decision').selectAll().execute();
  const service = (id: string) =>
    app.db.selectFrom('dir_service').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const changes = (objectIds: string[]) =>
    app.db.selectFrom('directory_change').selectAll().where('object_id', 'in', objectIds).execute();
  const anyone = () => new TestClient(app.baseUrl);
  const found = async (words: string) =>
    visibleText((await anyone().get(`/directory?words=${encodeURIComponent(words)}`)).text);
  const newest = async () => (await suggestions()).at(-1)!;

  const NEW_RESOURCE = {
    name: 'Zedbury Walking Football',
    description: 'Gentle football for people over 50, whatever your fitness.',
    organisation: 'Zedbury Sports Trust',
    address: '2 Synthetic Park Road',
    town: 'Testford',
    postcode: 'zz9 9zz',
    schedule: 'Saturdays 10am to 11am',
    cost: 'Free',
    phone: '01632 960 111',
    email: 'hello@walking.example.org',
    website: 'https://walking.example.org',
    suggester_name: 'Jo Bloggs',
    suggester_email: 'jo.bloggs@example.org',
  };

  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 100_000 });
    today = ukDate(new Date());
    keeper = await signedIn(app, KEEPER);
    await addPostcode(app.db, 'ZZ9 9ZZ', 51.5, -0.1);
    await addPostcode(app.db, 'ZZ1 2BB', 51.6, -0.2);
  });
  after(() => app.close());

  test('anyone suggests a new resource without an account, told what happens next; the email is never public', async () => {
    const client = anyone();
    const form = await client.get('/directory/suggest');
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Suggest a service or group/);
    const sent = await client.post('/directory/suggest', NEW_RESOURCE);
    assert.equal(sent.status, 303);
    assert.equal(sent.location, '/directory/suggest/sent?email=1');
    const confirmation = visibleText((await client.get(sent.location)).text);
    assert.match(confirmation, /Your suggestion has been sent to the directory’s keepers/);
    assert.match(confirmation, /What happens next/);
    assert.match(confirmation, /Your email address is deleted once they have decided/);
    const row = await newest();
    assert.equal(row.kind, 'new');
    assert.equal(row.service_id, null);
    assert.equal(row.proposed.name, 'Zedbury Walking Football');
    assert.equal(row.proposed.postcode, 'ZZ9 9ZZ');
    assert.equal(row.suggester_name, 'Jo Bloggs');
    assert.equal(row.suggester_email, 'jo.bloggs@example.org');
    assert.doesNotMatch(confirmation, /jo\.bloggs/);
  });

  test('bad input gets a message by the field and stores nothing', async () => {
    const before = (await suggestions()).length;
    const client = anyone();
    const cases: [Record<string, string>, string][] = [
      [{ ...NEW_RESOURCE, name: '' }, 'Enter the name of the service or group'],
      [{ ...NEW_RESOURCE, description: '   ' }, 'Enter what it offers'],
      [{ ...NEW_RESOURCE, postcode: 'N0T CODE' }, 'Enter a full postcode, like ZZ1 1AA'],
      [{ ...NEW_RESOURCE, postcode: '' }, 'Enter the postcode of the address'],
      [{ ...NEW_RESOURCE, email: 'hello@' }, 'Enter an email address in the correct format'],
      [{ ...NEW_RESOURCE, suggester_email: 'jo at example' }, 'Enter an email address in the correct format'],
      [{ ...NEW_RESOURCE, website: 'javascript:alert(1)' }, 'Enter the website’s full address'],
      [{ ...NEW_RESOURCE, description: 'Fun <script>alert(1)</script>' }, 'What it offers must be plain text'],
      [{ ...NEW_RESOURCE, name: 'Club\u0000' }, 'contains a hidden control character'],
      [{ ...NEW_RESOURCE, name: 'x'.repeat(201) }, 'The name must be 200 characters or fewer'],
      [{ ...NEW_RESOURCE, suggester_name: '' }, 'Enter your name'],
      [{ ...NEW_RESOURCE, phone: 'call me' }, 'Enter a phone number'],
    ];
    for (const [form, message] of cases) {
      const page = await client.post('/directory/suggest', form);
      assert.equal(page.status, 400, message);
      assert.ok(visibleText(page.text).includes(message), message);
    }
    const listing = await addListing(app.db, { name: 'Quiet Reading Group', postcode: 'ZZ1 1AA' });
    const report = `/directory/services/${listing.serviceId}/suggest`;
    const nothing = await client.post(report, { kind: 'correction', suggester_name: 'Jo' });
    assert.equal(nothing.status, 400);
    assert.match(visibleText(nothing.text), /Enter at least one detail that should change/);
    const same = await client.post(report, { kind: 'correction', name: 'Quiet Reading Group', suggester_name: 'Jo' });
    assert.equal(same.status, 400);
    assert.match(visibleText(same.text), /the same as the listing says now/);
    const noKind = await client.post(report, { suggester_name: 'Jo' });
    assert.equal(noKind.status, 400);
    assert.match(visibleText(noKind.text), /Select what is wrong with the listing/);
    assert.equal((await client.get(`/directory/services/${newId()}/suggest`)).status, 404);
    assert.equal((await suggestions()).length, before);
  });

  test('a keeper accepts a correction: the listing, its change rows and search change; the email is gone', async () => {
    const listing = await addListing(app.db, {
      name: 'Tuesday Lunch Club',
      organisation: 'Synthetic Lunch Trust',
      postcode: 'ZZ1 1AA',
      latitude: 51.4,
      longitude: -0.3,
      assuredDate: addMonths(today, -6),
    });
    const client = anyone();
    const form = visibleText((await client.get(`/directory/services/${listing.serviceId}/suggest`)).text);
    assert.match(form, /Now: Tuesday Lunch Club/);
    const sent = await client.post(`/directory/services/${listing.serviceId}/suggest`, {
      kind: 'correction',
      name: 'Thursday Lunch Club',
      postcode: 'zz1 2bb',
      phone: '01632 960 222',
      town: 'Testford',
      suggester_name: 'Kit Green',
      suggester_email: 'kit.green@example.org',
    });
    assert.equal(sent.status, 303);
    const suggestion = await newest();
    // A detail typed the same as the listing already says is not part of the suggestion.
    assert.deepEqual(Object.keys(suggestion.proposed).sort(), ['name', 'phone', 'postcode']);

    const queue = visibleText((await keeper.get('/directory/suggestions')).text);
    assert.match(queue, /Correction: 1/);
    assert.match(queue, /New service or group: 1/);
    assert.ok(queue.indexOf('Zedbury Walking Football') < queue.indexOf('Tuesday Lunch Club'), 'oldest first');
    assert.match(queue, /Correction: Tuesday Lunch Club From Kit Green/);
    const check = visibleText((await keeper.get(`/directory/suggestions/${suggestion.id}`)).text);
    assert.match(check, /Name Tuesday Lunch Club Thursday Lunch Club/);
    assert.match(check, /Postcode ZZ1 1AA ZZ1 2BB/);
    assert.match(check, /kit\.green@example\.org/);

    const accepted = await keeper.post(`/directory/suggestions/${suggestion.id}/accept`, {});
    assert.equal(accepted.status, 303);
    assert.equal(accepted.location, '/directory/suggestions?done=accepted');
    assert.match(visibleText((await keeper.get(accepted.location)).text), /The suggestion has been accepted/);

    const after = await service(listing.serviceId);
    assert.equal(after.name, 'Thursday Lunch Club');
    assert.equal(after.assured_date, today);
    const location = await app.db
      .selectFrom('dir_location')
      .selectAll()
      .where('id', '=', listing.locationId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([location.latitude, location.longitude], [51.6, -0.2]);
    const rows = await app.db
      .selectFrom('directory_change')
      .selectAll()
      .where('changed_by_name', '=', 'Sam Okoro')
      .where('source', '=', 'suggestion')
      .execute();
    assert.deepEqual(rows.map((row) => `${row.object_type}.${row.field}`).sort(), [
      'address.postal_code',
      'location.latitude',
      'location.longitude',
      'phone.number',
      'service.assured_date',
      'service.name',
    ]);
    const name = rows.find((row) => row.field === 'name')!;
    assert.deepEqual([name.old_value, name.new_value], ['Tuesday Lunch Club', 'Thursday Lunch Club']);

    assert.match(await found('Thursday'), /Thursday Lunch Club/);
    assert.doesNotMatch(await found('Tuesday'), /Lunch Club/);
    const decided = (await suggestions()).find((row) => row.id === suggestion.id)!;
    assert.equal(decided.suggester_email, null);
    const decision = (await decisions()).find((row) => row.suggestion_id === suggestion.id)!;
    assert.equal(decision.outcome, 'accepted');
    assert.equal(decision.decided_by_name, 'Sam Okoro');

    const history = visibleText((await keeper.get(`/directory/services/${listing.serviceId}/history`)).text);
    assert.match(history, /Suggestion accepted: Sam Okoro/);
    assert.match(history, /Name Was: Tuesday Lunch Club Thursday Lunch Club/);
  });

  test('a new resource accepted becomes an organisation, a service and a place found by its postcode', async () => {
    const suggestion = (await suggestions()).find((row) => row.kind === 'new')!;
    const check = visibleText((await keeper.get(`/directory/suggestions/${suggestion.id}`)).text);
    assert.match(check, /jo\.bloggs@example\.org/);
    const accepted = await keeper.post(`/directory/suggestions/${suggestion.id}/accept`, {});
    assert.equal(accepted.location, '/directory/suggestions?done=added');
    const decision = (await decisions()).find((row) => row.suggestion_id === suggestion.id)!;
    const created = await service(decision.service_id!);
    assert.equal(created.name, 'Zedbury Walking Football');
    assert.equal(created.status, 'active');
    assert.equal(created.assured_date, today);
    assert.equal(created.url, 'https://walking.example.org');
    const place = await app.db
      .selectFrom('dir_service_at_location as sal')
      .innerJoin('dir_location as l', 'l.id', 'sal.location_id')
      .innerJoin('dir_address as a', 'a.location_id', 'l.id')
      .select(['l.latitude', 'l.longitude', 'a.postal_code', 'a.address_1'])
      .where('sal.service_id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(place, {
      latitude: 51.5,
      longitude: -0.1,
      postal_code: 'ZZ9 9ZZ',
      address_1: '2 Synthetic Park Road',
    });
    const organisation = await app.db
      .selectFrom('dir_organization')
      .select('name')
      .where('id', '=', created.organization_id!)
      .executeTakeFirstOrThrow();
    assert.equal(organisation.name, 'Zedbury Sports Trust');
    assert.match(await found('walking football'), /Zedbury Walking Football/);
    assert.equal((await suggestions()).find((row) => row.id === suggestion.id)!.suggester_email, null);
  });

  test('rejecting needs a reason; a rejection changes nothing in the listing and forgets the email', async () => {
    const listing = await addListing(app.db, { name: 'Craft Corner', assuredDate: today });
    await anyone().post(`/directory/services/${listing.serviceId}/suggest`, {
      kind: 'correction',
      name: 'Crafty Corner',
      suggester_name: 'Lee',
      suggester_email: 'lee@example.org',
    });
    const suggestion = await newest();
    const without = await keeper.post(`/directory/suggestions/${suggestion.id}/reject`, { reason: '  ' });
    assert.equal(without.status, 400);
    assert.match(visibleText(without.text), /Enter why you are rejecting the suggestion/);
    assert.equal((await decisions()).filter((row) => row.suggestion_id === suggestion.id).length, 0);
    const rejected = await keeper.post(`/directory/suggestions/${suggestion.id}/reject`, {
      reason: 'The group confirmed its name is Craft Corner.',
    });
    assert.equal(rejected.location, '/directory/suggestions?done=rejected');
    assert.match(visibleText((await keeper.get(rejected.location)).text), /The suggestion has been rejected/);
    const decision = (await decisions()).find((row) => row.suggestion_id === suggestion.id)!;
    assert.deepEqual(
      [decision.outcome, decision.reason],
      ['rejected', 'The group confirmed its name is Craft Corner.'],
    );
    assert.equal((await service(listing.serviceId)).name, 'Craft Corner');
    assert.equal((await changes([listing.serviceId])).length, 0);
    assert.equal((await suggestions()).find((row) => row.id === suggestion.id)!.suggester_email, null);
  });

  test('a suggestion that a service closed, accepted, takes it out of search and out of reach of suggestions', async () => {
    const listing = await addListing(app.db, { name: 'Riverside Knit Group', assuredDate: today });
    assert.match(await found('knit'), /Riverside Knit Group/);
    await anyone().post(`/directory/services/${listing.serviceId}/suggest`, {
      kind: 'closed',
      note: 'The hall has shut.',
      suggester_name: 'Pat',
    });
    const suggestion = await newest();
    assert.equal(suggestion.kind, 'closed');
    assert.match(
      visibleText((await keeper.get(`/directory/suggestions/${suggestion.id}`)).text),
      /The hall has shut\. .*Accepting marks the service as closed/,
    );
    await keeper.post(`/directory/suggestions/${suggestion.id}/accept`, {});
    assert.equal((await service(listing.serviceId)).status, 'defunct');
    const status = (await changes([listing.serviceId])).find((row) => row.field === 'status')!;
    assert.deepEqual([status.old_value, status.new_value, status.source], ['active', 'defunct', 'suggestion']);
    assert.doesNotMatch(await found('knit'), /Riverside Knit Group/);
    assert.equal((await anyone().get(`/directory/services/${listing.serviceId}/suggest`)).status, 404);
  });

  test('two keepers deciding one suggestion at once: one decides, the other gets the conflict page', async () => {
    await app.db
      .insertInto('staff_account')
      .values({
        id: newId(),
        organisation_id: app.ids.organisations.community!,
        email: SECOND_KEEPER,
        display_name: 'Ola Keeper',
        job_title: 'Volunteer coordinator',
        role: 'directory_keeper',
        work_phone: null,
        password_hash: await hashPassword(DEMO_PASSWORD),
        totp_secret: DEMO_TOTP,
        disabled_at: null,
      })
      .execute();
    const other = await signedIn(app, SECOND_KEEPER);
    const listing = await addListing(app.db, { name: 'Men in Sheds', assuredDate: today });
    await anyone().post(`/directory/services/${listing.serviceId}/suggest`, {
      kind: 'correction',
      name: 'Community Shed',
      suggester_name: 'Ray',
    });
    const suggestion = await newest();
    await keeper.get(`/directory/suggestions/${suggestion.id}`);
    await other.get(`/directory/suggestions/${suggestion.id}`);
    const answers = await Promise.all([
      keeper.post(`/directory/suggestions/${suggestion.id}/accept`, {}),
      other.post(`/directory/suggestions/${suggestion.id}/reject`, { reason: 'Not sure this is right.' }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [303, 409]);
    const conflict = answers.find((answer) => answer.status === 409)!;
    assert.match(visibleText(conflict.text), /Another keeper decided this suggestion first/);
    assert.equal((await decisions()).filter((row) => row.suggestion_id === suggestion.id).length, 1);
    const late = await other.post(`/directory/suggestions/${suggestion.id}/accept`, {});
    assert.equal(late.status, 409);
    assert.ok((await changes([listing.serviceId])).filter((row) => row.field === 'name').length <= 1);
  });

  test('practitioners, managers and people are refused every keeper page; signed out, they are asked to sign in', async () => {
    const listing = await addListing(app.db, { name: 'Chess Club' });
    await anyone().post(`/directory/services/${listing.serviceId}/suggest`, {
      kind: 'out_of_date',
      suggester_name: 'Sol',
    });
    const suggestion = await newest();
    const pages = [
      '/directory/suggestions',
      `/directory/suggestions/${suggestion.id}`,
      '/directory/stale',
      `/directory/services/${listing.serviceId}/edit`,
      `/directory/services/${listing.serviceId}/history`,
    ];
    const posts: [string, Record<string, string>][] = [
      [`/directory/suggestions/${suggestion.id}/accept`, {}],
      [`/directory/suggestions/${suggestion.id}/reject`, { reason: 'Because I can.' }],
      [`/directory/services/${listing.serviceId}/checked`, {}],
      [`/directory/services/${listing.serviceId}/edit`, { name: 'Hacked', description: 'Hacked' }],
    ];
    for (const email of [STAFF_EMAILS.priya, STAFF_EMAILS.helen, STAFF_EMAILS.joan]) {
      const staff = await signedIn(app, email);
      assert.ok(!(await staff.get('/staff')).text.includes('href="/directory/suggestions"'), email);
      for (const page of pages) assert.equal((await staff.get(page)).status, 404, `${email} ${page}`);
      for (const [page, form] of posts) assert.equal((await staff.post(page, form)).status, 404, `${email} ${page}`);
    }
    const aisha = await signedIn(app, CITIZEN_EMAILS.aisha);
    for (const page of pages) assert.equal((await aisha.get(page)).location, '/my', page);
    for (const [page, form] of posts) assert.equal((await aisha.post(page, form)).location, '/my', page);
    const stranger = anyone();
    for (const page of pages) assert.equal((await stranger.get(page)).location, '/sign-in', page);
    assert.equal((await decisions()).filter((row) => row.suggestion_id === suggestion.id).length, 0);
    assert.equal((await service(listing.serviceId)).name, 'Chess Club');
    assert.match((await keeper.get('/staff')).text, /href="\/directory\/suggestions"/);
  });

  test('listings to check: not checked for a year or flagged; marking one checked settles its flags', async () => {
    const old = await addListing(app.db, { name: 'Old Bowls Club', assuredDate: addMonths(today, -13) });
    const fresh = await addListing(app.db, { name: 'Fresh Yoga', assuredDate: today });
    const flagged = await addListing(app.db, { name: 'Flagged Choir', assuredDate: today });
    await anyone().post(`/directory/services/${flagged.serviceId}/suggest`, {
      kind: 'out_of_date',
      note: 'They moved to Wednesdays.',
      suggester_name: 'Ann',
      suggester_email: 'ann@example.org',
    });
    const flag = await newest();
    const list = visibleText((await keeper.get('/directory/stale')).text);
    assert.match(list, /Old Bowls Club Old Bowls Club group\. Last checked .*: it may be out of date\./);
    assert.match(list, /Flagged Choir .*Someone says it looks out of date/);
    assert.doesNotMatch(list, /Fresh Yoga/);
    assert.ok(list.indexOf('Old Bowls Club') < list.indexOf('Flagged Choir'), 'oldest check first');

    const checked = await keeper.post(`/directory/services/${old.serviceId}/checked`, {});
    assert.equal(checked.location, '/directory/stale?done=checked');
    const after = visibleText((await keeper.get(checked.location)).text);
    assert.match(after, /The listing has been marked as checked today/);
    assert.doesNotMatch(after, /Old Bowls Club/);
    assert.equal((await service(old.serviceId)).assured_date, today);
    const row = (await changes([old.serviceId]))[0]!;
    assert.deepEqual([row.field, row.source, row.changed_by_name], ['assured_date', 'steward', 'Sam Okoro']);

    await keeper.post(`/directory/services/${flagged.serviceId}/checked`, {});
    assert.doesNotMatch(visibleText((await keeper.get('/directory/stale')).text), /Flagged Choir/);
    const settled = (await decisions()).find((decision) => decision.suggestion_id === flag.id)!;
    assert.equal(settled.outcome, 'accepted');
    assert.equal((await suggestions()).find((row) => row.id === flag.id)!.suggester_email, null);
    assert.equal(fresh.serviceId.length, 36);
  });

  test("a keeper's own change applies at once with steward change rows; mistakes and crossed edits change nothing", async () => {
    const listing = await addListing(app.db, { name: 'Saturday Swim', description: 'Swimming.', postcode: 'ZZ1 1AA' });
    const edit = `/directory/services/${listing.serviceId}/edit`;
    const form = await keeper.get(edit);
    assert.equal(form.status, 200);
    const version = /name="version" value="([^"]*)"/.exec(form.text)![1]!;
    const values = {
      version,
      name: 'Saturday Swim',
      description: 'Swimming for all.',
      address: '1 Synthetic Street',
      town: 'Testford',
      postcode: 'ZZ1 1AA',
      website: 'https://swim.example.org',
      phone: '01632 960 333',
    };
    const bad = await keeper.post(edit, { ...values, website: 'swim dot org', postcode: '' });
    assert.equal(bad.status, 400);
    assert.match(visibleText(bad.text), /Enter the website’s full address/);
    assert.match(visibleText(bad.text), /Enter the postcode: a listing’s address can be changed, not removed/);
    assert.equal((await changes([listing.serviceId])).length, 0);

    const saved = await keeper.post(edit, values);
    assert.equal(saved.location, `/directory/services/${listing.serviceId}/history?done=changed`);
    const history = visibleText((await keeper.get(saved.location)).text);
    assert.match(history, /Your changes to the listing have been saved/);
    assert.match(history, /Changed by a directory keeper: Sam Okoro/);
    assert.match(history, /What it offers Was: Swimming\. Swimming for all\./);
    const after = await service(listing.serviceId);
    assert.deepEqual(
      [after.description, after.url, after.assured_date],
      ['Swimming for all.', 'https://swim.example.org', today],
    );
    const rows = await app.db
      .selectFrom('directory_change')
      .select(['field', 'source'])
      .where('source', '=', 'steward')
      .where('changed_at', '=', after.last_modified!)
      .execute();
    assert.deepEqual(rows.map((row) => row.field).sort(), ['assured_date', 'description', 'number', 'url']);

    const crossed = await keeper.post(edit, { ...values, version, name: 'Sunday Swim' });
    assert.equal(crossed.status, 409);
    assert.match(visibleText(crossed.text), /Someone else changed this listing/);
    assert.equal((await service(listing.serviceId)).name, 'Saturday Swim');
  });

  test('a suggestion is never changed but for forgetting its email, and a decision never changes', async () => {
    const [first] = await suggestions();
    const suggestion = () => app.db.updateTable('directory_suggestion').where('id', '=', first!.id);
    await assert.rejects(suggestion().set({ suggester_name: 'Someone else' }).execute(), /only ever has its e-mail/);
    await assert.rejects(
      suggestion().set({ suggester_email: 'back@example.org' }).execute(),
      /only ever has its e-mail/,
    );
    await assert.rejects(
      app.db.deleteFrom('directory_suggestion').where('id', '=', first!.id).execute(),
      /never deleted/,
    );
    await assert.rejects(
      app.db
        .updateTable('directory_suggestion_decision')
        .set({ reason: 'Changed' })
        .where('suggestion_id', '=', first!.id)
        .execute(),
      /append-only/,
    );
    // Forgetting the address is allowed (again: it is already gone once decided), and changes nothing else.
    await suggestion().set({ suggester_email: null }).execute();
    assert.equal((await suggestions())[0]!.suggester_name, first!.suggester_name);
  });
});
