import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PeopleService } from '../service.ts';
import { notFound } from '../../../errors.ts';
import { checkForm } from '../../../web/forms.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ABOUT_ME_MAX_LENGTH, aboutMeHeading } from '../about-me-headings.ts';
import { normaliseLineEndings } from '../../../web/text-fields.ts';
import { pathId } from '../../../web/params.ts';

const aboutMeForm = z.object({
  body: z
    .string()
    .default('')
    .transform((typed) => normaliseLineEndings(typed).trim())
    .pipe(
      z
        .string()
        .max(ABOUT_ME_MAX_LENGTH, `This must be ${ABOUT_ME_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`),
    ),
});

export function registerAboutMeRoutes(app: FastifyInstance, people: PeopleService): void {
  const headingFrom = (params: unknown) => {
    const typed = (params as { heading?: unknown }).heading;
    const heading = aboutMeHeading(typeof typed === 'string' ? typed : '');
    if (!heading) throw notFound();
    return heading;
  };

  app.get('/people/:personId/about-me', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const aboutMe = await people.aboutMe.show(request.personData, personId);
    return reply.render('people/views/about-me.njk', {
      pageTitle: `About me – ${aboutMe.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...aboutMe,
    });
  });

  app.get('/people/:personId/about-me/:heading', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const heading = headingFrom(request.params);
    const current = await people.aboutMe.forEditing(request.personData, personId, heading.key);
    return reply.render('people/views/about-me-edit.njk', {
      pageTitle: heading.title,
      backLink: `/people/${personId}/about-me`,
      personId,
      heading,
      name: current.name,
      values: { body: current.body },
      fieldErrors: {},
      maxLength: ABOUT_ME_MAX_LENGTH,
    });
  });

  app.post('/people/:personId/about-me/:heading', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const heading = headingFrom(request.params);
    const form = checkForm(aboutMeForm, request.body);
    if (!form.ok) {
      await request.personData.check(personId, 'about_me', 'write', 'Your About me');
      return reply.code(400).render('people/views/about-me-edit.njk', {
        pageTitle: heading.title,
        backLink: `/people/${personId}/about-me`,
        personId,
        heading,
        values: form.values,
        errors: form.errors.list,
        fieldErrors: form.errors.byField,
        maxLength: ABOUT_ME_MAX_LENGTH,
      });
    }
    await people.aboutMe.save(request.personData, personId, heading.key, form.data.body, new Date());
    return reply.redirect(`/people/${personId}/about-me#${heading.key}`, 303);
  });
}
