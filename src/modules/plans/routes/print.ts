import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.ts';
import type { Services } from '../../../services.ts';
import { notFound } from '../../../web/errors.ts';
import { requireSignedIn } from '../../identity/session-hook.ts';
import { pathId } from '../../../web/params.ts';
import { planPdf } from '../pdf.ts';
import { agreementLine, easyReadSections, planSections, runningHeader, type PlanHeader } from '../plan-view.ts';
import * as store from '../store.ts';
import { personFullName } from '../../people/index.ts';
import { involvedNames } from '../store-print.ts';

const PARTY_ORDER = ['person', 'lead_professional'];

/**
 * The plan to print: the newest agreed version when there is one, else the current draft. Throws 404
 * when no plan has been started, which also rolls back the read's access-log row: nothing was seen.
 */
async function printablePlan(trx: Db, personId: string, printedAt: Date) {
  const current = await store.currentVersion(trx, personId);
  const personName = await personFullName(trx, personId);
  if (!current || !personName) throw notFound();
  const agreed = await store.latestAgreedVersion(trx, personId);
  const version = agreed?.version ?? current;
  const header: PlanHeader = {
    personName,
    versionNumber: version.number,
    agreed: agreed
      ? {
          on: new Date(Math.max(...agreed.agreements.map((row) => row.agreed_at.getTime()))),
          // The person (or whoever agreed for them) first, then the lead professional.
          by: agreed.agreements.toSorted((a, b) => PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party)).map((row) => row.agreed_by_name),
        }
      : null,
    newerDraftNumber: agreed && current.number > agreed.version.number ? current.number : null,
    printedAt,
  };
  const content = version.content;
  const names = await involvedNames(trx, personId, content.involved.careTeamMemberIds, content.involved.circleMemberIds);
  return { header, content, names };
}

const readPlan = (request: FastifyRequest, summary: string) => {
  const personId = pathId(request, 'personId');
  return request.personData.read(personId, 'plan', summary, async (trx, decision) => ({
    personId, isSelf: decision.purpose === 'self', ...(await printablePlan(trx, personId, new Date())),
  }));
};

export function registerPrintRoutes(app: FastifyInstance, _services: Services): void {
  app.get('/people/:personId/plan/print', { preHandler: requireSignedIn }, async (request, reply) => {
    const plan = await readPlan(request, 'Your care and support plan, printed');
    return reply.render('plans/views/print.njk', {
      pageTitle: `Care and support plan – ${plan.header.personName}`, backLink: `/people/${plan.personId}/plan`, personId: plan.personId,
      header: plan.header, runningHeader: runningHeader(plan.header), agreementLine: agreementLine(plan.header), sections: planSections(plan.content, plan.names),
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
    const plan = await readPlan(request, 'Your care and support plan, on a page');
    return reply.render('plans/views/easy-read.njk', {
      pageTitle: `My plan on a page – ${plan.header.personName}`, backLink: `/people/${plan.personId}/plan`, personId: plan.personId,
      header: plan.header, isSelf: plan.isSelf, runningHeader: runningHeader(plan.header, 'my plan on a page'), agreementLine: agreementLine(plan.header),
      sections: easyReadSections(plan.content),
    });
  });
}
