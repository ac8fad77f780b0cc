import { newId } from '../../ids.ts';
import type { PersonDataContext } from '../access/index.ts';
import { ABOUT_ME_HEADINGS, type AboutMeHeadingKey, aboutMeHeading } from './about-me-headings.ts';
import { fullName, writerName } from './names.ts';
import * as store from './store.ts';

/** Every heading in order, each with its newest text and who wrote it; headings never written have no revision. */
export async function showAboutMe(data: PersonDataContext, personId: string) {
  const { name, revisions } = await data.read(personId, 'about_me', 'Your About me', async (trx) => ({
    name: fullName(await store.personName(trx, personId)),
    revisions: await store.currentAboutMe(trx, personId),
  }));
  const sections = ABOUT_ME_HEADINGS.map((heading) => {
    const revision = revisions.find((row) => row.heading === heading.key);
    return { ...heading, revision, paragraphs: paragraphsOf(revision?.body ?? '') };
  });
  return { name, sections, mayChange: await data.may(personId, 'about_me', 'write') };
}

/** Text as paragraphs (split at blank lines), each a list of its lines, so line breaks show as typed. */
export const paragraphsOf = (body: string): string[][] =>
  body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).filter(Boolean))
    .filter((lines) => lines.length);

/** One heading's current text for the edit page, or undefined when the actor may not change About me. */
export async function aboutMeForEditing(data: PersonDataContext, personId: string, key: AboutMeHeadingKey) {
  await data.require(personId, 'about_me', 'write', 'Your About me, opened to change it');
  const heading = aboutMeHeading(key)!;
  return data.read(personId, 'about_me', `Your About me: ${heading.title}, opened to change it`, async (trx) => ({
    name: fullName(await store.personName(trx, personId)),
    body: (await store.currentAboutMe(trx, personId)).find((revision) => revision.heading === key)?.body ?? '',
  }));
}

/** Saves a new revision of one heading; earlier revisions stay. An empty body clears the heading. */
export async function saveAboutMe(data: PersonDataContext, personId: string, key: AboutMeHeadingKey, body: string, now: Date): Promise<void> {
  const actor = data.actor;
  if (!actor) throw new Error('Saving About me needs someone signed in');
  const heading = aboutMeHeading(key)!;
  const summary = body === '' ? `Your About me: cleared ${heading.title}` : `Your About me: ${heading.title}`;
  await data.write(personId, 'about_me', summary, (trx) =>
    store.appendAboutMe(trx, {
      person_id: personId, id: newId(), heading: key, body, written_by_kind: actor.kind, written_by_id: actor.id,
      written_by_name: writerName(actor), written_at: now,
    }),
  );
}
