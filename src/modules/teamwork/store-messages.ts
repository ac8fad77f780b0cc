import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { StaffRole } from '../../data/actor.ts';

// Queries of the teamwork module's messages tables, bound to one person. Rows are only ever added.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** Who reads or writes: a member of staff's account or a person's own account. */
export type Reader = { kind: 'staff' | 'citizen'; id: string; name: string };

const conversations = (db: Db, personId: string) =>
  db
    .selectFrom('conversation')
    .select(['id', 'kind', 'staff_account_id', 'opened_at'])
    .where('person_id', '=', personId)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();

export type ConversationRow = Awaited<ReturnType<typeof conversations>>[number];

/** Opens a conversation unless there is one already (the team's, or the one with this member of staff); its id. */
async function openConversation(db: Db, personId: string, row: Bound<'conversation'>): Promise<string> {
  await db
    .insertInto('conversation')
    .values({ ...row, person_id: personId })
    .onConflict((conflict) =>
      row.kind === 'team'
        ? conflict.column('person_id').where('kind', '=', 'team').doNothing()
        : conflict.columns(['person_id', 'staff_account_id']).where('kind', '=', 'one_to_one').doNothing(),
    )
    .execute();
  const found = await db
    .selectFrom('conversation')
    .select('id')
    .where('person_id', '=', personId)
    .where('kind', '=', row.kind)
    .$if(row.kind === 'one_to_one', (query) => query.where('staff_account_id', '=', row.staff_account_id!))
    .executeTakeFirstOrThrow();
  return found.id;
}

const choices = (db: Db, personId: string) =>
  db
    .selectFrom('conversation_choice')
    .select([
      'id',
      'conversation_id',
      'member_kind',
      'member_id',
      'taking_part',
      'made_by_kind',
      'made_by_id',
      'made_by_name',
      'made_at',
    ])
    .where('person_id', '=', personId)
    .orderBy('made_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export type ConversationChoiceRow = Awaited<ReturnType<typeof choices>>[number];

/** A conversation's messages, oldest first, each with who has read it and when. */
async function messagesIn(db: Db, personId: string, conversationId: string) {
  const [messages, reads] = await Promise.all([
    db
      .selectFrom('message')
      .select(['id', 'author_kind', 'author_id', 'author_name', 'author_role', 'acting_for_name', 'body', 'sent_at'])
      .where('person_id', '=', personId)
      .where('conversation_id', '=', conversationId)
      .orderBy('sent_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('message_read')
      .innerJoin('message', (join) =>
        join
          .onRef('message.person_id', '=', 'message_read.person_id')
          .onRef('message.id', '=', 'message_read.message_id'),
      )
      .select([
        'message_read.message_id',
        'message_read.reader_kind',
        'message_read.reader_id',
        'message_read.reader_name',
        'message_read.read_at',
      ])
      .where('message_read.person_id', '=', personId)
      .where('message.conversation_id', '=', conversationId)
      .orderBy('message_read.read_at')
      .execute(),
  ]);
  return messages.map((message) => ({
    ...message,
    readBy: reads.filter((read) => read.message_id === message.id),
  }));
}

export type MessageWithReads = Awaited<ReturnType<typeof messagesIn>>[number];

/**
 * Marks these messages of a conversation as read by `reader`, once each, leaving out any they wrote themself;
 * how many were new to them.
 */
async function markRead(
  db: Db,
  personId: string,
  conversationId: string,
  messageIds: readonly string[],
  reader: Reader,
  at: Date,
): Promise<number> {
  if (!messageIds.length) return 0;
  const { rows } = await sql<{ message_id: string }>`insert into message_read
      (person_id, message_id, reader_kind, reader_id, reader_name, read_at)
    select m.person_id, m.id, ${reader.kind}, ${reader.id}::uuid, ${reader.name}, ${at}
    from message m
    where m.person_id = ${personId} and m.conversation_id = ${conversationId}
      and m.id = any(${`{${messageIds.join(',')}}`}::uuid[])
      and not (m.author_kind = ${reader.kind} and m.author_id = ${reader.id}::uuid)
    on conflict do nothing
    returning message_id`.execute(db);
  return rows.length;
}

/** For each conversation: how many messages it holds, when the newest was sent, and how many `reader` has not read. */
const conversationCounts = (db: Db, personId: string, reader: Reader) =>
  db
    .selectFrom('message as m')
    .select((eb) => [
      'm.conversation_id',
      eb.fn.countAll<string>().as('total'),
      eb.fn.max('m.sent_at').as('newest'),
      eb.fn
        .count<string>('m.id')
        .filterWhere((filter) =>
          filter.and([
            filter.not(filter.and([filter('m.author_kind', '=', reader.kind), filter('m.author_id', '=', reader.id)])),
            filter.not(
              filter.exists(
                filter
                  .selectFrom('message_read as r')
                  .select('r.message_id')
                  .whereRef('r.person_id', '=', 'm.person_id')
                  .whereRef('r.message_id', '=', 'm.id')
                  .where('r.reader_kind', '=', reader.kind)
                  .where('r.reader_id', '=', reader.id),
              ),
            ),
          ]),
        )
        .as('unread'),
    ])
    .where('m.person_id', '=', personId)
    .groupBy('m.conversation_id')
    .execute();

/** Who wrote each message in the team's conversation, and when, oldest first: for the shared timeline, never the words. */
const teamMessageAuthors = (db: Db, personId: string) =>
  db
    .selectFrom('message')
    .innerJoin('conversation', (join) =>
      join
        .onRef('conversation.person_id', '=', 'message.person_id')
        .onRef('conversation.id', '=', 'message.conversation_id'),
    )
    .select(['message.id', 'message.author_name', 'message.acting_for_name', 'message.sent_at'])
    .where('message.person_id', '=', personId)
    .where('conversation.kind', '=', 'team')
    .orderBy('message.sent_at')
    .orderBy('message.id')
    .execute();

/** The roles of these members of staff (identity's reference table), whose accounts are open. */
const openStaffRoles = async (db: Db, ids: readonly string[]): Promise<Map<string, StaffRole>> =>
  ids.length
    ? new Map(
        (
          await db
            .selectFrom('staff_account')
            .select(['id', 'role'])
            .where('id', 'in', ids)
            .where('disabled_at', 'is', null)
            .execute()
        ).map((row) => [row.id, row.role]),
      )
    : new Map();

export function bindMessageStore(db: Db, personId: string) {
  return {
    conversations: () => conversations(db, personId),
    openConversation: (row: Bound<'conversation'>) => openConversation(db, personId, row),
    /** Every choice of who takes part, newest first. */
    choices: () => choices(db, personId),
    insertChoices: (rows: Bound<'conversation_choice'>[]) =>
      rows.length
        ? db
            .insertInto('conversation_choice')
            .values(rows.map((row) => ({ ...row, person_id: personId })))
            .execute()
        : Promise.resolve([]),
    messagesIn: (conversationId: string) => messagesIn(db, personId, conversationId),
    insertMessage: (row: Bound<'message'>) =>
      db
        .insertInto('message')
        .values({ ...row, person_id: personId })
        .execute(),
    markRead: (conversationId: string, messageIds: readonly string[], reader: Reader, at: Date) =>
      markRead(db, personId, conversationId, messageIds, reader, at),
    conversationCounts: (reader: Reader) => conversationCounts(db, personId, reader),
    teamMessageAuthors: () => teamMessageAuthors(db, personId),
    openStaffRoles: (ids: readonly string[]) => openStaffRoles(db, ids),
  };
}

/** Messages have no list about many people yet. */
export function createMessageReference(_db: Db) {
  return {};
}

export type MessageStore = ReturnType<typeof bindMessageStore>;
export type MessageReference = ReturnType<typeof createMessageReference>;
