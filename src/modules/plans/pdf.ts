import { createRequire } from 'node:module';
import { formatUkDateTime } from '../../dates.ts';
import { capitalise } from '../../text.ts';
import { contactLine, DRAFT_MARK, planTitle, type ViewCard, type ViewRow } from './plan-view.ts';
import type { ContactView } from './plan-contacts.ts';
import type { PrintDocument, PrintSection } from './print-view.ts';

// Fonts are embedded from a TrueType file: the standard PDF fonts are not embedded, and PDF/UA needs every font to be.
const fontFile = (name: string): string => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const REGULAR = fontFile('DejaVuSans.ttf');
const BOLD = fontFile('DejaVuSans-Bold.ttf');

const MARGIN = 56;
const TOP = 80;
const HEADING_SIZES = { H1: 20, H2: 16, H3: 13, H4: 12, H5: 11 } as const;
type HeadingTag = keyof typeof HEADING_SIZES;

type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

/**
 * The copy of the plan that travels with the person as an accessible PDF: tagged (PDF/UA), in British English,
 * titled, with embedded fonts, headings and paragraphs in the structure tree, the crisis plan on the first page by
 * itself, and the person's name (when they chose to print it), version and agreement on every page as a page
 * artifact (so screen readers do not read it again on each page).
 */
export async function planPdf(copy: PrintDocument): Promise<Buffer> {
  const header = copy.header;
  // Loaded when the first PDF is asked for: most processes never make one.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    // The type lists only PDF/A subsets; pdfkit also accepts PDF/UA.
    subset: 'PDF/UA' as unknown as 'PDF/A-1',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: copy.nameThePerson ? planTitle(header) : `Care and support plan, ${header.versionLabel}`,
      Subject: 'Personalised care and support plan',
      CreationDate: header.printedAt,
      ModDate: header.printedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);

  const root = doc.struct('Document');
  doc.addStructure(root);
  const write = new StructuredWriter(doc);

  write.heading(root, 'H1', copy.personName ? `Care and support plan: ${copy.personName}` : 'Care and support plan');
  write.paragraph(root, `${capitalise(header.versionLabel)}. ${copy.agreementLine}.`);
  if (!header.agreed)
    write.paragraph(
      root,
      'Nobody should act on this plan as agreed until the person and their lead professional have both agreed it.',
    );
  if (header.newerDraft)
    write.paragraph(root, 'Changes since it was agreed make a draft, which is being worked on. It is not agreed yet.');
  write.paragraph(root, `Printed on ${formatUkDateTime(header.printedAt)}.`);

  // The crisis plan first, on a page of its own.
  write.section(root, copy.crisis);
  doc.addPage();
  for (const section of [...copy.aboutThePerson, ...copy.plan, copy.agreement]) write.section(root, section);
  root.end();

  addPageHeadersAndFooters(doc, copy.runningHeader, Boolean(header.agreed));
  doc.end();
  return done;
}

/** Writes content as structure elements in reading order. */
class StructuredWriter {
  readonly #doc: PDFKit.PDFDocument;
  constructor(doc: PDFKit.PDFDocument) {
    this.#doc = doc;
  }

  section(parent: Struct, section: PrintSection): void {
    const part = this.#doc.struct('Sect');
    parent.add(part);
    this.heading(part, 'H2', section.title);
    if (section.ownWords !== null) this.paragraph(part, section.ownWords);
    this.rows(part, section.rows);
    for (const contact of section.contacts) this.contact(part, contact);
    for (const card of section.cards) this.card(part, card, 'H3');
    if (section.emptyText) this.paragraph(part, section.emptyText);
    part.end();
  }

  /** Someone to contact: their name as a heading, what they do, and how to reach them. */
  contact(parent: Struct, contact: ContactView): void {
    const part = this.#doc.struct('Sect');
    parent.add(part);
    this.heading(part, 'H3', contact.name);
    const roles = contact.roles.length ? ` (${contact.roles.join(', ').toLowerCase()})` : '';
    this.paragraph(part, `${contact.about}${roles}.`);
    this.paragraph(part, `${contactLine(contact)}${contact.team ? ` Team: ${contact.team}.` : ''}`, 6);
    part.end();
  }

  heading(parent: Struct, tag: HeadingTag, text: string): void {
    const doc = this.#doc;
    // Keep a heading with at least a few lines of what follows it.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.moveDown(tag === 'H1' || tag === 'H2' ? 0.8 : 0.4);
    this.#add(parent, tag, () => doc.font('bold').fontSize(HEADING_SIZES[tag]).fillColor('#0b0c0c').text(text));
    doc.moveDown(0.3);
  }

  /** Each line the writer typed becomes its own paragraph, so assistive technology keeps the breaks. */
  paragraph(parent: Struct, text: string, gap = 4): void {
    const doc = this.#doc;
    for (const line of text.split('\n').filter((typed) => typed.trim())) {
      this.#add(parent, 'P', () => doc.font('regular').fontSize(11).text(line, { paragraphGap: gap }));
    }
  }

  /** A label and its value: the label in bold as its own paragraph, then the value, or a list when there are several. */
  rows(parent: Struct, rows: ViewRow[]): void {
    const doc = this.#doc;
    for (const row of rows) {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
      this.#add(parent, 'P', () => doc.font('bold').fontSize(11).text(row.label));
      if (Array.isArray(row.value)) {
        const list = doc.struct('L');
        parent.add(list);
        doc.font('regular').fontSize(11).list(row.value, { structParent: list, bulletRadius: 2, paragraphGap: 2 });
        list.end();
        doc.moveDown(0.4);
      } else {
        this.paragraph(parent, row.value, 6);
      }
    }
  }

  card(parent: Struct, card: ViewCard, tag: 'H3' | 'H4' | 'H5'): void {
    const part = this.#doc.struct('Sect');
    parent.add(part);
    this.heading(part, tag, card.heading);
    this.rows(part, card.rows);
    const smaller = tag === 'H3' ? 'H4' : 'H5';
    for (const inner of card.cards) this.card(part, inner, smaller);
    part.end();
  }

  #add(parent: Struct, tag: string, draw: () => void): void {
    const element = this.#doc.struct(tag, {}, draw);
    parent.add(element);
    element.end();
  }
}

/** The running header (whose plan, which version, agreed or draft) and the page number, on every page. */
function addPageHeadersAndFooters(doc: PDFKit.PDFDocument, line: string, agreed: boolean): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    // Writing in the margins must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as unknown as PDFKit.Mixins.MarkingOptions);
    doc
      .font(agreed ? 'regular' : 'bold')
      .fontSize(9)
      .fillColor('#0b0c0c');
    doc.text(line, MARGIN, 28, { width: width - 2 * MARGIN, lineBreak: true });
    doc
      .moveTo(MARGIN, TOP - 12)
      .lineTo(width - MARGIN, TOP - 12)
      .lineWidth(0.5)
      .strokeColor('#505a5f')
      .stroke();
    const footer = agreed
      ? `Page ${index - start + 1} of ${count}`
      : `${DRAFT_MARK} – page ${index - start + 1} of ${count}`;
    doc
      .font('regular')
      .fontSize(9)
      .text(footer, MARGIN, height - MARGIN + 16, { width: width - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
