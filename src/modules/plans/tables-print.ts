/** The person's choices about their printed plan. */
export interface PrintTables {
  /** Whether printed copies carry their name, date of birth, NHS number and address: the newest row counts. */
  print_identity_choice: {
    person_id: string;
    id: string;
    prints_identity: boolean;
    made_by_kind: 'staff' | 'citizen';
    made_by_id: string;
    made_by_name: string;
    made_at: Date;
  };
}
