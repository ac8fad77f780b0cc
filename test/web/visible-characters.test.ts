import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { hasControlCharacters, visibleLength } from '../../src/text.ts';

/** Text that leaves no mark on the page, of every kind an attacker might try. */
const INVISIBLE = {
  'zero-width spaces': '\u200B',
  'the Hangul filler': '\u3164',
  'no-break spaces': '\u00A0',
  'the blank braille pattern': '\u2800',
  'combining marks alone': '\u0301',
  'a byte order mark': '\uFEFF',
  'ideographic spaces': '\u3000',
  'a soft hyphen': '\u00AD',
  'tag characters': '\u{E0041}',
};

describe('counting visible characters', () => {
  test('invisible characters count as none; an accent on a letter adds nothing; other scripts count', () => {
    for (const [name, character] of Object.entries(INVISIBLE))
      assert.equal(visibleLength(character.repeat(30)), 0, name);
    assert.equal(visibleLength('Zoe\u0308'), 3);
    assert.equal(visibleLength(' 中文 🙂 '), 3);
    assert.equal(visibleLength('a\u200Bb\u00A0c'), 3);
  });

  test('control characters, noncharacters and lone surrogates are found; tab and line breaks are not', () => {
    for (const text of [
      '\u0000',
      '\u0008',
      '\u000B',
      '\u001B',
      '\u007F',
      '\u009F',
      '\uFFFE',
      '\uFFFF',
      '\uD800x',
      'x\uDC00',
    ])
      assert.equal(hasControlCharacters(`a${text}b`), true, JSON.stringify(text));
    for (const text of ['\t', '\n', '\r\n', 'é', '🙂', '\u200B'])
      assert.equal(hasControlCharacters(`a${text}b`), false);
  });
});

describe(`names and reasons need characters you can see (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  const count = async (table: 'break_glass_grant' | 'circle_member') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** 400, the message in the summary and by the field, and nothing saved. */
  async function assertRefused(client: TestClient, path: string, form: Record<string, string>, message: string) {
    const page = await client.post(path, form);
    assert.equal(page.status, 400, `${path} ${JSON.stringify(form)}`);
    const text = visibleText(page.text);
    assert.match(text, new RegExp(`There is a problem ${message}`), JSON.stringify(form));
    assert.match(text, new RegExp(`Error: ${message}`), `${JSON.stringify(form)}: by the field`);
  }

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
  });
  after(() => app.close());

  test('an emergency reason of invisible characters is refused, and only visible ones count towards 20', async () => {
    const grace = await signedIn(app, 'grace.mensah@trust.example.org');
    const path = `/people/${aisha}/emergency-access`;
    const before = await count('break_glass_grant');
    for (const [name, character] of Object.entries(INVISIBLE)) {
      await assert.doesNotReject(
        assertRefused(
          grace,
          path,
          { reason: character.repeat(40) },
          'Enter why you need emergency access to this record',
        ),
        name,
      );
    }
    await assertRefused(
      grace,
      path,
      { reason: `Fallen${'\u200B'.repeat(30)} at home` },
      'Your reason must be at least 20 characters',
    );
    assert.equal(await count('break_glass_grant'), before);
    const granted = await grace.post(path, { reason: 'Zoë says she has fallen at home and cannot reach her tablets' });
    assert.equal(granted.status, 303);
    assert.equal(await count('break_glass_grant'), before + 1);
  });

  test("a person's first name, a circle member's name and an organisation's name need visible characters", async () => {
    const priya = await signedIn(app, 'priya.shah@council.example.org');
    const edit = await priya.get(`/people/${aisha}/details/edit`);
    const version = /name="version" value="([^"]+)"/.exec(edit.text)?.[1] ?? '';
    await assertRefused(
      priya,
      `/people/${aisha}/details/edit`,
      { version, given_name: '\u3164\u200B', family_name: 'Khan' },
      'Enter first name',
    );
    await assertRefused(
      priya,
      `/people/${aisha}/details/edit`,
      { version, given_name: 'Aisha', family_name: 'Khan', preferred_name: '\u2800\u2800' },
      'Preferred name must have letters or numbers you can see, or be left empty',
    );
    const circle = await count('circle_member');
    await assertRefused(
      priya,
      `/people/${aisha}/contacts/add`,
      { name: '\u00A0\u0301\u200B', relationship: 'Neighbour' },
      'Enter their name',
    );
    assert.equal(await count('circle_member'), circle);

    const alan = await signedIn(app, 'alan.ward@council.example.org');
    const before = await app.db.selectFrom('organisation').select('name').where('name', 'like', '%Council%').execute();
    await assertRefused(alan, '/staff/organisation', { name: '\u3164\u3164\u3164' }, "Enter your organisation's name");
    assert.deepEqual(
      await app.db.selectFrom('organisation').select('name').where('name', 'like', '%Council%').execute(),
      before,
    );
  });
});
