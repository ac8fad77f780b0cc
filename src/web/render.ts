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
          ...(actor.role === 'practitioner' ? [{ text: 'Find a person', href: '/staff/find' }] : []),
          ...(actor.role === 'privacy_officer' ? [{ text: 'Emergency access alerts', href: '/staff/privacy' }] : []),
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
    const page = {
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      csrfToken: this.generateCsrf(),
      actor: actor && { name: actor.name, organisationName: actor.kind === 'staff' ? actor.organisationName : undefined },
      brand: {
        serviceName: config.organisationName,
        logoUrl: (actor?.kind === 'staff' && actor.organisationLogoUrl) || config.organisationLogoUrl,
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
