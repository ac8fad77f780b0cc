import type { Recipient } from '../notifications/index.ts';
import type { PlanVersion } from './store.ts';
import type { PlanStores } from './stores.ts';

// Once one side has agreed the draft of the plan, the other side is told that it waits for them: the person (and
// whoever acts for them) when the lead professional agreed first, the lead professional when the person did.

/**
 * Tells whoever must still agree `version` that it waits for them, inside the write that recorded `agreed`'s
 * agreement. `actorId` is left out: nobody is told of their own wait.
 */
export async function tellWhoMustAgree(
  { access, notifications, people }: PlanStores,
  personId: string,
  version: PlanVersion,
  agreed: 'person' | 'lead_professional',
  actorId: string,
  today: string,
): Promise<void> {
  const link = `/people/${personId}/plan/check`;
  const others = (recipients: Recipient[]) => recipients.filter((recipient) => recipient.accountId !== actorId);
  const name = await people.name();
  if (agreed === 'lead_professional') {
    await notifications.notify({
      kind: 'plan_waiting',
      recipients: others(await access.ownAccounts()),
      text: 'Your care and support plan has a draft waiting for your agreement.',
      link,
    });
    await notifications.notify({
      kind: 'plan_waiting',
      recipients: others(await access.representativeAccounts(today)),
      text: `${name}'s care and support plan has a draft waiting for your agreement.`,
      link,
    });
    return;
  }
  const lead = version.content.leadProfessional;
  const place = lead && (await access.careTeamMembers()).find((member) => member.id === lead.careTeamMemberId);
  if (!place || (place.until_date !== null && place.until_date < today)) return;
  await notifications.notify({
    kind: 'plan_waiting',
    recipients: others([{ kind: 'staff', accountId: place.staff_account_id }]),
    text: `The draft of ${name}'s care and support plan has been agreed for them and is waiting for your agreement as lead professional.`,
    link,
  });
}
