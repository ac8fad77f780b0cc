import type { FastifyInstance } from 'fastify';
import { registerOpenReferralApi } from './routes/api.ts';
import { registerCommunityRoutes } from './routes/community.ts';
import { registerReferralsRoutes } from './routes/referrals.ts';
import { registerSearchRoutes } from './routes/search.ts';
import type { DirectoryService } from './service.ts';

// The directory's pages and API: finding support (public and staff), the Open Referral UK API, suggestions and their
// moderation, and social-prescribing referrals.
export function registerDirectoryRoutes(app: FastifyInstance, directory: DirectoryService): void {
  registerSearchRoutes(app, directory);
  registerOpenReferralApi(app, directory);
  registerCommunityRoutes(app, directory);
  registerReferralsRoutes(app, directory);
}
