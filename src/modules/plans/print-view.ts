import { formatUkDate } from '../../dates.ts';
import { ABOUT_ME_HEADINGS, detailsForDisplay, formatNhsNumber } from '../people/index.ts';
import type { ContactView } from './plan-contacts.ts';
import {
  agreementLine,
  planSections,
  type PlanHeader,
  type ViewCard,
  type ViewRow,
  type ViewSection,
} from './plan-view.ts';
import type { TravellingCopy } from './print-service.ts';

// The copy of the plan that travels with the person, in the order of the PRSB care plan headings that matter on
// paper: the crisis plan first, on a page of its own; then who the person is, their GP, About me, how they
// communicate and who to contact; then the rest of the plan; then its agreement and review. The printed page and the
// PDF both read this, so they never disagree.

export type PrintSection = Omit<ViewSection, 'key'> & { key: string };

export type PrintDocument = {
  /** Whether the person's name is printed (their choice about identity details). */
  nameThePerson: boolean;
  /** 'Aisha Khan', or null when the copy leaves the person's identity off. */
  personName: string | null;
  header: PlanHeader;
  title: string;
  runningHeader: string;
  agreementLine: string;
  /** The crisis plan, alone on the first page. */
  crisis: PrintSection;
  /** Who the person is, their GP, About me, how they communicate and who to contact: each when the reader may see it. */
  aboutThePerson: PrintSection[];
  /** The rest of the plan. */
  plan: PrintSection[];
  /** Who agreed it and when, and the review. */
  agreement: PrintSection;
};

const section = (key: string, title: string, parts: Partial<PrintSection> = {}): PrintSection => ({
  key,
  title,
  ownWords: null,
  rows: [],
  cards: [],
  emptyText: null,
  contacts: [],
  ...parts,
});

const NOT_RECORDED = 'Not recorded';

function personalDetails(details: NonNullable<TravellingCopy['details']>, printsIdentity: boolean): PrintSection {
  const shown = detailsForDisplay(details);
  const gp: ViewRow = { label: 'GP practice', value: shown.gpPractice ?? NOT_RECORDED };
  if (!printsIdentity)
    return section('personal-details', 'Personal details', {
      rows: [gp],
      emptyText: 'Name, date of birth, NHS number and address are left off this copy, by choice.',
    });
  return section('personal-details', 'Personal details', {
    rows: [
      { label: 'Name', value: shown.name },
      ...(shown.preferredName ? [{ label: 'Likes to be called', value: shown.preferredName }] : []),
      { label: 'Date of birth', value: formatUkDate(shown.dateOfBirth) },
      { label: 'NHS number', value: details.nhs_number ? formatNhsNumber(details.nhs_number) : NOT_RECORDED },
      { label: 'Address', value: shown.addressLines.length ? shown.addressLines : NOT_RECORDED },
      ...(shown.phone ? [{ label: 'Phone', value: shown.phone }] : []),
      gp,
    ],
  });
}

function aboutMe(revisions: NonNullable<TravellingCopy['aboutMe']>): PrintSection {
  const body = new Map(revisions.map((revision) => [revision.heading, revision.body]));
  return section('about-me', 'About me', {
    rows: ABOUT_ME_HEADINGS.filter((heading) => heading.key !== 'how_i_communicate').map((heading) => ({
      label: heading.title,
      value: body.get(heading.key)?.trim() || 'Not written yet',
    })),
  });
}

function howICommunicate(copy: TravellingCopy): PrintSection | null {
  if (!copy.details && !copy.aboutMe) return null;
  const ownWords = copy.aboutMe?.find((revision) => revision.heading === 'how_i_communicate')?.body.trim();
  return section('how-i-communicate', 'How I communicate', {
    rows: [
      ...(copy.details
        ? [
            { label: 'Language', value: copy.details.language },
            { label: 'Interpreter', value: copy.details.interpreter_needed ? 'I need an interpreter' : 'Not needed' },
            { label: 'What helps me communicate', value: copy.details.communication_needs?.trim() || NOT_RECORDED },
          ]
        : []),
      ...(copy.aboutMe ? [{ label: 'In my own words', value: ownWords || 'Not written yet' }] : []),
    ],
  });
}

function contactsSection(contacts: ContactView[], circle: TravellingCopy['circle']): PrintSection {
  const circleCards: ViewCard[] = (circle ?? []).map((member) => ({
    heading: `${member.name} (${member.relationship})`,
    rows: [
      { label: 'Phone', value: member.phone ?? NOT_RECORDED },
      ...(member.email ? [{ label: 'Email', value: member.email }] : []),
    ],
    cards: [],
  }));
  return section('contacts', 'Key worker and contacts', {
    contacts,
    cards: circleCards,
    emptyText: contacts.length || circleCards.length ? null : 'Nobody is named to contact yet.',
  });
}

/** The plan's header with the person called 'me' wherever their own name would show. */
const withoutTheName = (header: PlanHeader): PlanHeader => ({
  ...header,
  personName: '',
  agreed: header.agreed && {
    ...header.agreed,
    by: header.agreed.by.map((name) => (name === header.personName ? 'me' : name)),
  },
});

export function printDocument(copy: TravellingCopy): PrintDocument {
  const nameThePerson = copy.identity.printsIdentity;
  const header = nameThePerson ? copy.header : withoutTheName(copy.header);
  const line = agreementLine(header);
  const sections = planSections(copy.content, copy.names, { contacts: copy.contacts, nameThePerson });
  const find = (key: ViewSection['key']) => sections.find((candidate) => candidate.key === key)!;
  const review = find('review');
  const aboutThePerson = [
    copy.details && personalDetails(copy.details, nameThePerson),
    copy.aboutMe && aboutMe(copy.aboutMe),
    howICommunicate(copy),
    contactsSection(copy.contacts, copy.circle),
  ].filter((part): part is PrintSection => Boolean(part));
  const copyName = `care and support plan, ${header.versionLabel} – ${line}`;
  return {
    nameThePerson,
    personName: nameThePerson ? header.personName : null,
    header,
    title: nameThePerson ? `Care and support plan – ${header.personName}` : 'Care and support plan',
    runningHeader: nameThePerson
      ? `${header.personName} – ${copyName}`
      : `${copyName.charAt(0).toUpperCase()}${copyName.slice(1)}`,
    agreementLine: line,
    crisis: find('contingency'),
    aboutThePerson,
    // Who is involved is named here; how to reach them is under 'Key worker and contacts'.
    plan: sections
      .filter((part) => part.key !== 'contingency' && part.key !== 'review')
      .map((part) => (part.key === 'people' ? { ...part, contacts: [] } : part)),
    agreement: section('agreement', 'Agreement and review', {
      rows: [{ label: 'Agreed', value: line }, { label: 'Version', value: header.versionValue }, ...review.rows],
    }),
  };
}
