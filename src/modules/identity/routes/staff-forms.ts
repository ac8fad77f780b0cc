import { z } from 'zod';
import { optionalPhone, optionalText, requiredEmail, requiredText } from '../../../web/text-fields.ts';
import { ORGANISATION_ROLES, ROLE_NAMES, type OrganisationRole } from '../roles.ts';
import type { OrganisationKind } from '../tables.ts';
import { checkHours, contactFields } from './contact-form.ts';

/** Each kind of organisation in plain words, in the order the form offers them. */
export const KIND_NAMES: Record<OrganisationKind, string> = {
  nhs_trust: 'NHS trust',
  hospital_ward: 'Hospital ward',
  gp_practice: 'GP practice',
  council: 'Council',
  community_health: 'Community health service',
  voluntary_group: 'Voluntary or community group',
  care_home: 'Care home',
  home_care_provider: 'Home care provider',
};

/** What each role does, in a line, beside the radio that gives it. */
export const ROLE_HINTS: Record<OrganisationRole, string> = {
  practitioner: 'Finds and registers people, works in their care teams and writes their plans.',
  manager: 'Sees the plans and budgets of people the organisation supports, and manages care-team places.',
  panel_member: 'Sees plans and budgets to agree funding. Changes nothing.',
  privacy_officer: 'Reviews emergency access and who has seen people’s records.',
  administrator: 'Manages the organisation’s name, logo and staff. Sees nobody’s record.',
  directory_keeper:
    'Looks after the community directory: checks suggestions and keeps listings up to date. Sees nobody’s record.',
};

/** A field that a hand-made request left out counts as left empty. */
const leftOutIsEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? '', schema);

const role = z.enum(ORGANISATION_ROLES, { error: 'Select a role' });

const jobTitle = leftOutIsEmpty(requiredText('their job title', 200));

/** A member of staff's role, job title and contact details, as their administrator changes them. */
export const staffDetailsForm = z.object({ role, jobTitle, ...contactFields }).superRefine(checkHours);

/** A new member of staff, as their administrator invites them. */
export const staffInvitationForm = z.object({
  role,
  jobTitle,
  workPhone: leftOutIsEmpty(optionalPhone),
  team: leftOutIsEmpty(optionalText('team', 200)),
  displayName: leftOutIsEmpty(requiredText('their full name', 200)),
  email: requiredEmail('Enter their work email address'),
});

/** ODS codes are 3 to 10 letters and digits, like RTH, A81001 or RTH08 for a site; typed in any case. */
const odsCode = optionalText('ODS code', 10)
  .transform((code) => code?.replace(/\s/g, '').toUpperCase() ?? null)
  .refine(
    (code) => code === null || /^[A-Z0-9]{3,10}$/.test(code),
    'Enter an ODS code of 3 to 10 letters and numbers, like RTH or A81001, or leave it empty',
  );

const KINDS = Object.keys(KIND_NAMES) as [OrganisationKind, ...OrganisationKind[]];

/** A new organisation and its first administrator, as a platform administrator adds them. */
export const organisationForm = z.object({
  name: leftOutIsEmpty(requiredText('the organisation’s name', 200)),
  kind: z.enum(KINDS, { error: 'Select the type of organisation' }),
  parentId: z.string().optional(),
  odsCode: leftOutIsEmpty(odsCode),
  adminName: leftOutIsEmpty(requiredText('the administrator’s full name', 200)),
  adminEmail: requiredEmail('Enter the administrator’s work email address'),
  adminJobTitle: leftOutIsEmpty(requiredText('the administrator’s job title', 200)),
});

/** Radio items for the roles an administrator may give, with the current one checked. */
export const roleItems = (checked: unknown) =>
  ORGANISATION_ROLES.map((value) => ({
    value,
    text: ROLE_NAMES[value],
    hint: { text: ROLE_HINTS[value] },
    checked: value === checked,
  }));
