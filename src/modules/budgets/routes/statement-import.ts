import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatUkDate, ukDate } from '../../../dates.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import {
  STATEMENT_MAX_BYTES,
  STATEMENT_TOO_LARGE,
  matchingLine,
  readStatement,
  statementKeys,
  type Statement,
  type StatementLine,
} from './bank-statement.ts';
import { formatPence } from '../money.ts';
import type { BudgetsService } from '../service.ts';
import { recordStatement, type StatementOutcome } from '../statement-recorder.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../terms.ts';
import { staffOnly } from '../writer.ts';
import { categoryName } from './describe.ts';
import { budgetHome } from './paths.ts';

// Importing a direct-payment bank statement: choose the funding and upload the CSV file; see every line with its
// problems; record all of it, or, by an explicit choice, only the lines without problems. The file travels back
// with the choice in a hidden field and is read again by the same rules, so nothing the browser sends is trusted.

type Form = { values: Record<string, unknown>; errors?: FormErrors };
type Chosen = { stream: string; category: SpendingCategory };

const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];
const chosenFields = {
  stream: z.string({ message: 'Select which direct payment the statement is for' }).uuid({
    message: 'Select which direct payment the statement is for',
  }),
  category: z.enum(keys(SPENDING_CATEGORIES), { message: 'Select what the spending paid for' }),
};
const uploadForm = z.object(chosenFields);
/** The file as base64url: 1 MB of statement is at most 1.4 MB here, all of it letters, digits, - and _. */
const BASE64_MAX = Math.ceil((STATEMENT_MAX_BYTES * 4) / 3);
const recordForm = z.object({
  ...chosenFields,
  statement: z
    .string()
    .max(BASE64_MAX)
    .regex(/^[A-Za-z0-9_-]+$/, 'Upload the statement again'),
  choice: z.enum(['all', 'valid'], { message: 'Choose which lines to record' }),
  count: z
    .string()
    .regex(/^\d{1,5}$/, 'Upload the statement again')
    .transform(Number),
});

/** An uploaded file as the multipart plugin leaves it in the body: its bytes, and whether it was cut short. */
type UploadedStatement = { filename: string; bytes: Buffer; tooLarge: boolean };

async function keepUploadedFile(part: MultipartFile): Promise<void> {
  const bytes = await part.toBuffer();
  part.value = { filename: part.filename, bytes, tooLarge: part.file.truncated } satisfies UploadedStatement;
}

const uploadedFileIn = (body: unknown): UploadedStatement | undefined => {
  const file = (body as { statement?: unknown } | undefined)?.statement;
  return typeof file === 'object' && file !== null && Buffer.isBuffer((file as UploadedStatement).bytes)
    ? (file as UploadedStatement)
    : undefined;
};

/** Why the file cannot be read, each problem in the summary and all of them by the file field. */
const fileProblems = (problems: string[]): FormErrors => ({
  list: problems.map((text) => ({ text, href: '#statement' })),
  byField: { statement: { text: problems.join(' ') } },
});

const importPath = (personId: string) => `${budgetHome(personId)}/import`;

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

/** The banner after recording: how many lines were recorded and how many were there already. */
export function outcomeBanner(outcome: StatementOutcome): string {
  const parts = [`${plural(outcome.recorded, 'line was', 'lines were')} recorded.`];
  if (outcome.alreadyRecorded > 0)
    parts.push(
      `${plural(outcome.alreadyRecorded, 'line was', 'lines were')} already recorded, so ${outcome.alreadyRecorded === 1 ? 'it was' : 'they were'} not recorded again.`,
    );
  if (outcome.refused.length > 0)
    parts.push(`${plural(outcome.refused.length, 'line was', 'lines were')} not recorded: see below.`);
  return parts.join(' ');
}

export function registerStatementImportRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  /** The budget, its direct-payment funding and its support-plan lines; 403 to the person, 404 outside the team. */
  async function importContext(request: FastifyRequest, personId: string) {
    const today = ukDate(new Date());
    const context = await budgets.budget.forForm(request.personData, personId, today);
    const lines = context.budget ? await budgets.budget.linesFor(request.personData, personId, today) : [];
    return {
      ...context,
      today,
      lines,
      streams: context.streams.filter((stream) => stream.managed_as === 'direct_payment'),
    };
  }
  type Context = Awaited<ReturnType<typeof importContext>>;

  async function renderUpload(reply: FastifyReply, personId: string, context: Context, form: Form) {
    if (!context.budget) return reply.redirect(`${budgetHome(personId)}/start`, 303);
    return reply.render('budgets/views/statement-upload.njk', {
      pageTitle: 'Import a bank statement',
      backLink: budgetHome(personId),
      action: importPath(personId),
      name: context.name,
      period: `${formatUkDate(context.budget.starts_on)} to ${formatUkDate(context.budget.ends_on)}`,
      values: form.values,
      streams: context.streams.map((stream) => ({ value: stream.id, text: stream.funder_name })),
      categories: [
        { value: '', text: 'Choose what it paid for' },
        ...Object.entries(SPENDING_CATEGORIES).map(([value, text]) => ({ value, text })),
      ],
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  /** The chosen funding, if it is this budget's and paid as a direct payment, and allows the chosen spending. */
  function checkChosen(context: Context, chosen: Chosen, body: Record<string, unknown>): Form | undefined {
    const stream = context.streams.find((candidate) => candidate.id === chosen.stream);
    if (!stream)
      return { values: body, errors: fieldError('stream', 'Select which direct payment the statement is for') };
    if (stream.allowed_categories.length > 0 && !stream.allowed_categories.includes(chosen.category))
      return {
        values: body,
        errors: fieldError(
          'category',
          `${stream.funder_name} does not pay for ${categoryName(chosen.category).toLowerCase()}. Choose another kind of spending or other funding.`,
        ),
      };
    return undefined;
  }

  /** Reads the statement by the rules of the budget's period and today. */
  const read = (context: Context, bytes: Uint8Array): Statement =>
    readStatement(bytes, {
      today: context.today,
      startsOn: context.budget!.starts_on,
      endsOn: context.budget!.ends_on,
    });

  /** Each line that can be recorded, with its key and the support-plan line it was for. */
  function toRecord(context: Context, chosen: Chosen, lines: StatementLine[]) {
    const valid = lines.filter((line) => line.entry !== null);
    const idempotencyKeys = statementKeys(
      chosen.stream,
      valid.map((line) => line.entry!),
    );
    const planLines = context.lines.filter((line) => line.stream_id === chosen.stream);
    return valid.map((line, index) => ({
      line: line.line,
      entry: line.entry!,
      idempotencyKey: idempotencyKeys[index]!,
      planLine: line.entry!.kind === 'spend' ? matchingLine(line.entry!.description, planLines) : undefined,
    }));
  }

  function renderPreview(
    reply: FastifyReply,
    personId: string,
    context: Context,
    chosen: Chosen,
    statement: Extract<Statement, { ok: true }>,
    bytes: Uint8Array,
    warning?: string,
  ) {
    const recordable = toRecord(context, chosen, statement.lines);
    const forLine = new Map(recordable.map((line) => [line.line, line]));
    const withProblems = statement.lines.filter((line) => line.problems.length > 0);
    const stream = context.streams.find((candidate) => candidate.id === chosen.stream)!;
    return reply.render('budgets/views/statement-preview.njk', {
      pageTitle: 'Check the bank statement',
      backLink: importPath(personId),
      action: `${importPath(personId)}/record`,
      name: context.name,
      funder: stream.funder_name,
      category: categoryName(chosen.category),
      chosen,
      statement: Buffer.from(bytes).toString('base64url'),
      warning,
      errors: warning ? [{ text: warning, href: '#lines' }] : undefined,
      total: statement.lines.length,
      recordable: recordable.length,
      withProblems: withProblems.length,
      summary:
        withProblems.length === 0
          ? `All ${plural(recordable.length, 'line', 'lines')} can be recorded.`
          : `${plural(recordable.length, 'line can', 'lines can')} be recorded, ${plural(withProblems.length, 'has', 'have')} problems.`,
      problems: withProblems.flatMap((line) => line.problems.map((problem) => ({ line: line.line, ...problem }))),
      ignoredColumns: statement.ignoredColumns,
      lines: statement.lines.map((line) => {
        const recorded = forLine.get(line.line);
        return {
          line: line.line,
          ...line.typed,
          kind: line.entry ? (line.entry.kind === 'spend' ? 'Spending' : 'Refund') : '',
          amount: line.entry ? formatPence(line.entry.amountPence) : '',
          planLine: recorded?.planLine ? `${recorded.planLine.what} (${recorded.planLine.provider})` : '',
          problems: line.problems.map((problem) => problem.message),
        };
      }),
    });
  }

  /** Before any body is read: only staff who may manage this budget may send a statement (403 or 404 otherwise). */
  async function mayImport(request: FastifyRequest): Promise<void> {
    const personId = pathId(request, 'personId');
    staffOnly(request.actor, await request.personData.check(personId, 'budget', 'write', 'Imported a bank statement'));
  }
  const forManagers = { onRequest: [requireSignedIn, mayImport] };

  app.get('/people/:personId/budget/import', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    return renderUpload(reply, personId, await importContext(request, personId), { values: {} });
  });

  // Only the upload reads multipart bodies, as the organisation's logo does: the plugin puts every field in
  // request.body before the CSRF check runs, so the hidden _csrf field is checked as on every other form. The file
  // is kept in memory, cut off at the size limit (and then refused).
  app.register(async (uploads) => {
    await uploads.register(multipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: STATEMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: 1000, parts: 6, headerPairs: 20 },
    });

    uploads.post('/people/:personId/budget/import', forManagers, async (request, reply) => {
      const personId = pathId(request, 'personId');
      const context = await importContext(request, personId);
      const body = { ...(request.body as Record<string, unknown>) };
      const file = uploadedFileIn(body);
      delete body.statement;
      const form = checkForm(uploadForm, body);
      if (!form.ok) return renderUpload(reply.code(400), personId, context, form);
      const wrong = checkChosen(context, form.data, body);
      if (wrong) return renderUpload(reply.code(400), personId, context, wrong);
      // A form sent with no file chosen still has the file's part, with no name and nothing in it.
      if (!file || (file.filename === '' && file.bytes.length === 0))
        return renderUpload(reply.code(400), personId, context, {
          values: body,
          errors: fieldError('statement', 'Choose the bank statement to upload, saved as a CSV file'),
        });
      const statement: Statement = file.tooLarge
        ? { ok: false, problems: [STATEMENT_TOO_LARGE] }
        : read(context, file.bytes);
      if (!statement.ok)
        return renderUpload(reply.code(400), personId, context, {
          values: body,
          errors: fileProblems(statement.problems),
        });
      return renderPreview(reply, personId, context, form.data, statement, file.bytes);
    });
  });

  app.post(
    '/people/:personId/budget/import/record',
    { ...forManagers, bodyLimit: BASE64_MAX + 4096 },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const context = await importContext(request, personId);
      const form = checkForm(recordForm, request.body);
      if (!form.ok || !context.budget) {
        const values = {
          stream: form.ok ? form.data.stream : form.values.stream,
          category: form.ok ? form.data.category : form.values.category,
        };
        return renderUpload(reply.code(400), personId, context, {
          values,
          errors: fieldError('statement', 'Something went wrong with the statement. Upload it again.'),
        });
      }
      const answer = form.data;
      const wrong = checkChosen(context, answer, { stream: answer.stream, category: answer.category });
      if (wrong) return renderUpload(reply.code(400), personId, context, wrong);
      const bytes = Buffer.from(answer.statement, 'base64url');
      const statement = read(context, bytes);
      if (!statement.ok)
        return renderUpload(reply.code(400), personId, context, {
          values: { stream: answer.stream, category: answer.category },
          errors: fileProblems(statement.problems),
        });
      const lines = toRecord(context, answer, statement.lines);
      const allValid = lines.length === statement.lines.length;
      // What was promised on the button must still be so: the same number of lines, and "all" only when all are.
      const changed =
        lines.length !== answer.count
          ? 'The statement reads differently now (the budget or today’s date may have changed). Check the lines again and choose what to record.'
          : answer.choice === 'all' && !allValid
            ? 'Some lines have problems. Choose to record only the lines without problems, or put the file right and upload it again.'
            : lines.length === 0
              ? 'No line of the statement can be recorded. Put the file right and upload it again.'
              : undefined;
      if (changed) return renderPreview(reply.code(400), personId, context, answer, statement, bytes, changed);
      const outcome = await recordStatement(
        budgets.ledger,
        request.personData,
        personId,
        {
          streamId: answer.stream,
          category: answer.category,
          lines: lines.map((line) => ({
            line: line.line,
            entry: line.entry,
            idempotencyKey: line.idempotencyKey,
            lineId: line.planLine?.line_id ?? null,
          })),
        },
        new Date(),
      );
      return reply.render('budgets/views/statement-recorded.njk', {
        pageTitle: 'Bank statement imported',
        backLink: budgetHome(personId),
        home: budgetHome(personId),
        name: context.name,
        flash: outcomeBanner(outcome),
        leftOut: statement.lines.length - lines.length,
        refused: outcome.refused,
      });
    },
  );
}
