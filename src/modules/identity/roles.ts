import type { Actor, StaffActor, StaffRole } from '../../data/actor.ts';

/**
 * Staff work that is not about one person's record, and the roles that do it: the one place role checks for
 * pages live (what a role may do with a record is the access policy's). Deny by default.
 */
export const STAFF_TASKS = {
  findPeople: ['practitioner'],
  reviewPlans: ['practitioner'],
  useEmergencyAccess: ['practitioner'],
  reviewEmergencyAccess: ['privacy_officer'],
  manageOrganisation: ['administrator'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffTask = keyof typeof STAFF_TASKS;

/** Whether a role does this task. */
export const roleDoes = (role: StaffRole, task: StaffTask): boolean =>
  (STAFF_TASKS[task] as readonly StaffRole[]).includes(role);

/** Whether this actor is a member of staff whose role does this task. */
export const mayDo = (actor: Actor | null | undefined, task: StaffTask): actor is StaffActor =>
  actor?.kind === 'staff' && roleDoes(actor.role, task);

type NavigationItem = { text: string; href: string; active?: boolean };

/** The links along the top of every page, by who is signed in; `path` marks the current one. */
export function navigationFor(actor: Actor | null, path: string): NavigationItem[] {
  if (!actor) return [];
  const items: NavigationItem[] =
    actor.kind === 'citizen'
      ? [{ text: 'Home', href: '/my' }]
      : [
          { text: 'Home', href: '/staff' },
          ...(mayDo(actor, 'findPeople') ? [{ text: 'Find a person', href: '/staff/find' }] : []),
          ...(mayDo(actor, 'reviewPlans') ? [{ text: 'Reviews due', href: '/staff/reviews' }] : []),
          ...(mayDo(actor, 'reviewEmergencyAccess')
            ? [{ text: 'Emergency access alerts', href: '/staff/privacy' }]
            : []),
          ...(mayDo(actor, 'manageOrganisation') ? [{ text: 'Your organisation', href: '/staff/organisation' }] : []),
        ];
  items.push({ text: 'Your sessions', href: '/account/sessions' });
  return items.map((item) => ({
    ...item,
    active: path === item.href || (item.href !== '/my' && item.href !== '/staff' && path.startsWith(item.href)),
  }));
}
