import type { Actor, StaffActor, StaffRole } from '../../data/actor.ts';

/**
 * Staff work that is not about one person's record, and the roles that do it: the one place role checks for
 * pages live (what a role may do with a record is the access policy's). Deny by default.
 */
export const STAFF_TASKS = {
  findPeople: ['practitioner'],
  registerPeople: ['practitioner'],
  reviewPlans: ['practitioner'],
  useEmergencyAccess: ['practitioner'],
  reviewEmergencyAccess: ['privacy_officer'],
  decidePanelCases: ['panel_member'],
  workOnTasks: ['practitioner', 'manager'],
  viewCommissioning: ['manager'],
  seeTransfersOfCare: ['manager'],
  manageOrganisation: ['administrator'],
  manageStaff: ['administrator'],
  addOrganisations: ['platform_administrator'],
  keepDirectory: ['directory_keeper'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffTask = keyof typeof STAFF_TASKS;

/** Each role in plain words, as pages and e-mails name it. */
export const ROLE_NAMES: Record<StaffRole, string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  panel_member: 'Panel member',
  privacy_officer: 'Privacy officer',
  administrator: 'Administrator',
  platform_administrator: 'Platform administrator',
  directory_keeper: 'Directory keeper',
};

/** The roles an organisation's administrator may give their staff: never platform administrator. */
export const ORGANISATION_ROLES = [
  'practitioner',
  'manager',
  'panel_member',
  'privacy_officer',
  'administrator',
  'directory_keeper',
] as const satisfies readonly StaffRole[];

export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** Whether a role does this task. */
export const roleDoes = (role: StaffRole, task: StaffTask): boolean =>
  (STAFF_TASKS[task] as readonly StaffRole[]).includes(role);

/** Whether this actor is a member of staff whose role does this task. */
export const mayDo = (actor: Actor | null | undefined, task: StaffTask): actor is StaffActor =>
  actor?.kind === 'staff' && roleDoes(actor.role, task);

type NavigationItem = { text: string; href: string; active?: boolean };

/** The links along the top of every page, by who is signed in; `path` marks the current one, `unread` counts their inbox. */
export function navigationFor(actor: Actor | null, path: string, unread = 0): NavigationItem[] {
  if (!actor) return [];
  const items: NavigationItem[] =
    actor.kind === 'citizen'
      ? [{ text: 'Home', href: '/my' }]
      : [
          { text: 'Home', href: '/staff' },
          ...(mayDo(actor, 'findPeople') ? [{ text: 'Find a person', href: '/staff/find' }] : []),
          ...(mayDo(actor, 'reviewPlans') ? [{ text: 'Reviews due', href: '/staff/reviews' }] : []),
          ...(mayDo(actor, 'workOnTasks') ? [{ text: 'Tasks', href: '/tasks' }] : []),
          ...(mayDo(actor, 'findPeople') ? [{ text: 'Referrals received', href: '/directory/referrals' }] : []),
          ...(mayDo(actor, 'decidePanelCases') ? [{ text: 'Panel cases', href: '/panel' }] : []),
          ...(mayDo(actor, 'viewCommissioning') ? [{ text: 'Spending and gaps', href: '/staff/commissioning' }] : []),
          ...(mayDo(actor, 'viewCommissioning') ? [{ text: 'Community gaps', href: '/directory/gaps' }] : []),
          ...(mayDo(actor, 'seeTransfersOfCare') ? [{ text: 'Hospital stays', href: '/staff/episodes' }] : []),
          ...(mayDo(actor, 'reviewEmergencyAccess')
            ? [{ text: 'Emergency access alerts', href: '/staff/privacy' }]
            : []),
          ...(mayDo(actor, 'manageOrganisation') ? [{ text: 'Your organisation', href: '/staff/organisation' }] : []),
          ...(mayDo(actor, 'manageStaff') ? [{ text: 'Staff', href: '/staff/organisation/staff' }] : []),
          ...(mayDo(actor, 'addOrganisations') ? [{ text: 'Organisations', href: '/admin/organisations' }] : []),
          ...(mayDo(actor, 'keepDirectory') ? [{ text: 'Directory', href: '/directory/suggestions' }] : []),
        ];
  items.push({ text: 'Find support', href: '/directory' });
  items.push({ text: unread > 0 ? `Inbox (${unread.toLocaleString('en-GB')} unread)` : 'Inbox', href: '/inbox' });
  items.push({ text: 'Your sessions', href: '/account/sessions' });
  const matches = (href: string) =>
    path === href || (href !== '/my' && href !== '/staff' && path.startsWith(`${href}/`));
  // The longest link that matches is the current one: staff pages under /staff/organisation mark "Staff" alone.
  const current = items
    .filter((item) => matches(item.href))
    .reduce<string | undefined>(
      (best, item) => (best && best.length >= item.href.length ? best : item.href),
      undefined,
    );
  return items.map((item) => ({ ...item, active: item.href === current }));
}
