/** The UK calendar date of a moment, as 'YYYY-MM-DD'. */
export const ukDate = (moment: Date): string => moment.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
