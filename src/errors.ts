/**
 * Stable error codes with their HTTP status and the sentence a person sees. Logs carry the code;
 * pages carry the sentence.
 */
export const ERROR_CATALOGUE = {
  CW_NOT_FOUND: {
    status: 404,
    title: 'Page not found',
    message:
      'If you typed the web address, check it is correct. If you followed a link, the page may have moved, or you may not have access to it.',
  },
  CW_SIGN_IN_REQUIRED: { status: 401, title: 'Sign in to continue', message: 'You need to sign in to see this page.' },
  CW_FORBIDDEN: {
    status: 403,
    title: 'You cannot do this',
    message: 'Your account cannot do this. Ask your administrator if you think it should.',
  },
  CW_CSRF: {
    status: 403,
    title: 'This form has expired',
    message: 'For your security, this form could not be sent. Go back, refresh the page and try again.',
  },
  CW_VALIDATION: {
    status: 400,
    title: 'There is a problem',
    message: 'Some of what was sent is not valid. Check it and try again.',
  },
  CW_THROTTLED: {
    status: 429,
    title: 'Too many attempts',
    message: 'There have been too many attempts to sign in. Wait 15 minutes, then try again.',
  },
  CW_TOO_MANY_REQUESTS: {
    status: 429,
    title: 'Too many requests',
    message: 'There have been too many requests from your connection. Wait a minute, then try again.',
  },
  CW_REFUSED: {
    status: 400,
    title: 'This cannot be done yet',
    message: 'Something must change first. The page says what.',
  },
  CW_CONFLICT: {
    status: 409,
    title: 'Someone else changed this',
    message: 'This was changed by someone else while you were working on it. Your changes were not saved.',
  },
  CW_NOT_READY: {
    status: 503,
    title: 'Not ready',
    message: 'The service cannot reach its database. Try again shortly.',
  },
  CW_BUSY: {
    status: 503,
    title: 'Careweave is busy',
    message:
      'Too many requests arrived at once. Wait a few seconds and try again. If you were saving something, check whether it was saved first.',
  },
  CW_HIDDEN_CHARACTER: {
    status: 400,
    title: 'There is a problem',
    message:
      'What was sent contains a hidden control character, like a null character. Go back, type it again instead of pasting it, and send it again.',
  },
  CW_PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Too much was sent',
    message: 'What you sent is too large. Shorten it and try again.',
  },
  CW_INTERNAL: {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message: 'Try again later. What you were doing may not have been saved.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * Every refusal, from the data context to a domain rule, is an AppError with a code from the catalogue: 404
 * outside the person's scope, 403 only inside it, 409 when someone else changed it first, 400 when the rules
 * refuse. `detail` is the sentence for the page when the rule has one to say.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ?? ERROR_CATALOGUE[code].message);
    this.code = code;
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export const notFound = (): AppError => new AppError('CW_NOT_FOUND');
export const forbidden = (): AppError => new AppError('CW_FORBIDDEN');
/** Someone else saved first: nothing of this change was kept. */
export const conflict = (detail?: string): AppError => new AppError('CW_CONFLICT', detail);
/** A domain rule says no; `detail` says why, in words for the page. */
export const refused = (detail: string): AppError => new AppError('CW_REFUSED', detail);

/** Whether `error` is a refusal with this code. */
export const isRefusal = (error: unknown, code: ErrorCode): error is AppError =>
  error instanceof AppError && error.code === code;
