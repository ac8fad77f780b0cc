import { AppError } from '../../errors.ts';

/** A rule of episodes says no, about one field of the form: the page shows the message by that field. */
export class EpisodeRefused extends AppError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('CW_REFUSED', message);
    this.field = field;
  }
}
