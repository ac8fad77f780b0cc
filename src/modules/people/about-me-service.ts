import type { Actor } from '../../data/actor.ts';
import type { PersonData } from '../../data/person-data.ts';
import { refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { ABOUT_ME_HEADINGS, ABOUT_ME_MAX_LENGTH, type AboutMeHeadingKey, aboutMeHeading } from './about-me-headings.ts';
import { writerName } from './names.ts';
import type { PeopleStores } from './stores.ts';

type Data = PersonData<PeopleStores>;

/** Every heading in order, each with its newest text and who wrote it; headings never written have no revision. */
export async function showAboutMe(data: Data, personId: string) {
  const { name, revisions, mayChange } = await data.read(
    personId,
    'about_me',
    'Your About me',
    async ({ people }, decision) => ({
      name: await people.name(),
      revisions: await people.aboutMe(),
      mayChange: decision.may('about_me', 'write'),
    }),
  );
  const sections = ABOUT_ME_HEADINGS.map((heading) => {
    const revision = revisions.find((row) => row.heading === heading.key);
    return { ...heading, revision, paragraphs: paragraphsOf(revision?.body ?? '') };
  });
  return { name, sections, mayChange };
}

/** Text as paragraphs (split at blank lines), each a list of its lines, so line breaks show as typed. */
export const paragraphsOf = (body: string): string[][] =>
  body
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length);

/** One heading's current text for the edit page; 404 when the actor may not change About me. */
export async function aboutMeForEditing(data: Data, personId: string, key: AboutMeHeadingKey) {
  await data.check(personId, 'about_me', 'write', 'Your About me, opened to change it');
  const heading = aboutMeHeading(key)!;
  return data.read(
    personId,
    'about_me',
    `Your About me: ${heading.title}, opened to change it`,
    async ({ people }) => ({
      name: await people.name(),
      body: (await people.aboutMe()).find((revision) => revision.heading === key)?.body ?? '',
    }),
  );
}

/** Saves a new revision of one heading; earlier revisions stay. An empty body clears the heading. */
export async function saveAboutMe(
  data: Data,
  personId: string,
  key: AboutMeHeadingKey,
  body: string,
  now: Date,
): Promise<void> {
  const heading = aboutMeHeading(key)!;
  const summary = body === '' ? `Your About me: cleared ${heading.title}` : `Your About me: ${heading.title}`;
  await data.write(personId, 'about_me', summary, ({ people }) => {
    const actor = data.actor!;
    return people.appendAboutMe({
      id: newId(),
      heading: key,
      body,
      written_by_kind: actor.kind,
      written_by_id: actor.id,
      written_by_name: writerName(actor),
      written_at: now,
    });
  });
}

/**
 * Adds what someone knows to one heading, keeping what is there: a new revision with their words as a paragraph of
 * its own, saying who they are, so the care team reads it as part of About me. Call it inside a write of About me.
 * Refused, changing nothing, when the heading would grow past its limit.
 */
export async function addToAboutMe(
  stores: PeopleStores,
  input: { heading: AboutMeHeadingKey; text: string; writer: Actor; now: Date },
): Promise<void> {
  const current = (await stores.people.aboutMe()).find((revision) => revision.heading === input.heading)?.body ?? '';
  const added = `${input.text}\n(Added by ${writerName(input.writer)})`;
  const body = current ? `${current}\n\n${added}` : added;
  if (body.length > ABOUT_ME_MAX_LENGTH)
    throw refused(
      `“${aboutMeHeading(input.heading)!.title}” in About me is nearly full. Shorten what you add to ${Math.max(
        0,
        ABOUT_ME_MAX_LENGTH - current.length - added.length + input.text.length - 2,
      ).toLocaleString('en-GB')} characters or fewer.`,
    );
  await stores.people.appendAboutMe({
    id: newId(),
    heading: input.heading,
    body,
    written_by_kind: input.writer.kind,
    written_by_id: input.writer.id,
    written_by_name: writerName(input.writer),
    written_at: input.now,
  });
}
