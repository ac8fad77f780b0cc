import { formatPence } from '../../budgets/index.ts';
import { checkedStatus } from '../checked.ts';
import type { ServiceDetails } from '../search-service.ts';

// A service's public page in words: who it is for, where, when, what it costs and how to get in touch.

/** "For people aged 18 and over", "aged 11 to 25", "up to 25"; undefined when it is for any age. */
export function agesInWords(minimum: number | null, maximum: number | null): string | undefined {
  if (minimum !== null && maximum !== null) return `For people aged ${minimum} to ${maximum}`;
  if (minimum !== null && minimum > 0) return `For people aged ${minimum} and over`;
  if (maximum !== null) return `For people aged up to ${maximum}`;
  return undefined;
}

/** Each cost in words ("Per session: £5.00"), or that it is free. */
export function costInWords(service: Pick<ServiceDetails, 'costs' | 'feesDescription'>): string[] {
  const paid = service.costs.filter((cost) => cost.amountPence !== null && cost.amountPence > 0);
  const lines = paid.map(
    (cost) =>
      [cost.option, formatPence(cost.amountPence!)].filter(Boolean).join(': ') +
      (cost.description ? ` (${cost.description})` : ''),
  );
  if (service.feesDescription) lines.push(service.feesDescription);
  return lines.length ? lines : ['Free'];
}

/** What the service page shows, from the service's details. */
export function describeService(service: ServiceDetails & { openingTimes: string[] }, today: string) {
  const website = service.url ?? service.organisation?.website ?? null;
  return {
    service,
    ages: agesInWords(service.minimumAge, service.maximumAge),
    costs: costInWords(service),
    checked: checkedStatus(service.assuredDate, today),
    closedForNow: service.status === 'temporarily closed',
    email: service.email ?? service.organisation?.email ?? null,
    website: website && /^https?:\/\//i.test(website) ? website : null,
  };
}
