import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../../ids.ts';
import type { IdentityService } from '../service.ts';
import { mayDo } from '../roles.ts';
import { notFound } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { requiredText } from '../../../web/text-fields.ts';
import type { StaffActor } from '../../../data/actor.ts';
import { checkLogoFile, LOGO_MAX_BYTES, type UploadedFile } from '../organisation-settings.ts';
import { requireSignedIn } from './session-hook.ts';
import { KIND_NAMES } from './staff-forms.ts';

const NAME_MAX = 200;
const nameForm = z.object({
  name: z
    .string({ error: "Enter your organisation's name" })
    .pipe(requiredText("your organisation's name", NAME_MAX, "Enter your organisation's name")),
});

const FLASHES: Record<string, string> = {
  name: "Your organisation's name has been changed.",
  logo: 'Your logo has been uploaded. Your staff now see it at the top of every page.',
  'logo-removed': 'Your logo has been removed.',
};

/**
 * Only administrators see their organisation's settings; to anyone else signed in, the pages do not
 * exist. Checked on request, before a body is read, so nobody else's upload is even parsed.
 */
async function administratorsOnly(request: FastifyRequest): Promise<void> {
  if (!mayDo(request.actor, 'manageOrganisation')) throw notFound();
}
const forAdministrators = { onRequest: [requireSignedIn, administratorsOnly] };

/** Reads the uploaded file into memory, at most LOGO_MAX_BYTES of it, noting whether it was cut short. */
async function keepUploadedFile(part: MultipartFile): Promise<void> {
  const bytes = await part.toBuffer();
  const file: UploadedFile = { filename: part.filename, bytes, tooLarge: part.file.truncated };
  part.value = file;
}

const uploadedFileIn = (body: unknown): UploadedFile | undefined => {
  const logo = (body as { logo?: unknown } | undefined)?.logo;
  return typeof logo === 'object' && logo !== null && Buffer.isBuffer((logo as UploadedFile).bytes)
    ? (logo as UploadedFile)
    : undefined;
};

export function registerOrganisationRoutes(app: FastifyInstance, identity: IdentityService): void {
  const settings = identity.organisations;

  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { name?: unknown; errors?: FormErrors; flash?: string } = {},
  ) {
    const actor = request.actor as StaffActor;
    const organisation = await settings.find(actor.organisationId);
    if (!organisation) throw notFound();
    return reply.code(options.errors ? 400 : 200).render('identity/views/organisation.njk', {
      pageTitle: 'Your organisation',
      organisation,
      kindName: KIND_NAMES[organisation.kind],
      values: { name: options.name ?? organisation.name },
      errors: options.errors?.list,
      fieldErrors: options.errors?.byField ?? {},
      flash: options.flash,
    });
  }

  app.get('/staff/organisation', forAdministrators, async (request, reply) => {
    const { changed } = request.query as { changed?: string };
    return renderSettings(request, reply, { flash: changed ? FLASHES[changed] : undefined });
  });

  app.post('/staff/organisation', forAdministrators, async (request, reply) => {
    const form = checkForm(nameForm, request.body);
    if (!form.ok) return renderSettings(request, reply, { name: form.values.name, errors: form.errors });
    await settings.rename((request.actor as StaffActor).organisationId, form.data.name);
    return reply.redirect('/staff/organisation?changed=name', 303);
  });

  app.post('/staff/organisation/logo/remove', forAdministrators, async (request, reply) => {
    await settings.removeLogo((request.actor as StaffActor).organisationId);
    return reply.redirect('/staff/organisation?changed=logo-removed', 303);
  });

  // Only the upload reads multipart bodies. The plugin puts every field in request.body before the
  // global CSRF check runs (preValidation comes before preHandler), so the form's hidden _csrf field is
  // checked the same way as on every other form, with no JavaScript. The file is kept in memory, cut
  // off just past the size limit, and saved only once the token, the role and the bytes all pass.
  app.register(async (uploads) => {
    await uploads.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 4, fieldSize: 1000, parts: 5, headerPairs: 20 },
    });

    uploads.post('/staff/organisation/logo', forAdministrators, async (request, reply) => {
      const logo = checkLogoFile(uploadedFileIn(request.body));
      if (!logo.ok) return renderSettings(request, reply, { errors: fieldError('logo', logo.message) });
      await settings.saveLogo((request.actor as StaffActor).organisationId, logo);
      return reply.redirect('/staff/organisation?changed=logo', 303);
    });
  });

  // A logo is not personal data, so the browser may keep it for five minutes (new uploads get a new
  // address, see organisationLogoPath). The global onSend hook marks every response no-store; a
  // route's own onSend hooks run after the global ones, so this one wins. Private, because a response
  // may carry a session cookie being cleared; and only a logo, because an error page names who is signed in.
  app.get(
    '/organisations/:organisationId/logo',
    {
      onSend: async (_request, reply) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'private, max-age=300');
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params as { organisationId: string };
      if (!isUuid(organisationId)) throw notFound();
      const logo = await settings.logo(organisationId);
      if (!logo) throw notFound();
      return reply.type(logo.content_type).header('x-content-type-options', 'nosniff').send(Buffer.from(logo.bytes));
    },
  );
}
