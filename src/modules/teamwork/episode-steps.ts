// The steps of a transfer of care, in order, with the words staff and the family read. No imports, so the tables
// can name them.

export const EPISODE_STEPS = {
  admission: { staff: 'Admission', family: 'Going into hospital' },
  what_matters: { staff: 'What matters to the person, asked and recorded', family: 'What matters to you' },
  fit_for_discharge: { staff: 'Fit for discharge', family: 'Well enough to leave' },
  assessments: { staff: 'Assessments', family: 'Checks of what help is needed' },
  funding: { staff: 'Funding decision', family: 'Who pays for the care' },
  where_and_support: { staff: 'Where they will go and what support', family: 'Where you will go and the help there' },
  equipment: { staff: 'Equipment', family: 'Equipment' },
  transport: { staff: 'Transport', family: 'Getting there' },
  discharge: { staff: 'Discharge', family: 'Leaving hospital' },
  follow_up: { staff: 'Follow-up contact', family: 'A call to check how you are' },
} as const;
export type EpisodeStep = keyof typeof EPISODE_STEPS;
export const STEP_KEYS = Object.keys(EPISODE_STEPS) as [EpisodeStep, ...EpisodeStep[]];

export const STEP_STATUSES = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  blocked: 'Blocked',
} as const;
export type StepStatus = keyof typeof STEP_STATUSES;

/** Why a step is held up: the reasons managers count delays by. */
export const BLOCKER_REASONS = {
  placement_lost: 'The place arranged was lost',
  infection_outbreak: 'Infection outbreak',
  waiting_assessment: 'Waiting for an assessment',
  waiting_funding: 'Waiting for a funding decision',
  waiting_equipment: 'Waiting for equipment',
  waiting_transport: 'Waiting for transport',
  not_well_enough: 'Not well enough yet',
  other: 'Something else',
} as const;
export type BlockerReason = keyof typeof BLOCKER_REASONS;
