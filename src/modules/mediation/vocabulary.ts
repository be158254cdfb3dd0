/**
 * The fixed lists of the mediators' log. Themes never describe a person's health (issue 7); the five
 * activities are those of the 2008 national guide on social mediation's social utility.
 */
export const themes = [
  'public_tranquillity',
  'neighbour_conflict',
  'access_to_rights',
  'housing',
  'youth',
  'school',
  'isolation',
  'cleanliness',
  'felt_safety',
  'other',
] as const;
export type Theme = (typeof themes)[number];

export const activities = ['presence', 'conflict', 'technical_watch', 'connection', 'concertation'] as const;
export type Activity = (typeof activities)[number];

export const actionKinds = ['listening', 'information', 'orientation', 'mediation', 'accompaniment', 'technical_report'] as const;
export type ActionKind = (typeof actionKinds)[number];

export const ageBands = ['under_12', '12_17', '18_25', '26_59', '60_plus'] as const;
export type AgeBand = (typeof ageBands)[number];

export const genders = ['female', 'male', 'other'] as const;
export type Gender = (typeof genders)[number];

export const situationKinds = ['neighbour_dispute', 'hall_occupation', 'group_tension', 'other'] as const;
export type SituationKind = (typeof situationKinds)[number];

export const stepKinds = ['first_contact', 'separate_interviews', 'joint_meeting', 'agreement', 'follow_up'] as const;
export type StepKind = (typeof stepKinds)[number];

export const situationOutcomes = ['resolved', 'calmed', 'ongoing', 'failed', 'redirected'] as const;
export type SituationOutcome = (typeof situationOutcomes)[number];

export const partnerKinds = ['ccas', 'france_services', 'csapa_cjc', 'association', 'landlord', 'other'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

export const referralOutcomes = ['taken', 'pending', 'no_follow_up'] as const;
export type ReferralOutcome = (typeof referralOutcomes)[number];

export const minorPaths = ['crip', '119', 'both'] as const;
export type MinorPath = (typeof minorPaths)[number];

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
