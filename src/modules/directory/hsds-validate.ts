import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { hasControlCharacters } from '../../text.ts';
import type { HsdsRecord } from './hsds-documents.ts';
import { HSDS_OBJECTS, type FieldKind, type HsdsObjectName } from './hsds-objects.ts';
import accessibility from './oruk-schema/accessibility.json' with { type: 'json' };
import address from './oruk-schema/address.json' with { type: 'json' };
import attribute from './oruk-schema/attribute.json' with { type: 'json' };
import contact from './oruk-schema/contact.json' with { type: 'json' };
import costOption from './oruk-schema/cost_option.json' with { type: 'json' };
import funding from './oruk-schema/funding.json' with { type: 'json' };
import language from './oruk-schema/language.json' with { type: 'json' };
import location from './oruk-schema/location.json' with { type: 'json' };
import organizationIdentifier from './oruk-schema/organization_identifier.json' with { type: 'json' };
import organization from './oruk-schema/organization.json' with { type: 'json' };
import phone from './oruk-schema/phone.json' with { type: 'json' };
import schedule from './oruk-schema/schedule.json' with { type: 'json' };
import serviceArea from './oruk-schema/service_area.json' with { type: 'json' };
import serviceAtLocation from './oruk-schema/service_at_location.json' with { type: 'json' };
import service from './oruk-schema/service.json' with { type: 'json' };
import taxonomyTerm from './oruk-schema/taxonomy_term.json' with { type: 'json' };
import taxonomy from './oruk-schema/taxonomy.json' with { type: 'json' };

// Whether each record of an import may be kept: first Open Referral UK's JSON Schema for its object (ajv), then what
// Careweave's tables and pages need (lengths, no markup, real dates and places). Pure: no I/O.

/** A problem with one field of one record, or with the record as a whole (field undefined). */
export type FieldProblem = { field?: string; message: string };

/** Where the UK profile's schemas say they are published; their `$ref`s are relative to it. */
export const ORUK_SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';

const SCHEMAS: Record<HsdsObjectName, object> = {
  accessibility,
  address,
  attribute,
  contact,
  cost_option: costOption,
  funding,
  language,
  location,
  organization_identifier: organizationIdentifier,
  organization,
  phone,
  schedule,
  service_area: serviceArea,
  service_at_location: serviceAtLocation,
  service,
  taxonomy_term: taxonomyTerm,
  taxonomy,
};

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let validators: Map<HsdsObjectName, ValidateFunction> | undefined;

/** The UK profile's validator for each object, made once: its schemas use keywords of their own, so not strict. */
function validatorFor(object: HsdsObjectName): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(SCHEMAS)) ajv.addSchema(schema, `${ORUK_SCHEMA_BASE}${name}.json`);
    validators = new Map(
      Object.keys(SCHEMAS).map((name) => [name as HsdsObjectName, ajv.getSchema(`${ORUK_SCHEMA_BASE}${name}.json`)!]),
    );
  }
  return validators.get(object)!;
}

/** The longest text a field may hold: names and short codes, and everything else. */
export const NAME_LIMIT = 255;
export const TEXT_LIMIT = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Markup a page could run or render: an opening or closing tag, a comment, a doctype or a processing instruction. */
const MARKUP = /<(?:[a-z][a-z0-9-]*|[!/?][a-z-]*)/i;
const DAY = '([+-]?\\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)';
const BYDAY = new RegExp(`^${DAY}(,${DAY})*$`);
const STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'];

/** Every problem with one record: its schema's first, then Careweave's own checks on the fields the schema passed. */
export function recordProblems(record: HsdsRecord): FieldProblem[] {
  const spec = HSDS_OBJECTS[record.object];
  const problems = schemaProblems(record);
  const flagged = new Set(problems.map((problem) => problem.field));
  for (const [field, kind] of Object.entries(spec.fields)) {
    const value = record.fields[field];
    if (flagged.has(field)) continue;
    if (value === undefined || value === null) {
      if (spec.required?.includes(field)) problems.push({ field, message: 'is missing' });
      continue;
    }
    const message = fieldProblem(kind, field, value);
    if (message) problems.push({ field, message });
  }
  problems.push(...crossFieldProblems(record, flagged));
  return problems;
}

function schemaProblems(record: HsdsRecord): FieldProblem[] {
  const validate = validatorFor(record.object);
  if (validate(record.given)) return [];
  const fields = HSDS_OBJECTS[record.object].fields;
  const problems: FieldProblem[] = [];
  for (const error of validate.errors ?? []) {
    const path = error.instancePath.split('/').slice(1);
    // Errors inside nested objects are their own records' problems.
    if (path.length > 1) continue;
    const field = path[0] ?? (error.params as { missingProperty?: string }).missingProperty;
    if (field === undefined || !(field in fields)) continue;
    if (problems.some((problem) => problem.field === field)) continue;
    problems.push({ field, message: schemaMessage(error) });
  }
  return problems;
}

/** ajv's messages in plain words. */
function schemaMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is missing';
    case 'type':
      return params.type === 'number' ? 'must be a number' : params.type === 'string' ? 'must be text' : 'is not valid';
    case 'enum':
      return `must be one of: ${(params.allowedValues as string[]).join(', ')}`;
    case 'format':
      return (
        {
          uuid: 'must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2',
          email: 'must be an email address',
          uri: 'must be a web address starting with https:// or http://',
          'date-time': 'must be a date and time, like 2026-03-15T10:30:00Z',
        }[params.format as string] ?? `must be a ${String(params.format)}`
      );
    default:
      return 'is not valid';
  }
}

function fieldProblem(kind: FieldKind, field: string, value: unknown): string | undefined {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && UUID.test(value)
        ? undefined
        : 'must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2';
    case 'name':
    case 'text':
      return textProblem(value, kind === 'name' ? NAME_LIMIT : TEXT_LIMIT);
    case 'age':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 150
        ? undefined
        : 'must be a whole number between 0 and 150';
    case 'coordinate': {
      const limit = field === 'latitude' ? 90 : 180;
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit
        ? undefined
        : `must be a number between -${limit} and ${limit}`;
    }
    case 'positive':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1000
        ? undefined
        : 'must be a whole number from 1 to 1000';
    case 'pounds':
      return typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= 0 &&
        value <= 1_000_000 &&
        Math.abs(value * 100 - Math.round(value * 100)) < 1e-6
        ? undefined
        : 'must be an amount in pounds from 0 to 1000000, with at most two decimal places, like 35 or 2.50';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date, like 2026-03-15';
    case 'time':
      return typeof value === 'string' && TIME.test(value)
        ? undefined
        : 'must be a time of day, like 09:30 or 17:00:00';
    case 'datetime':
      return typeof value === 'string' && DATE_TIME.test(value) && isCalendarDate(value.slice(0, 10))
        ? undefined
        : 'must be a date and time with its time zone, like 2026-03-15T10:30:00Z';
  }
}

function textProblem(value: unknown, limit: number): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (hasControlCharacters(value)) return 'contains a hidden control character, like a null character';
  if (MARKUP.test(value)) return `must not contain HTML or script markup ("${MARKUP.exec(value)![0]}")`;
  if (value.length > limit) return `must be at most ${limit} characters (it has ${value.length})`;
  return undefined;
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function crossFieldProblems(record: HsdsRecord, flagged: Set<string | undefined>): FieldProblem[] {
  const { fields } = record;
  const problems: FieldProblem[] = [];
  const given = (field: string) => fields[field] !== undefined && fields[field] !== null && !flagged.has(field);
  if (record.object === 'service') {
    if (given('status') && !STATUSES.includes(fields.status as string))
      problems.push({ field: 'status', message: `must be one of: ${STATUSES.join(', ')}` });
    if (given('minimum_age') && given('maximum_age') && (fields.minimum_age as number) > (fields.maximum_age as number))
      problems.push({ field: 'maximum_age', message: 'must not be less than minimum_age' });
  }
  if (record.object === 'location') {
    const latitude = fields.latitude !== undefined && fields.latitude !== null;
    const longitude = fields.longitude !== undefined && fields.longitude !== null;
    if (latitude !== longitude)
      problems.push({
        field: latitude ? 'longitude' : 'latitude',
        message: 'is missing: give both latitude and longitude, or neither',
      });
  }
  if (record.object === 'schedule') {
    if (given('byday') && !BYDAY.test(fields.byday as string))
      problems.push({ field: 'byday', message: 'must be days like MO,TU,WE (MO TU WE TH FR SA SU)' });
    if (given('freq') && !['WEEKLY', 'MONTHLY'].includes(fields.freq as string))
      problems.push({ field: 'freq', message: 'must be one of: WEEKLY, MONTHLY' });
  }
  return problems;
}

/** A time of day as the database gives it back (hh:mm:ss), so a re-import of "09:30" is no change. */
export const fullTime = (time: string): string => (time.length === 5 ? `${time}:00` : time);
