import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { holdsControlCharacters } from './forms.ts';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The backstop for control characters (a null character and the like) in what a request sends. A form's
 * fields are checked by checkForm, which says so beside the field; everything else is refused here with
 * 400 before a route sees it: the path, the query string, the names of a form's fields, and any other body,
 * such as JSON.
 */
export function setUpControlCharacterChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const body: unknown = request.body;
    const isForm = FORM_TYPES.some((type) => request.headers['content-type']?.toLowerCase().startsWith(type));
    const suspect =
      holdsControlCharacters(request.params) ||
      holdsControlCharacters(request.query) ||
      (isForm ? holdsControlCharacters(fieldNames(body)) : holdsControlCharacters(body));
    if (suspect) throw new AppError('CW_HIDDEN_CHARACTER');
  });
}

const fieldNames = (body: unknown): string[] => (body && typeof body === 'object' ? Object.keys(body) : []);
