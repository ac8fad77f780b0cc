import type { Actor } from '../data/actor.ts';
import type { PersonDataContext } from '../modules/access/index.ts';
import type { PersonStores } from '../services.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in, or null. */
    actor: Actor | null;
    /** The live session, or null. */
    sessionId: string | null;
    /** The only way to reach person data: access-checked and audited for this actor, with every module's stores. */
    personData: PersonDataContext<PersonStores>;
  }
  interface FastifyReply {
    /** This response's script nonce, named in its Content Security Policy. */
    scriptNonce: string;
    /** Renders a Nunjucks template inside the layout, with the nonce, CSRF token, branding and navigation. */
    render(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
  }
}
