// The messages tables of the teamwork module, as Kysely sees them. Rows are only ever added (migration 0022).

/** The conversation with the whole care team, or one between the person and one member of their team. */
export type ConversationKind = 'team' | 'one_to_one';

/** Who a choice is about: a member of the circle of support (in the team conversation), or a member of staff (one to one). */
export type ConversationMemberKind = 'circle_member' | 'staff';

export interface MessageTables {
  conversation: {
    person_id: string;
    id: string;
    kind: ConversationKind;
    /** For a one-to-one conversation: the member of the team it is with. */
    staff_account_id: string | null;
    opened_at: Date;
  };
  /** Who takes part, as the person (or whoever acts for them) chose it: the newest choice about each member counts. */
  conversation_choice: {
    person_id: string;
    id: string;
    conversation_id: string;
    member_kind: ConversationMemberKind;
    member_id: string;
    taking_part: boolean;
    made_by_kind: 'staff' | 'citizen';
    made_by_id: string;
    made_by_name: string;
    made_at: Date;
  };
  message: {
    person_id: string;
    id: string;
    conversation_id: string;
    author_kind: 'staff' | 'citizen';
    author_id: string;
    author_name: string;
    /** A member of staff's job title. */
    author_role: string | null;
    /** Whose behalf the author wrote on, when they act for the person. */
    acting_for_name: string | null;
    body: string;
    sent_at: Date;
  };
  /** A read receipt: who saw a message, and when. */
  message_read: {
    person_id: string;
    message_id: string;
    reader_kind: 'staff' | 'citizen';
    reader_id: string;
    reader_name: string;
    read_at: Date;
  };
}
