import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireSignedIn } from '../../identity/index.ts';
import { pathId } from '../../../web/params.ts';
import { planPdf } from '../pdf.ts';
import { agreementLine, planSections, runningHeader } from '../plan-view.ts';
import { easyReadSections } from '../easy-read.ts';
import { pictogram, PICTOGRAM_CREDIT } from '../../../web/pictograms.ts';
import { printablePlan } from '../print-service.ts';

const readPlan = (request: FastifyRequest, summary: string, options?: { withWriters: boolean }) =>
  printablePlan(request.personData, pathId(request, 'personId'), summary, new Date(), options);

export function registerPrintRoutes(app: FastifyInstance): void {
  app.get('/people/:personId/plan/print', { preHandler: requireSignedIn }, async (request, reply) => {
    const plan = await readPlan(request, 'Your care and support plan, printed');
    return reply.render('plans/views/print.njk', {
      pageTitle: `Care and support plan – ${plan.header.personName}`,
      backLink: `/people/${plan.personId}/plan`,
      personId: plan.personId,
      header: plan.header,
      runningHeader: runningHeader(plan.header),
      agreementLine: agreementLine(plan.header),
      sections: planSections(plan.content, plan.names),
    });
  });

  app.get('/people/:personId/plan/pdf', { preHandler: requireSignedIn }, async (request, reply) => {
    const plan = await readPlan(request, 'Your care and support plan, as a PDF');
    const pdf = await planPdf(plan.content, plan.header, plan.names);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="care-and-support-plan-v${plan.header.versionNumber}.pdf"`)
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
