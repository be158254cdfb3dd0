import type { ColumnType, Generated } from 'kysely';

export const commitmentKinds = [
  'staff_training',
  'police_training',
  'school_sessions',
  'association_funding',
  'visibility',
  'expert_adviser',
  'other',
] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];
export const commitmentStates = ['planned', 'in_progress', 'done', 'abandoned'] as const;
export type CommitmentState = (typeof commitmentStates)[number];

/** A "YYYY-MM-DD" date: pg hands dates back as text (see src/db/database.ts). */
type DateText = ColumnType<string, string, string>;

export interface PreventionCommitmentsTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  description: Generated<string>;
  kind: CommitmentKind;
  state: CommitmentState;
  state_on: DateText;
  service: string;
  internal_note: Generated<string>;
  target: Generated<string>;
  position: number;
  programme_id: string | null;
  police_training_module_id: string | null;
  report_category: string | null;
  is_demo: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface PreventionCommitmentEvidenceTable {
  id: Generated<string>;
  tenant_id: string;
  commitment_id: string;
  happened_on: DateText;
  text: string;
  link: string | null;
  is_demo: Generated<boolean>;
  created_at: Date;
}

export interface PreventionAssociationFundingsTable {
  id: Generated<string>;
  tenant_id: string;
  commitment_id: string;
  association_id: string;
  year: number;
  /** numeric: pg reads it as text; read it cast to float8. */
  amount_eur: ColumnType<string, number, number>;
  purpose: string;
  is_demo: Generated<boolean>;
  created_at: Date;
}

/** The commitments part's tables. */
export interface PreventionCommitmentsTables {
  prevention_commitments: PreventionCommitmentsTable;
  prevention_commitment_evidence: PreventionCommitmentEvidenceTable;
  prevention_association_fundings: PreventionAssociationFundingsTable;
}
