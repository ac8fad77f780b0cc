import { z } from 'zod';
import { capitalise, normaliseLineEndings, reasonText } from '../../../text.ts';
import { optionalEmail, optionalPhone, optionalText, requiredText } from '../../../web/text-fields.ts';
import type { ListingValues } from '../listing-fields.ts';
import { displayPostcode, normalisePostcode } from '../search-query.ts';

// The forms of community mapping: a new resource, a report about a listing, a keeper's own change and a rejection.
// Each field has its own message; nothing is kept from a form with a mistake.

/** A field left out of a hand-made request counts as left empty. */
const text = z.preprocess((value) => (typeof value === 'string' ? normaliseLineEndings(value) : ''), z.string());

/** Tags like <b> or <a href>: listings are shown as plain text, so markup is refused rather than shown. */
const MARKUP = /<\/?[a-z!?][^>]*>?/i;

const plain = (name: string, max: number) =>
  text.pipe(
    optionalText(name, max).refine(
      (typed) => typed === null || !MARKUP.test(typed),
      `${capitalise(name)} must be plain text, without HTML tags like <b> or <a>`,
    ),
  );

const postcode = text.pipe(
  optionalText('the postcode', 10)
    .refine((typed) => typed === null || normalisePostcode(typed) !== undefined, 'Enter a full postcode, like ZZ1 1AA')
    .transform((typed) => (typed === null ? null : displayPostcode(normalisePostcode(typed)!))),
);

const website = text.pipe(
  optionalText('the website', 500).refine(
    (typed) => typed === null || (/^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/i.test(typed) && URL.canParse(typed)),
    'Enter the website’s full address, starting with https://, like https://example.org',
  ),
);

/** Every detail of a listing, each optional here; the forms below say which they need. */
const listingShape = {
  name: plain('the name', 200),
  description: plain('what it offers', 2000),
  organisation: plain('who runs it', 200),
  address: plain('the address', 200),
  town: plain('the town or city', 100),
  postcode,
  schedule: plain('when it is open', 500),
  cost: plain('the cost', 500),
  phone: text.pipe(optionalPhone),
  email: text.pipe(optionalEmail),
  website,
};

type Issues = z.core.$RefinementCtx;

const need = (context: Issues, value: unknown, path: string, message: string) => {
  if (value === null) context.addIssue({ code: 'custom', path: [path], message });
};

/** An address and a postcode go together: a place is found by its postcode, and a postcode alone is no address. */
const placeTogether = (listing: ListingValues, context: Issues) => {
  if (listing.address === null && listing.postcode !== null)
    need(context, listing.address, 'address', 'Enter the address, or leave the postcode empty');
  if (listing.postcode === null && (listing.address !== null || listing.town !== null))
    need(context, listing.postcode, 'postcode', 'Enter the postcode of the address');
};

const suggester = {
  suggester_name: text.pipe(requiredText('your name', 200, 'Enter your name')),
  suggester_email: text.pipe(optionalEmail),
};

/** A new resource, suggested by anyone: its name and what it offers at least, and who is suggesting it. */
export const newResourceForm = () =>
  z.object({ ...listingShape, ...suggester }).superRefine((form, context) => {
    need(context, form.name, 'name', 'Enter the name of the service or group');
    need(context, form.description, 'description', 'Enter what it offers');
    placeTogether(form, context);
  });

export const REPORT_KINDS = {
  correction: 'Some of the details are wrong',
  closed: 'It has closed',
  out_of_date: 'The information looks out of date',
} as const;

/** Something wrong with a listing: which details and what they should say, or that it closed or looks out of date. */
export const listingReportForm = () =>
  z
    .object({
      ...listingShape,
      ...suggester,
      kind: z.enum(['correction', 'closed', 'out_of_date'], { message: 'Select what is wrong with the listing' }),
      note: plain('what else the keepers should know', 2000),
    })
    .superRefine((form, context) => {
      if (form.kind !== 'correction') return;
      const given = Object.keys(listingShape).some((field) => form[field as keyof typeof listingShape] !== null);
      if (!given)
        context.addIssue({ code: 'custom', path: ['name'], message: 'Enter at least one detail that should change' });
    });

/** A keeper's own change: every detail as it should be. A listing keeps a name and what it offers. */
export const listingEditForm = (hasAddress: boolean) =>
  z.object({ ...listingShape, version: z.string().default('') }).superRefine((form, context) => {
    need(context, form.name, 'name', 'Enter the name of the service or group');
    need(context, form.description, 'description', 'Enter what it offers');
    if (hasAddress) {
      need(context, form.address, 'address', 'Enter the address: a listing’s address can be changed, not removed');
      need(context, form.postcode, 'postcode', 'Enter the postcode: a listing’s address can be changed, not removed');
    } else placeTogether(form, context);
  });

export const rejectForm = () =>
  z.object({
    reason: text.pipe(
      reasonText(5, 2000, {
        enter: 'Enter why you are rejecting the suggestion',
        tooShort: 'Say why in at least 5 characters',
        tooLong: 'The reason must be 2,000 characters or fewer',
      }),
    ),
  });

/** The details of a listing from a checked form, in the order the forms show them. */
export const listingFrom = (form: ListingValues): ListingValues => ({
  name: form.name,
  description: form.description,
  organisation: form.organisation,
  address: form.address,
  town: form.town,
  postcode: form.postcode,
  schedule: form.schedule,
  cost: form.cost,
  phone: form.phone,
  email: form.email,
  website: form.website,
});
