import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireSignedIn } from '../../identity/index.ts';
import { pathId } from '../../../web/params.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { yesNo } from '../../../web/text-fields.ts';
import { planPdf } from '../pdf.ts';
import { agreementLine, runningHeader } from '../plan-view.ts';
import { easyReadSections } from '../easy-read.ts';
import { pictogram, PICTOGRAM_CREDIT } from '../../../web/pictograms.ts';
import { printablePlan, travellingCopy } from '../print-service.ts';
import { printDocument } from '../print-view.ts';
import { choosePrintIdentity } from '../print-identity.ts';

const identityForm = z.object({
  printIdentity: yesNo('Select yes to print the name, date of birth, NHS number and address, or no to leave them off'),
});

const printPath = (personId: string) => `/people/${personId}/plan/print`;

const readPlan = (request: FastifyRequest, summary: string, options?: { withWriters: boolean }) =>
  printablePlan(request.personData, pathId(request, 'personId'), summary, new Date(), options);

const readCopy = (request: FastifyRequest, summary: string) =>
  travellingCopy(request.personData, pathId(request, 'personId'), summary, new Date());

/** The printed copy, with the choice about identity details above it (on screen only). */
async function renderPrint(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { values?: Record<string, unknown>; errors?: FormErrors; flash?: string } = {},
) {
  const copy = await readCopy(request, 'Your care and support plan, printed');
  const doc = printDocument(copy);
  return reply.code(options.errors ? 400 : 200).render('plans/views/print.njk', {
    pageTitle: doc.title,
    backLink: `/people/${copy.personId}/plan`,
    personId: copy.personId,
    personName: copy.header.personName,
    isSelf: copy.isSelf,
    identity: copy.identity,
    mayChooseIdentity: copy.mayChooseIdentity,
    values: options.values ?? { printIdentity: copy.identity.printsIdentity ? 'yes' : 'no' },
    errors: options.errors?.list,
    fieldErrors: options.errors?.byField ?? {},
    flash: options.flash,
    doc,
  });
}

export function registerPrintRoutes(app: FastifyInstance): void {
  app.get('/people/:personId/plan/print', { preHandler: requireSignedIn }, async (request, reply) => {
    const { chosen } = request.query as { chosen?: string };
    return renderPrint(request, reply, {
      flash: chosen === '1' ? 'Your choice about printing has been saved.' : undefined,
    });
  });

  app.post('/people/:personId/plan/print/identity', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(identityForm, request.body);
    if (!form.ok) {
      await request.personData.check(personId, 'sharing', 'write', 'Your choice about printing your details');
      return renderPrint(request, reply, { values: form.values, errors: form.errors });
    }
    await choosePrintIdentity(request.personData, personId, form.data.printIdentity, new Date());
    return reply.redirect(`${printPath(personId)}?chosen=1`, 303);
  });

  app.get('/people/:personId/plan/pdf', { preHandler: requireSignedIn }, async (request, reply) => {
    const copy = await readCopy(request, 'Your care and support plan, as a PDF');
    const pdf = await planPdf(printDocument(copy));
    return reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="care-and-support-plan-${copy.header.versionLabel.replace(/^the /, '').replaceAll(' ', '-')}.pdf"`,
      )
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get('/people/:personId/plan/easy-read', { preHandler: requireSignedIn }, async (request, reply) => {
    const plan = await readPlan(request, 'Your care and support plan, on a page', { withWriters: true });
    return reply.render('plans/views/easy-read.njk', {
      pageTitle: `My plan on a page – ${plan.header.personName}`,
      backLink: `/people/${plan.personId}/plan`,
      personId: plan.personId,
      header: plan.header,
      isSelf: plan.isSelf,
      runningHeader: runningHeader(plan.header, 'my plan on a page'),
      agreementLine: agreementLine(plan.header),
      sections: await Promise.all(
        easyReadSections(plan.content, plan.writers, plan.readerId).map(async (section) => ({
          ...section,
          pictureSrc: await pictogram(section.picture),
        })),
      ),
      pictureCredit: PICTOGRAM_CREDIT,
    });
  });
}
