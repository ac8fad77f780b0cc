import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// Open Referral UK's OpenAPI document and JSON Schemas, from the unchanged copy in test/standards, with every
// `https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/...` reference answered by the local file of
// the same name: the tests never use the network.

const STANDARD = path.resolve(import.meta.dirname, '../standards/open-referral-uk');
const PUBLISHED = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(STANDARD, file), 'utf8')) as object;

let ajv: Ajv2020 | undefined;

function validator(): Ajv2020 {
  if (ajv) return ajv;
  // The standard's schemas carry keywords of their own (name, core, constraints...), so not strict.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [folder, published] of [
    ['schema', PUBLISHED],
    ['schema/compiled', `${PUBLISHED}compiled/`],
  ] as const)
    for (const file of fs.readdirSync(path.join(STANDARD, folder)).filter((name) => name.endsWith('.json')))
      if (file !== 'openapi.json') ajv.addSchema(readJson(`${folder}/${file}`), `${published}${file}`);
  ajv.addSchema(readJson('schema/openapi.json'), `${PUBLISHED}openapi.json`);
  return ajv;
}

const pointer = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/** The OpenAPI document's schema for a 200 answer of `GET path` (like "/services/{id}"). */
export function responseValidator(apiPath: string): ValidateFunction {
  const ref = `${PUBLISHED}openapi.json#/paths/${pointer(apiPath)}/get/responses/200/content/${pointer('application/json')}/schema`;
  return validator().compile({ $ref: ref });
}

/** One of the standard's schemas by file, like "compiled/organization.json". */
export function schemaValidator(file: string): ValidateFunction {
  return validator().getSchema(`${PUBLISHED}${file}`)!;
}

/** The paths the OpenAPI document defines. */
export const openApiPaths = (): string[] => Object.keys((readJson('schema/openapi.json') as { paths: object }).paths);

/** Where the standard's copy is, for tests that read its files. */
export const STANDARD_FOLDER = STANDARD;
