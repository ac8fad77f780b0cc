import type { PersonData } from '../../data/person-data.ts';
import { notFound } from '../../errors.ts';
import type { AccessStores } from './stores.ts';
import type { AccessLogFilter } from './store-access-log-view.ts';

export const ACCESS_LOG_PAGE_SIZE = 50;

type LoggedAccess = { action: 'read' | 'write' | 'refused'; purpose: string; summary: string };

/**
 * A summary as the middle of a sentence: its first word lower-cased ("Who can see your record" → "who can see your
 * record"), unless it keeps its capital: a heading ("About me"), an abbreviation ("NHS") or someone's name ("Aisha's plan").
 */
const asPhrase = (summary: string): string =>
  /^(About me|[A-Z]{2,}\b|[A-Z][a-z]*['’]s\b)/.test(summary)
    ? summary
    : summary.charAt(0).toLowerCase() + summary.slice(1);

/** What someone did, as one plain sentence for the person: "Looked at your About me". */
export function describeAccess(entry: LoggedAccess): string {
  if (entry.action === 'refused') {
    const attempt = /^Tried to (see|change): ([\s\S]+)$/.exec(entry.summary);
    return attempt ? `Tried to ${attempt[1]} ${asPhrase(attempt[2]!)} and was refused` : `${entry.summary} (refused)`;
  }
  // Emergency access never allows changes, so the one emergency write is the start of it.
  if (entry.action === 'write' && entry.purpose === 'emergency') return 'Started emergency access to your record';
  if (entry.action === 'write' && entry.purpose === 'privacy_review') return `Checked ${asPhrase(entry.summary)}`;
  return `${entry.action === 'read' ? 'Looked at' : 'Changed'} ${asPhrase(entry.summary)}`;
}

/** Each part of the record in the middle of a sentence, for a day's looks at it with different summaries. */
const PART_PHRASES: Record<string, string> = {
  details: 'your details',
  about_me: 'your About me',
  contacts: 'your contacts and circle of support',
  plan: 'your care and support plan',
  budget: 'your personal budget',
  notes: 'your team’s notes, tasks and hospital stays',
  access_log: 'the list of who has looked at your record',
  sharing: 'your sharing choices',
  care_team: 'your care team',
  panel_case: 'what was sent to a panel about you',
  messages: 'your messages',
  community_referral: 'your referrals to community support',
  plan_about: 'what matters to you and your strengths, in your plan',
  plan_needs: 'the needs, goals and actions in your plan',
  plan_crisis: 'your crisis plan',
  plan_risks: 'the positive-risk decisions in your plan',
  plan_people: 'who is involved in your plan',
};

/** A part's name for the log's filter: 'Your care and support plan'. */
export const partName = (part: string): string => {
  const phrase = PART_PHRASES[part] ?? 'your record';
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
};

type LoggedGroup = LoggedAccess & { part: string; times: number; summaries: number };

/**
 * What someone did with one part of the record on one day, as one sentence: the entry's own words when every look
 * said the same, the part's name when they differed, and how many times: "Looked at your About me, 3 times".
 */
export function describeGroup(group: LoggedGroup): string {
  const phrase = PART_PHRASES[group.part] ?? 'your record';
  const what =
    group.summaries === 1
      ? describeAccess(group)
      : group.action === 'refused'
        ? `Tried to reach ${phrase} and was refused`
        : describeAccess({ ...group, summary: phrase });
  return group.times > 1 ? `${what}, ${group.times} times` : what;
}

/** What the reader chose to see: one person, organisation, part or dates; their own looks only when asked. */
export type AccessLogChoice = Omit<AccessLogFilter, 'leaveOutActorId'> & { includeOwn: boolean };

/**
 * One page of the person's access log, one row for each person, part and day, as first seen: later pages follow on
 * from the entry `upto` names, not from entries added since (reading the log adds one). Refused attempts are shown,
 * marked as refused. The reader's own looks are left out unless they ask. Past the last page there is nothing to
 * show: 404, and nothing is logged (throwing inside the read rolls its log row back).
 */
export function showAccessLog(
  data: PersonData<AccessStores>,
  personId: string,
  page: number,
  upto: string | undefined,
  choice: AccessLogChoice,
) {
  const summary =
    page === 1
      ? 'The list of who has looked at your record'
      : `Page ${page} of the list of who has looked at your record`;
  const { includeOwn, ...chosen } = choice;
  const filter: AccessLogFilter = { ...chosen, leaveOutActorId: includeOwn ? undefined : data.actor?.id };
  return data.read(personId, 'access_log', summary, async ({ access }, decision) => {
    const total = await access.countAccessLogGroups(filter, upto);
    if ((page > 1 || upto !== undefined) && (page - 1) * ACCESS_LOG_PAGE_SIZE >= total) throw notFound();
    const [groups, newest, choices] = await Promise.all([
      access.accessLogGroups({
        ...filter,
        limit: ACCESS_LOG_PAGE_SIZE,
        offset: (page - 1) * ACCESS_LOG_PAGE_SIZE,
        upto,
      }),
      upto ? Promise.resolve(upto) : access.newestAccessLogId(),
      access.accessLogFilterChoices(),
    ]);
    return {
      total,
      entries: groups.map((group) => ({
        ...group,
        description: describeGroup(group),
        // What each look was, when they differed, in the same words as a single look.
        details: group.summaries > 1 ? group.summary_list.map((summary) => describeAccess({ ...group, summary })) : [],
      })),
      anchor: newest,
      choices,
      forSelf: decision.purpose === 'self',
      pages: Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE_SIZE)),
    };
  });
}
