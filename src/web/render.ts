import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Actor } from '../modules/identity/actor.ts';
import { createViewEnvironment } from './views.ts';

type NavigationItem = { text: string; href: string; active?: boolean };

function navigationFor(actor: Actor | null, path: string): NavigationItem[] {
  if (!actor) return [];
  const items: NavigationItem[] =
    actor.kind === 'citizen'
      ? [{ text: 'Home', href: '/my' }]
      : [
          { text: 'Home', href: '/staff' },
          ...(actor.role === 'practitioner' ? [{ text: 'Find a person', href: '/staff/find' }, { text: 'Reviews due', href: '/staff/reviews' }] : []),
          ...(actor.role === 'privacy_officer' ? [{ text: 'Emergency access alerts', href: '/staff/privacy' }] : []),
          ...(actor.role === 'administrator' ? [{ text: 'Your organisation', href: '/staff/organisation' }] : []),
        ];
  items.push({ text: 'Your sessions', href: '/account/sessions' });
  return items.map((item) => ({ ...item, active: path === item.href || (item.href !== '/my' && item.href !== '/staff' && path.startsWith(item.href)) }));
}

/** Adds `reply.render`, which fills in what every page needs: nonce, CSRF token, branding, navigation. */
export function setUpViews(app: FastifyInstance, config: Pick<Config, 'organisationName' | 'organisationLogoUrl'>): void {
  const env = createViewEnvironment();
  app.decorateReply('render', async function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request: FastifyRequest = this.request;
    const actor = request.actor;
    // A member of staff whose organisation has its own logo sees it with their organisation's name;
    // everyone else sees the deployment's name and logo.
    const staff = actor?.kind === 'staff' ? actor : null;
    const page = {
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      csrfToken: this.generateCsrf(),
      // The organisation's name is said once: beside its logo when it has one, else after the person's name.
      actor: actor && { name: actor.name, organisationName: staff && !staff.organisationLogoUrl ? staff.organisationName : undefined },
      brand: {
        serviceName: config.organisationName,
        headerName: staff?.organisationLogoUrl ? staff.organisationName : config.organisationName,
        logoUrl: staff?.organisationLogoUrl || config.organisationLogoUrl,
      },
      navigation: navigationFor(actor, request.url.split('?')[0] ?? ''),
      ...context,
    };
    const html = await new Promise<string>((resolve, reject) =>
      env.render(template, page, (error, result) => (error ? reject(error) : resolve(result ?? ''))),
    );
    return this.type('text/html; charset=utf-8').send(html);
  });
}
