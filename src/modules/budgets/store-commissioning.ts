import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';

// Figures for commissioners, about groups and never about one person: how much was spent, on what, by how many
// people, counted over the people for whom an organisation holds a current care-team place. Nothing here returns a
// row per person. The area is the postcode district of the person's address, read from the people module's
// `person` table for this aggregate only (a reference store may do that for figures about nobody in particular).

/** The people and the pence of one group; `month`, `row` or `category` is null where the figures are for all. */
export type GroupFigures = {
  month: string | null;
  row: string | null;
  category: string | null;
  people: number;
  pence: number;
};

/** What a table is broken down by, beside the spending category. */
export type Breakdown = 'month' | 'area' | 'provider';

/** Words in a support-plan line's provider that say the person arranges it themselves. */
export const ARRANGED_BY_THE_PERSON = ['you', 'me', 'myself', 'self', 'the person', 'themselves', 'family'];

/** Words that say no provider could be found for a line. */
const NO_PROVIDER =
  '^(none|none available|no provider|no provider available|not available|unavailable|no local provider)';

/** The people with a current place in one of the organisation's care teams (the access module's table, ids only). */
const organisationPeople = (organisationId: string, today: string) =>
  sql`select distinct person_id from care_team_member
    where organisation_id = ${organisationId} and from_date <= cast(${today} as date)
      and (until_date is null or until_date >= cast(${today} as date))`;

const month = sql<string>`to_char(s.occurred_on, 'YYYY-MM')`;

/** The postcode district: the outward code, what is left of the postcode without its last three characters. */
const district = sql<string>`case when length(regexp_replace(coalesce(s.postcode, ''), '\\s', '', 'g')) between 5 and 7
  then upper(left(regexp_replace(s.postcode, '\\s', '', 'g'), length(regexp_replace(s.postcode, '\\s', '', 'g')) - 3))
  else 'unknown' end`;

/** A line's provider as a kind: the person, someone named, or spending not linked to a line of the plan. */
const providerType = sql<string>`case when s.provider is null then 'unlinked'
  when lower(trim(s.provider)) in (${sql.join(ARRANGED_BY_THE_PERSON)}) then 'person'
  else 'named' end`;

const ROW: Record<Breakdown, RawBuilder<string>> = { month, area: district, provider: providerType };

/**
 * Money spent, net of refunds and corrections (the postings to the spent account), for the people with a current
 * place in the organisation's care teams, between two dates. A refund records no kind of spending, so refunds are a
 * category of their own, `refund` (a correction counts under what it corrects). Grouped by month too, when `byMonth`, so each month's
 * own table can be suppressed. Totals count distinct people: someone spending in two categories is one person.
 */
async function spendFigures(
  db: Db,
  breakdown: Breakdown,
  organisationId: string,
  today: string,
  from: string,
  to: string,
  byMonth: boolean,
): Promise<GroupFigures[]> {
  const m = byMonth ? sql`month,` : sql``;
  const { rows } = await sql<GroupFigures>`
    with organisation_people as (${organisationPeople(organisationId, today)}),
    spent as (
      select t.person_id, t.occurred_on, coalesce(t.category, original.category, 'refund') as category,
        coalesce(t.line_id, original.line_id) as line_id, p.amount_pence
      from ledger_posting p
      join ledger_transaction t on t.person_id = p.person_id and t.id = p.transaction_id
      left join ledger_transaction original on original.person_id = t.person_id and original.id = t.reverses_id
      where p.account = 'spent' and t.person_id in (select person_id from organisation_people)
        and t.occurred_on between cast(${from} as date) and cast(${to} as date)
    ),
    described as (
      select s.person_id, ${month} as month, ${ROW[breakdown]} as row_key, s.category, s.amount_pence
      from (select spent.*, person.postcode, line.provider from spent
        join person on person.person_id = spent.person_id
        left join lateral (select l.provider from support_plan_line l
          where l.person_id = spent.person_id and l.line_id = spent.line_id order by l.version desc limit 1) line on true
      ) s
    ),
    each_person as (
      select person_id, ${m} row_key, category, sum(amount_pence) as pence, grouping(row_key, category) as level
      from described
      group by grouping sets ((person_id, ${m} row_key, category), (person_id, ${m} row_key), (person_id, ${m} category),
        (person_id ${byMonth ? sql`, month` : sql``}))
    )
    select ${byMonth ? sql`month` : sql`null`} as month,
      case when level in (0, 1) then row_key end as "row",
      case when level in (0, 2) then category end as category,
      cast(count(*) filter (where pence <> 0) as integer) as people, cast(sum(pence) as bigint) as pence
    from each_person group by ${m} level, row_key, category`.execute(db);
  return rows.map((row) => ({ ...row, people: Number(row.people), pence: Number(row.pence) }));
}

/**
 * Lines of the current support plans (budgets in force today) of the organisation's people whose provider says no
 * provider could be found (`none`) or that the person arranges it themselves (`person`), by category: distinct
 * people, and the lines' cost each time (unit cost × quantity). Newest version of each line, not removed.
 */
async function gapFigures(db: Db, organisationId: string, today: string): Promise<GroupFigures[]> {
  const { rows } = await sql<GroupFigures>`
    with organisation_people as (${organisationPeople(organisationId, today)}),
    line as (
      select distinct on (l.person_id, l.line_id) l.person_id, l.provider, l.category, l.removed,
        l.unit_cost_pence * l.quantity as pence
      from support_plan_line l
      join budget b on b.person_id = l.person_id and b.id = l.budget_id
      where l.person_id in (select person_id from organisation_people)
        and b.starts_on <= cast(${today} as date) and b.ends_on >= cast(${today} as date)
      order by l.person_id, l.line_id, l.version desc
    ),
    kinds as (
      select person_id, category, pence,
        case when lower(trim(provider)) ~ ${NO_PROVIDER} then 'none'
          when lower(trim(provider)) in (${sql.join(ARRANGED_BY_THE_PERSON)}) then 'person' end as row_key
      from line where not removed
    ),
    each_person as (
      select person_id, row_key, category, sum(pence) as pence, grouping(row_key, category) as level
      from kinds where row_key is not null
      group by grouping sets ((person_id, row_key, category), (person_id, row_key), (person_id, category), (person_id))
    )
    select null as month, case when level in (0, 1) then row_key end as "row",
      case when level in (0, 2) then category end as category,
      cast(count(*) as integer) as people, cast(sum(pence) as bigint) as pence
    from each_person group by level, row_key, category`.execute(db);
  return rows.map((row) => ({ ...row, people: Number(row.people), pence: Number(row.pence) }));
}

/** What the commissioning view reads: figures about groups of people, never a row about one. */
export const createCommissioningReference = (db: Db) => ({
  spendFigures: (
    breakdown: Breakdown,
    query: { organisationId: string; today: string; from: string; to: string; byMonth: boolean },
  ) => spendFigures(db, breakdown, query.organisationId, query.today, query.from, query.to, query.byMonth),
  gapFigures: (organisationId: string, today: string) => gapFigures(db, organisationId, today),
});

export type CommissioningReference = ReturnType<typeof createCommissioningReference>;
