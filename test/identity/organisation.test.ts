import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { checkLogoFile, imageTypeOf, LOGO_MAX_BYTES } from '../../src/modules/identity/organisation-settings.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

/** A real two-pixel PNG (teal and white), built here so the test needs no fixture file. */
function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const pixels = Buffer.from([0, 0x00, 0x62, 0x5e, 0xff, 0xff, 0xff]);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG's first bytes padded out to `size`: passes the type check, so only its size decides. */
const pngOfSize = (size: number): Buffer => {
  const bytes = Buffer.alloc(size);
  tinyPng().subarray(0, 33).copy(bytes);
  return bytes;
};

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

type Upload = { status: number; text: string; location: string | null };
type FileToSend = { name: string; bytes: Uint8Array; type?: string };

/** A multipart form body as a browser builds it, so the test controls every byte. */
function multipartForm(fields: Record<string, string>, file: FileToSend): { body: Buffer; contentType: string } {
  const boundary = `----careweave-test-${Math.random().toString(36).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Sends the logo form as a browser does: multipart, with the page's CSRF token as a hidden field. With
 * no file chosen, a browser still sends the file field, empty and with an empty file name.
 */
async function uploadLogo(
  app: TestApp,
  client: TestClient,
  file: FileToSend | null,
  options: { csrf?: string | false } = {},
): Promise<Upload> {
  const page = await client.get('/staff/organisation');
  const token = options.csrf ?? /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const form = multipartForm(token === false ? {} : { _csrf: token }, file ?? { name: '', bytes: new Uint8Array() });
  const response = await fetch(`${app.baseUrl}/staff/organisation/logo`, {
    method: 'POST',
    headers: { cookie: client.cookieHeader(), 'content-type': form.contentType },
    body: form.body,
    redirect: 'manual',
  });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

const headerOf = (html: string): string => /<header class="careweave-header"[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';

describe('what counts as a logo file', () => {
  test('the type comes from the bytes, not the name', () => {
    assert.equal(imageTypeOf(tinyPng()), 'image/png');
    assert.equal(imageTypeOf(JPEG_START), 'image/jpeg');
    assert.equal(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')), undefined);
    assert.equal(imageTypeOf(Buffer.from('GIF89a')), undefined);
    assert.equal(imageTypeOf(PNG_SIGNATURE), undefined, 'a PNG signature alone, with no image header, is not a PNG');
  });

  test('each problem has its own message', () => {
    const file = (bytes: Buffer, filename = 'logo.png', tooLarge = false) =>
      checkLogoFile({ filename, bytes, tooLarge });
    assert.deepEqual(checkLogoFile(undefined), { ok: false, message: 'Select a logo to upload' });
    assert.deepEqual(file(Buffer.alloc(0), ''), { ok: false, message: 'Select a logo to upload' });
    assert.deepEqual(file(Buffer.alloc(0)), { ok: false, message: 'The selected file is empty' });
    assert.deepEqual(file(pngOfSize(LOGO_MAX_BYTES), 'logo.png', true), {
      ok: false,
      message: 'The selected file must be 200KB or smaller',
    });
    assert.deepEqual(file(Buffer.from('hello')), { ok: false, message: 'The selected file must be a PNG or JPG' });
    assert.equal(file(pngOfSize(LOGO_MAX_BYTES)).ok, true);
    assert.deepEqual(file(JPEG_START, 'photo.png'), { ok: true, contentType: 'image/jpeg', bytes: JPEG_START });
  });

  test('any bytes get a clear answer, and only PNG or JPEG bytes are accepted', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        (bytes, filename, tooLarge) => {
          const result = checkLogoFile({ filename, bytes: Buffer.from(bytes), tooLarge });
          if (result.ok) assert.ok(!tooLarge && (bytes[0] === 0x89 || bytes[0] === 0xff));
          else assert.match(result.message, /^(Select|The selected file)/);
        },
      ),
    );
  });
});

describe(`organisation name and logo (${testBackend()})`, () => {
  let app: TestApp;
  let alan: TestClient;
  let councilId: string;
  const logoRows = async () => app.db.selectFrom('organisation_logo').selectAll().execute();
  const councilName = async () =>
    (await app.db.selectFrom('organisation').select('name').where('id', '=', councilId).executeTakeFirstOrThrow()).name;

  before(async () => {
    app = await startTestApp({ organisationName: 'Careweave Test Area', organisationLogoUrl: '/assets/favicon.svg' });
    alan = await signedIn(app, 'alan.ward@council.example.org');
    councilId = app.ids.organisations.council!;
  });
  after(() => app.close());

  test('only administrators reach the page; everyone else is told it does not exist', async () => {
    const page = await alan.get('/staff/organisation');
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, new RegExp(`Your organisation .* Name ${await councilName()} Type of organisation Council`));
    assert.match(text, /Your organisation does not have a logo/);
    assert.match(
      page.text,
      /<a class="govuk-service-navigation__link" href="\/staff\/organisation" aria-current="true">/,
      'the navigation shows where they are',
    );

    for (const email of ['priya.shah@council.example.org', 'joan.clarke@trust.example.org', 'aisha.khan@example.org']) {
      const client = await signedIn(app, email);
      assert.equal((await client.get('/staff/organisation')).status, 404, email);
      assert.equal((await client.post('/staff/organisation', { name: 'Taken over' })).status, 404, email);
      assert.equal((await client.post('/staff/organisation/logo/remove', {})).status, 404, email);
      const upload = await uploadLogo(app, client, { name: 'logo.png', bytes: tinyPng(), type: 'image/png' });
      assert.equal(upload.status, 404, email);
      assert.doesNotMatch(
        (await client.get('/account/sessions')).text,
        /href="\/staff\/organisation"/,
        `${email} has no link to it`,
      );
    }
    assert.notEqual(await councilName(), 'Taken over');
    assert.equal((await logoRows()).length, 0);

    const signedOut = new TestClient(app.baseUrl);
    assert.equal((await signedOut.get('/staff/organisation')).location, '/sign-in');
  });

  test("a new name is trimmed, saved and shown to the organisation's staff", async () => {
    const original = await councilName();
    const saved = await alan.post('/staff/organisation', { name: '  Riverside Borough Council  ' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/staff/organisation?changed=name');
    assert.equal(await councilName(), 'Riverside Borough Council');
    assert.match(
      visibleText((await alan.get(saved.location)).text),
      /Success Your organisation's name has been changed/,
    );

    const priya = await signedIn(app, 'priya.shah@council.example.org');
    assert.match(visibleText(headerOf((await priya.get('/staff')).text)), /Priya Shah, Riverside Borough Council/);

    await alan.post('/staff/organisation', { name: original });
    assert.equal(await councilName(), original);
  });

  test('a name must be given and be 200 characters or fewer; a bad one changes nothing', async () => {
    const original = await councilName();
    for (const [name, message] of [
      ['', "Enter your organisation's name"],
      ['    ', "Enter your organisation's name"],
      ['x'.repeat(201), "Your organisation's name must be 200 characters or fewer"],
    ] as const) {
      const page = await alan.post('/staff/organisation', { name });
      assert.equal(page.status, 400);
      const text = visibleText(page.text);
      assert.match(text, new RegExp(`There is a problem ${message}`));
      assert.match(text, new RegExp(`Error: ${message}`), 'the message is also by the field');
      assert.match(page.text, /<a href="#name">/);
      if (name.length > 200) assert.match(page.text, new RegExp(`value="${name}"`), 'what was typed is kept');
      assert.equal(await councilName(), original);
    }
    const longest = 'y'.repeat(200);
    assert.equal((await alan.post('/staff/organisation', { name: longest })).status, 303);
    assert.equal(await councilName(), longest);
    await alan.post('/staff/organisation', { name: original });
  });

  test('a name change without its CSRF token is refused and changes nothing', async () => {
    const original = await councilName();
    const page = await alan.post('/staff/organisation', { name: 'Forged Council' }, { csrf: false });
    assert.equal(page.status, 403);
    assert.equal(await councilName(), original);
  });

  test('an uploaded PNG is served back unchanged, cached briefly, and shown in the header of its own staff', async () => {
    const png = tinyPng();
    const saved = await uploadLogo(app, alan, { name: 'council-logo.png', bytes: png, type: 'image/png' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/staff/organisation?changed=logo');
    const rows = await logoRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.content_type, 'image/png');

    const served = await fetch(`${app.baseUrl}/organisations/${councilId}/logo`);
    assert.equal(served.status, 200);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(served.headers.get('cache-control'), 'private, max-age=300');

    const name = await councilName();
    const settings = await alan.get('/staff/organisation');
    assert.match(visibleText(settings.text), /Your logo has been uploaded|This is your logo/);
    assert.match(
      settings.text,
      new RegExp(`<img src="/organisations/${councilId}/logo\\?v=\\d+" height="60" alt="The logo of ${name}">`),
    );

    const priya = await signedIn(app, 'priya.shah@council.example.org');
    const header = headerOf((await priya.get('/staff')).text);
    assert.match(
      header,
      new RegExp(
        `<img class="careweave-header__logo" src="/organisations/${councilId}/logo\\?v=\\d+" alt="">\\s*<span>${name}</span>`,
      ),
    );

    // Staff elsewhere, and anyone signed out, still see the deployment's own name and logo.
    const joan = await signedIn(app, 'joan.clarke@trust.example.org');
    for (const page of [await joan.get('/staff'), await new TestClient(app.baseUrl).get('/sign-in')]) {
      assert.match(
        headerOf(page.text),
        /<img class="careweave-header__logo" src="\/assets\/favicon.svg" alt="">\s*<span>Careweave Test Area<\/span>/,
      );
    }
  });

  test('a new upload replaces the logo and gets a new address; a JPEG named .png is stored as a JPEG', async () => {
    const before = headerOf((await alan.get('/staff')).text);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const jpeg = Buffer.concat([JPEG_START, Buffer.alloc(100, 7)]);
    assert.equal((await uploadLogo(app, alan, { name: 'photo.png', bytes: jpeg, type: 'image/png' })).status, 303);
    const rows = await logoRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.content_type, 'image/jpeg');
    const served = await fetch(`${app.baseUrl}/organisations/${councilId}/logo`);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), jpeg);
    assert.notEqual(
      headerOf((await alan.get('/staff')).text),
      before,
      'the address changes so browsers fetch the new logo',
    );
  });

  test('bad files are refused with a message by the field, and nothing is stored', async () => {
    await alan.post('/staff/organisation/logo/remove', {});
    const cases: [FileToSend | null, string][] = [
      [
        { name: 'big.png', bytes: pngOfSize(LOGO_MAX_BYTES + 1), type: 'image/png' },
        'The selected file must be 200KB or smaller',
      ],
      [
        { name: 'huge.png', bytes: pngOfSize(900 * 1024), type: 'image/png' },
        'The selected file must be 200KB or smaller',
      ],
      [
        { name: 'notes.png', bytes: Buffer.from('These are my notes, not a picture.\n'), type: 'image/png' },
        'The selected file must be a PNG or JPG',
      ],
      [
        {
          name: 'logo.svg',
          bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          type: 'image/svg+xml',
        },
        'The selected file must be a PNG or JPG',
      ],
      [{ name: 'empty.png', bytes: new Uint8Array(), type: 'image/png' }, 'The selected file is empty'],
      [null, 'Select a logo to upload'],
    ];
    for (const [file, message] of cases) {
      const page = await uploadLogo(app, alan, file);
      assert.equal(page.status, 400, message);
      const text = visibleText(page.text);
      assert.match(text, new RegExp(`There is a problem ${message}`));
      assert.match(text, new RegExp(`Error: ${message}`));
      assert.match(page.text, /<a href="#logo">/);
      assert.match(
        page.text,
        /<input class="govuk-file-upload govuk-file-upload--error" id="logo" name="logo" type="file" aria-describedby="logo-hint logo-error"/,
      );
    }
    assert.equal((await logoRows()).length, 0);
    assert.equal((await fetch(`${app.baseUrl}/organisations/${councilId}/logo`)).status, 404);

    // A form posted without multipart has no file in it.
    const plain = await alan.post('/staff/organisation/logo', { logo: 'logo.png' });
    assert.equal(plain.status, 400);
    assert.match(visibleText(plain.text), /Select a logo to upload/);
    assert.equal((await logoRows()).length, 0);
  });

  test('a file of exactly 200KB is accepted', async () => {
    assert.equal((await uploadLogo(app, alan, { name: 'edge.png', bytes: pngOfSize(LOGO_MAX_BYTES) })).status, 303);
    assert.equal((await logoRows())[0]!.bytes.length, LOGO_MAX_BYTES);
    await alan.post('/staff/organisation/logo/remove', {});
  });

  test('an upload without its CSRF token, or with a wrong one, is refused and stores nothing', async () => {
    const missing = await uploadLogo(
      app,
      alan,
      { name: 'logo.png', bytes: tinyPng(), type: 'image/png' },
      { csrf: false },
    );
    assert.equal(missing.status, 403);
    assert.match(visibleText(missing.text), /This form has expired/);
    const wrong = await uploadLogo(
      app,
      alan,
      { name: 'logo.png', bytes: tinyPng(), type: 'image/png' },
      { csrf: 'not-the-token' },
    );
    assert.equal(wrong.status, 403);
    assert.equal((await logoRows()).length, 0);
  });

  test('removing the logo stops serving it and brings back the deployment name', async () => {
    assert.equal((await uploadLogo(app, alan, { name: 'logo.png', bytes: tinyPng(), type: 'image/png' })).status, 303);
    const page = await alan.get('/staff/organisation');
    assert.match(
      page.text,
      /<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">\s*Remove logo/,
    );

    const removed = await alan.post('/staff/organisation/logo/remove', {});
    assert.equal(removed.status, 303);
    assert.equal(removed.location, '/staff/organisation?changed=logo-removed');
    assert.equal((await logoRows()).length, 0);
    const gone = await fetch(`${app.baseUrl}/organisations/${councilId}/logo`);
    assert.equal(gone.status, 404);
    assert.equal(gone.headers.get('cache-control'), 'no-store', 'a not-found page is never cached');

    const after = await alan.get(removed.location);
    assert.match(visibleText(after.text), /Your logo has been removed/);
    assert.match(headerOf(after.text), /src="\/assets\/favicon.svg" alt="">\s*<span>Careweave Test Area<\/span>/);
    assert.doesNotMatch(after.text, /Remove logo/);
  });

  test('a logo address with a bad or unknown id is not found', async () => {
    assert.equal((await fetch(`${app.baseUrl}/organisations/not-an-id/logo`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl}/organisations/${app.ids.organisations.trust}/logo`)).status, 404);
  });
});
