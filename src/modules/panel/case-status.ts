import type { PanelDecision, PanelReconsideration, PanelSubmission } from './store.ts';

// Where a case stands, from its rows: waiting for the panel (never decided, or asked to look again since the last
// decision), or decided.

export type CaseHistory = {
  submission: PanelSubmission;
  /** Newest first. */
  decisions: PanelDecision[];
  /** Newest first. */
  reconsiderations: PanelReconsideration[];
  waiting: boolean;
};

/** Each submission with its own decisions and requests, newest first, and whether the panel still has to decide. */
export function caseHistories(
  submissions: PanelSubmission[],
  decisions: PanelDecision[],
  reconsiderations: PanelReconsideration[],
): CaseHistory[] {
  return submissions.map((submission) => {
    const own = <T extends { submission_id: string }>(rows: T[]) =>
      rows.filter((row) => row.submission_id === submission.id);
    const decided = own(decisions);
    const asked = own(reconsiderations);
    const lastDecision = decided[0]?.decided_at.getTime() ?? -Infinity;
    const lastAsked = asked[0]?.asked_at.getTime() ?? -Infinity;
    return {
      submission,
      decisions: decided,
      reconsiderations: asked,
      waiting: decided.length === 0 || lastAsked > lastDecision,
    };
  });
}
