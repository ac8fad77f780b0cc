import type { IdentityStore } from './store.ts';
import type { LogoContentType } from './tables.ts';

/** 200KB: a logo is shown 40 pixels high, so anything bigger is wasted on every page load. */
export const LOGO_MAX_BYTES = 200 * 1024;

/** A file as it arrived in an upload: `tooLarge` when it was cut off at LOGO_MAX_BYTES. */
export type UploadedFile = { filename: string; bytes: Buffer; tooLarge: boolean };

export type LogoCheck = { ok: true; contentType: LogoContentType; bytes: Buffer } | { ok: false; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Every PNG starts its chunks with the 13-byte image header, IHDR.
const PNG_HEADER_CHUNK = [0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
const JPEG_START = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, expected: number[], at = 0): boolean =>
  bytes.length >= at + expected.length && expected.every((byte, index) => bytes[at + index] === byte);

/**
 * The image type a file's own bytes say it is: its name and the type the browser claims are ignored,
 * since either can be anything. undefined for anything but PNG and JPEG.
 */
export function imageTypeOf(bytes: Uint8Array): LogoContentType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, PNG_HEADER_CHUNK, PNG_SIGNATURE.length)) return 'image/png';
  if (startsWith(bytes, JPEG_START)) return 'image/jpeg';
  return undefined;
}

/** Whether an upload can be a logo, with the sentence to show by the field when it cannot. */
export function checkLogoFile(file: UploadedFile | undefined): LogoCheck {
  if (!file || (file.filename === '' && file.bytes.length === 0))
    return { ok: false, message: 'Select a logo to upload' };
  if (file.tooLarge || file.bytes.length > LOGO_MAX_BYTES)
    return { ok: false, message: 'The selected file must be 200KB or smaller' };
  if (file.bytes.length === 0) return { ok: false, message: 'The selected file is empty' };
  const contentType = imageTypeOf(file.bytes);
  if (!contentType) return { ok: false, message: 'The selected file must be a PNG or JPG' };
  return { ok: true, contentType, bytes: file.bytes };
}

/**
 * Where an organisation's uploaded logo is served. The version changes with each upload, so a
 * browser that kept the old logo for a few minutes fetches the new one at once.
 */
export const organisationLogoPath = (organisationId: string, updatedAt: Date): string =>
  `/organisations/${organisationId}/logo?v=${updatedAt.getTime()}`;

/** An organisation's own settings: its name and its logo, changed by its administrators. */
export function createOrganisationSettings(store: IdentityStore) {
  return {
    async find(organisationId: string) {
      const row = await store.findOrganisation(organisationId);
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        logoPath: row.logo_updated_at ? organisationLogoPath(row.id, row.logo_updated_at) : null,
      };
    },

    /** `name` is already trimmed and checked; the database holds it to the same 1 to 200 characters. */
    rename: (organisationId: string, name: string) => store.renameOrganisation(organisationId, name),

    saveLogo: (organisationId: string, logo: { contentType: LogoContentType; bytes: Buffer }, now = new Date()) =>
      store.saveOrganisationLogo({
        organisation_id: organisationId,
        content_type: logo.contentType,
        bytes: logo.bytes,
        updated_at: now,
      }),

    removeLogo: (organisationId: string) => store.deleteOrganisationLogo(organisationId),

    /** The logo's bytes and type, to serve; undefined when the organisation has none. */
    logo: (organisationId: string) => store.findOrganisationLogo(organisationId),
  };
}

export type OrganisationSettings = ReturnType<typeof createOrganisationSettings>;
