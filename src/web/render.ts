import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSameSitePath, type Config } from '../config.ts';
import type { Actor } from '../data/actor.ts';
import { createViewEnvironment } from './views.ts';

/** The links along the top of a page, for whoever is signed in; `path` marks the current one. */
export type Navigation = (
  actor: Actor | null,
  path: string,
) => { text: string; href: string; active?: boolean }[] | Promise<{ text: string; href: string; active?: boolean }[]>;

/** Adds `reply.render`, which fills in what every page needs: nonce, CSRF token, branding, navigation. */
export function setUpViews(
  app: FastifyInstance,
  config: Pick<Config, 'organisationName' | 'organisationLogoUrl'>,
  navigationFor: Navigation,
): void {
  const env = createViewEnvironment();
  app.decorateReply(
    'render',
    async function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request: FastifyRequest = this.request;
      const actor = request.actor;
      // A member of staff whose organisation has its own logo sees it with their organisation's name;
      // everyone else sees the deployment's name and logo.
      const staff = actor?.kind === 'staff' ? actor : null;
      // A logo address from the database is used only if it is on this site, as the configured one must be.
      const ownLogo =
        staff?.organisationLogoUrl && isSameSitePath(staff.organisationLogoUrl) ? staff.organisationLogoUrl : null;
      const page = {
        cspNonce: this.scriptNonce,
        csrfToken: this.csrfToken(),
        // The organisation's name is said once: beside its logo when it has one, else after the person's name.
        actor: actor && {
          name: actor.name,
          organisationName: staff && !ownLogo ? staff.organisationName : undefined,
        },
        brand: {
          serviceName: config.organisationName,
          headerName: ownLogo ? staff!.organisationName : config.organisationName,
          logoUrl: ownLogo ?? config.organisationLogoUrl,
        },
        navigation: await navigationFor(actor, request.url.split('?')[0] ?? ''),
        ...context,
      };
      const html = await new Promise<string>((resolve, reject) =>
        env.render(template, page, (error, result) => (error ? reject(error) : resolve(result ?? ''))),
      );
      return this.type('text/html; charset=utf-8').send(html);
    },
  );
}
