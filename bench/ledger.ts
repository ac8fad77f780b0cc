// The money ledger's write speed. Run with `npm run bench:ledger` (which also starts a throwaway PostgreSQL server, so
// both databases are measured) or `node bench/ledger.ts` for the embedded database alone.
// For each database, made fresh: the demo area and BENCH_LEDGER_PEOPLE (200) synthetic people, each given a budget
// and one funding stream by their practitioner through the budget service. Then 8 writers record spending for
// BENCH_LEDGER_SECONDS (20) seconds, each spend for a person picked at random, through the real write path:
// `services.budgets.ledger.record` on a fresh data context per spend (as one request has), so each spend pays for
// the access check, the idempotency-key look-up, the lock on the stream and its balance, the transaction and its 2
// postings, the access-log row and the deferred double-entry triggers at commit. Printed: postings/s (2 a spend),
// p50 and p99 of one spend, statements and CPU per spend (this process's and the server's, so a figure that a busy
// machine does not change much). Then 8 writers on one stream for a quarter of the time: each spend waits for the one
// before (the lock that stops double spending), which shows what that lock costs.
// Last, the whole ledger is checked: every transaction balances, all postings sum to exactly 0, no account below
// zero, one log row per spend. A failed spend or a failed check exits non-zero; a missed aim is only reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { StaffActor } from '../src/data/actor.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addDays, ukDate } from '../src/dates.ts';
import { newId } from '../src/ids.ts';
import type { MoneyEntry } from '../src/modules/budgets/ledger-service.ts';
import { MOST_PENCE } from '../src/modules/budgets/money.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedSyntheticPeople } from '../src/seed/scale.ts';
import { createServices, type Services } from '../src/services.ts';
import { staffActorIn } from '../test/support/app.ts';
import { syntheticPractitioner } from '../test/support/caseload.ts';
import { aim } from './process.ts';
import { serverDatabase } from './server-database.ts';

const WRITERS = 8;
const SECONDS = Number(process.env.BENCH_LEDGER_SECONDS ?? 20);
const PEOPLE = Number(process.env.BENCH_LEDGER_PEOPLE ?? 200);
const AIM_POSTGRES = 2_000;
/** Spends in one direct-payment bank statement, recorded by one request (`ledger.recordMany`, as the import does). */
const STATEMENT_LINES = 20;

type Account = { personId: string; streamId: string };
type Run = {
  spends: number;
  /** Requests made: one spend each, or one statement of STATEMENT_LINES spends. */
  writes: number;
  seconds: number;
  latencies: number[];
  statements: number;
  cpuMs: number;
  serverCpuMs: number;
};

/** CPU time used so far, in ms: this process's, and the database server's processes' (0 on the embedded one). */
type CpuClock = () => Promise<{ own: number; server: number }>;

/** The CPU time of the server's processes that are running now (its backends and background workers), in ms. */
async function serverCpuMs(db: Db): Promise<number> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity`.execute(db);
  const tick = 1000 / 100; // Linux reports in clock ticks of 1/100 s.
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // A server on another machine, or a backend that has just ended: its time is not counted.
    }
  }
  return total;
}

const cpuClock =
  (db: Db, backend: 'pglite' | 'postgres'): CpuClock =>
  async () => {
    const { user, system } = process.cpuUsage();
    return { own: (user + system) / 1000, server: backend === 'postgres' ? await serverCpuMs(db) : 0 };
  };

/** Counts the statements sent through it. */
function statementCounter() {
  const counter = { sent: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      counter.sent += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { counter, plugin };
}

/** A budget for this year and one notional stream of the most one amount may be, for each of the practitioner's people. */
async function budgetsFor(services: Services, actor: StaffActor, people: string[]): Promise<Account[]> {
  const today = ukDate(new Date());
  const startsOn = addDays(today, -30);
  const accounts: Account[] = [];
  for (const personId of people) {
    const data = services.contextFor(actor);
    await services.budgets.budget.start(data, personId, { startsOn, endsOn: addDays(startsOn, 364) }, new Date());
    const streamId = await services.budgets.budget.addStream(
      services.contextFor(actor),
      personId,
      today,
      {
        kind: 'council_personal_budget',
        funderName: 'Synthetic council',
        amountPence: MOST_PENCE,
        allowedCategories: [],
        managedAs: 'notional',
        reviewOn: addDays(today, 180),
      },
      new Date(),
    );
    accounts.push({ personId, streamId });
  }
  return accounts;
}

const spendFor = (account: Account, today: string): MoneyEntry => ({
  kind: 'spend',
  streamId: account.streamId,
  amountPence: 1 + Math.floor(Math.random() * 10_000),
  occurredOn: today,
  description: 'Synthetic support',
  payee: 'Synthetic provider',
  category: 'personal_assistant',
  lineId: null,
  receiptReference: null,
  idempotencyKey: newId(),
});

/**
 * WRITERS loops recording spends for `seconds`, each for an account `pick` chooses: one spend a request (a form), or
 * `lines` a request (a bank statement). Any failed spend throws.
 */
async function record(
  services: Services,
  actor: StaffActor,
  pick: () => Account,
  seconds: number,
  counter: { sent: number },
  cpu: CpuClock,
  lines = 1,
): Promise<Run> {
  const today = ukDate(new Date());
  const latencies: number[] = [];
  let spends = 0;
  const sentBefore = counter.sent;
  const cpuBefore = await cpu();
  const started = performance.now();
  const ends = started + seconds * 1000;
  const writer = async () => {
    while (performance.now() < ends) {
      const account = pick();
      const began = performance.now();
      if (lines === 1) {
        const recorded = await services.budgets.ledger.record(
          services.contextFor(actor),
          account.personId,
          spendFor(account, today),
          new Date(),
        );
        if (recorded.replayed) throw new Error('A new idempotency key was taken for a replay');
      } else {
        const outcomes = await services.budgets.ledger.recordMany(
          services.contextFor(actor),
          account.personId,
          account.streamId,
          Array.from({ length: lines }, () => spendFor(account, today)),
          `Recorded ${lines} lines of a direct-payment bank statement`,
          new Date(),
        );
        if (outcomes.some((outcome) => outcome.outcome !== 'recorded'))
          throw new Error('A statement line was not recorded');
      }
      spends += lines;
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await cpu();
  return {
    spends,
    writes: latencies.length,
    seconds: elapsed,
    latencies,
    statements: counter.sent - sentBefore,
    cpuMs: cpuAfter.own - cpuBefore.own + cpuAfter.server - cpuBefore.server,
    serverCpuMs: cpuAfter.server - cpuBefore.server,
  };
}

const percentile = (sorted: number[], share: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]! * 10) / 10;

function describeRun(name: string, run: Run): { postingsPerSecond: number; line: string; cpu: string } {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const postingsPerSecond = Math.round((run.spends * 2) / run.seconds);
  // A figure that does not depend on what else the machine is doing: Node.js (and the embedded database inside it)
  // runs on one core, the server's processes on the rest.
  const perSpend = run.cpuMs / run.spends;
  const serverPerSpend = run.serverCpuMs / run.spends;
  const ceiling = Math.round(2 * Math.min(1000 / (perSpend - serverPerSpend), (os.cpus().length * 1000) / perSpend));
  return {
    postingsPerSecond,
    line: `  ${name}: ${postingsPerSecond} postings/s (${Math.round(run.spends / run.seconds)} spends/s), p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms a request, ${run.spends} spends, ${(run.statements / run.writes).toFixed(1)} statements a request`,
    cpu: `    CPU per spend: ${perSpend.toFixed(2)} ms (${serverPerSpend.toFixed(2)} ms of it the PostgreSQL server's); with this machine's ${os.cpus().length} cores to itself, at most ${ceiling} postings/s`,
  };
}

/** What is wrong with the ledger as a whole; empty when nothing is. */
async function ledgerProblems(db: Db, spends: number, statements: number): Promise<string[]> {
  const problems: string[] = [];
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0]!;
  const total = await one(sql<{ total: number | null }>`select sum(amount_pence)::bigint as total from ledger_posting`);
  if (Number(total.total ?? 0) !== 0) problems.push(`all postings sum to ${total.total}, not 0`);
  const unbalanced = await one(sql<{ n: number }>`select count(*)::int as n from (
      select 1 from ledger_posting group by person_id, transaction_id having sum(amount_pence) <> 0 or count(*) < 2
    ) unbalanced`);
  if (unbalanced.n) problems.push(`${unbalanced.n} transactions do not balance`);
  const bare = await one(sql<{ n: number }>`select count(*)::int as n from ledger_transaction t
      where not exists (select 1 from ledger_posting p where p.person_id = t.person_id and p.transaction_id = t.id)`);
  if (bare.n) problems.push(`${bare.n} transactions have no postings`);
  const wrongSide = await one(sql<{ n: number }>`select count(*)::int as n from (
      select account, sum(amount_pence) as total from ledger_posting group by person_id, stream_id, account
    ) balances where (account = 'funding' and total > 0) or (account <> 'funding' and total < 0)`);
  if (wrongSide.n) problems.push(`${wrongSide.n} accounts are the wrong side of zero`);
  const recorded = await one(sql<{ transactions: number; postings: number }>`select
      (select count(*)::int from ledger_transaction where kind = 'spend') as transactions,
      (select count(*)::int from ledger_posting p join ledger_transaction t
        on t.person_id = p.person_id and t.id = p.transaction_id where t.kind = 'spend') as postings`);
  if (recorded.transactions !== spends || recorded.postings !== 2 * spends)
    problems.push(
      `${spends} spends were recorded, the ledger holds ${recorded.transactions} with ${recorded.postings} postings`,
    );
  const logged = await one(sql<{ n: number }>`select count(*)::int as n from access_log
      where action = 'write' and part = 'budget' and summary like 'Spent%'`);
  const single = spends - statements * STATEMENT_LINES;
  if (logged.n !== single) problems.push(`${single} spends by form but ${logged.n} access-log rows for them`);
  const imports = await one(sql<{ n: number }>`select count(*)::int as n from access_log
      where action = 'write' and part = 'budget' and summary like 'Recorded % lines of a direct-payment bank statement'`);
  if (imports.n !== statements) problems.push(`${statements} statements but ${imports.n} access-log rows for them`);
  return problems;
}

async function measure(name: string, databaseUrl: string | undefined, dataDir: string) {
  const handle = await openDatabase({ databaseUrl, dataDir });
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db);
    await seedSyntheticPeople(handle.db, PEOPLE, { progress: false, seed: 7 });
    const practitioner = await syntheticPractitioner(handle.db);
    const actor = await staffActorIn(handle.db, practitioner.id);
    const { counter, plugin } = statementCounter();
    const config = loadConfig({ COOKIE_SECURE: 'false', LOG_LEVEL: 'silent' });
    const services = createServices(handle.db.withPlugin(plugin), config);
    const accounts = await budgetsFor(
      services,
      actor,
      practitioner.places.slice(0, PEOPLE).map((place) => place.person_id),
    );
    if (handle.backend === 'postgres') await sql`analyze`.execute(handle.db);
    const anyone = () => accounts[Math.floor(Math.random() * accounts.length)]!;
    const cpu = cpuClock(handle.db, handle.backend);
    const warmUp = await record(services, actor, anyone, Math.min(2, SECONDS), counter, cpu);
    const spread = await record(services, actor, anyone, SECONDS, counter, cpu);
    const hot = await record(services, actor, () => accounts[0]!, Math.max(1, SECONDS / 4), counter, cpu);
    const imports = await record(services, actor, anyone, Math.max(1, SECONDS / 2), counter, cpu, STATEMENT_LINES);
    const spends = warmUp.spends + spread.spends + hot.spends + imports.spends;
    const problems = await ledgerProblems(handle.db, spends, imports.writes);
    const spreadFigures = describeRun(`${WRITERS} writers over ${accounts.length} people`, spread);
    console.log(`\n${name}`);
    console.log(spreadFigures.line);
    console.log(spreadFigures.cpu);
    console.log(describeRun(`${WRITERS} writers on one person's stream`, hot).line);
    const importFigures = describeRun(
      `${WRITERS} writers importing bank statements of ${STATEMENT_LINES} lines, one request each`,
      imports,
    );
    console.log(importFigures.line);
    if (handle.backend === 'postgres')
      console.log(
        aim(
          `${spreadFigures.postingsPerSecond} postings/s with ${WRITERS} writers, aim at least ${AIM_POSTGRES}`,
          spreadFigures.postingsPerSecond >= AIM_POSTGRES,
        ),
      );
    console.log(
      problems.length
        ? `  THE LEDGER IS WRONG:\n    ${problems.join('\n    ')}`
        : `  ledger checked: ${spends} spends, every transaction balances, all postings sum to 0, no account below zero, one log row for each request`,
    );
    return problems.length === 0;
  } finally {
    await handle.close();
  }
}

console.log(
  `Careweave ledger benchmark: ${WRITERS} writers, ${SECONDS} s, ${PEOPLE} people with a budget each, ${os.cpus().length} cores, Node.js ${process.version}`,
);
let correct = true;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-ledger-bench-'));
try {
  correct = (await measure('PGlite (embedded)', undefined, dataDir)) && correct;
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
if (process.env.POSTGRES_URL) {
  const database = await serverDatabase(process.env.POSTGRES_URL, 'careweave_ledger_bench');
  try {
    correct = (await measure('PostgreSQL server', database.url, '')) && correct;
  } finally {
    await database.drop();
  }
}
if (!correct) process.exitCode = 1;
