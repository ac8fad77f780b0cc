import { uniqueKeyClash } from '../../db/errors.ts';
import { AppError } from '../../errors.ts';

/** Said when a second record would take an NHS number: it says nothing about whose record has it. */
export const NHS_NUMBER_IN_USE = 'A person with this NHS number is already registered';

/** An NHS number names one person: a second record, new or changed, may not take one already in use. */
export class NhsNumberInUse extends AppError {
  override name = 'NhsNumberInUse';
  constructor() {
    super('CW_REFUSED', NHS_NUMBER_IN_USE);
  }
}

/**
 * Turns the database's refusal of a second record with the same NHS number (two people registered at the same
 * moment, or a number typed that is already in use) into NhsNumberInUse; any other error goes on as it was.
 */
export function refuseNhsNumberClash(error: unknown): never {
  if (uniqueKeyClash(error) === 'person_nhs_number') throw new NhsNumberInUse();
  throw error;
}
