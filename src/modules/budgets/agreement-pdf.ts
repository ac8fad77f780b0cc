import { createRequire } from 'node:module';
import { formatUkDateTime } from '../../dates.ts';
import type { AgreementRecord } from './agreement-service.ts';
import type { AgreementSection } from './agreement-terms.ts';

// A money agreement as a tagged, titled PDF in British English with embedded fonts: the same plain words as the page.

const font = (name: string): string => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);

export type AgreementPrint = {
  title: string;
  personName: string;
  sections: AgreementSection[];
  record: AgreementRecord;
  printedAt: Date;
};

export async function agreementPdf(print: AgreementPrint): Promise<Buffer> {
  // Loaded when the first agreement is downloaded: most processes never make one.
  const { default: PDFDocument } = await import('pdfkit');
  const title = `${print.title}: ${print.personName}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 56, right: 56 },
    pdfVersion: '1.7',
    subset: 'PDF/UA' as unknown as 'PDF/A-1',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Subject: 'Money agreement', CreationDate: print.printedAt, ModDate: print.printedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', font('DejaVuSans.ttf'));
  doc.registerFont('bold', font('DejaVuSans-Bold.ttf'));

  const root = doc.struct('Document');
  doc.addStructure(root);
  const add = (tag: string, draw: () => void) => {
    const element = doc.struct(tag, {}, draw);
    root.add(element);
    element.end();
  };
  const heading = (tag: 'H1' | 'H2', text: string) => {
    doc.moveDown(0.8);
    add(tag, () =>
      doc
        .font('bold')
        .fontSize(tag === 'H1' ? 20 : 14)
        .text(text),
    );
    doc.moveDown(0.3);
  };
  const paragraph = (text: string) => add('P', () => doc.font('regular').fontSize(11).text(text, { paragraphGap: 5 }));

  heading('H1', title);
  paragraph(`“You” in this agreement means ${print.personName}.`);
  paragraph('Agreeing to this is separate from agreeing the care and support plan.');
  for (const section of print.sections) {
    heading('H2', section.heading);
    for (const sentence of section.sentences) paragraph(sentence);
  }
  heading('H2', 'Who wrote and explained it, and the answer');
  paragraph(print.record.drafted);
  for (const line of print.record.explanations) paragraph(line);
  if (print.record.explanations.length === 0) paragraph('Nobody has recorded explaining it yet.');
  for (const line of print.record.answer ?? ['Nobody has answered it yet.']) paragraph(line);
  paragraph(`Printed on ${formatUkDateTime(print.printedAt)}.`);
  root.end();
  doc.end();
  return done;
}
