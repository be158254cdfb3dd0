import type { ColumnType, Generated } from 'kysely';
import type {
  Activity,
  AgeBand,
  Gender,
  MinorPath,
  PartnerKind,
  ReferralOutcome,
  SituationKind,
  SituationOutcome,
  StepKind,
} from './vocabulary.js';

type DateColumn = ColumnType<string, string, string>;

export interface MediationTeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface MediationTeamSectorsTable {
  tenant_id: string;
  team_id: string;
  territory_id: string;
}

export interface MediationTeamMembersTable {
  tenant_id: string;
  team_id: string;
  user_id: string;
  role: 'mediator' | 'manager';
}

export interface MediationFundingsTable {
  id: Generated<string>;
  tenant_id: string;
  organisation_id: string;
  team_id: string | null;
  territory_id: string | null;
  year: number;
}

export interface MediationRoundsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  sector_id: string;
  round_date: DateColumn;
  started_at: Date;
  ended_at: Date | null;
  recorded_by: string | null;
  input_hash: string;
  created_at: Date;
}

export interface MediationEncountersTable {
  id: string;
  tenant_id: string;
  team_id: string;
  round_id: string | null;
  on_appointment: boolean;
  occurred_at: Date;
  people_count: number;
  themes: string[];
  activity: Activity;
  actions: string[];
  faire_avec: boolean;
  geom: unknown | null;
  qpv_id: string | null;
  recorded_by: string | null;
  input_hash: string;
  created_at: Date;
}

export interface MediationEncounterPeopleTable {
  tenant_id: string;
  encounter_id: string;
  position: number;
  age_band: AgeBand | null;
  gender: Gender | null;
}

export interface MediationSituationsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  kind: SituationKind;
  label: string;
  sector_id: string | null;
  opened_on: DateColumn;
  outcome: ColumnType<SituationOutcome, SituationOutcome | undefined, SituationOutcome>;
  outcome_on: DateColumn | null;
  last_contact_on: DateColumn;
  referral_id: string | null;
  input_hash: string;
  created_by: string | null;
  created_at: Date;
}

export interface MediationSituationStepsTable {
  id: string;
  tenant_id: string;
  situation_id: string;
  kind: StepKind;
  occurred_on: DateColumn;
  recorded_by: string | null;
  input_hash: string;
  created_at: Date;
}

export interface MediationSituationPartiesTable {
  id: Generated<string>;
  tenant_id: string;
  situation_id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  created_at: Date;
}

export interface MediationPartnersTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: PartnerKind;
  commune: string | null;
  phone: string | null;
  email: string | null;
  active: Generated<boolean>;
  created_at: Date;
}

export interface MediationReferralsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  partner_id: string;
  encounter_id: string | null;
  situation_id: string | null;
  referred_on: DateColumn;
  outcome: ColumnType<ReferralOutcome, ReferralOutcome | undefined, ReferralOutcome>;
  outcome_on: DateColumn | null;
  recorded_by: string | null;
  input_hash: string;
  created_at: Date;
}

export interface MediationMinorActionsTable {
  id: string;
  tenant_id: string;
  team_id: string;
  taken_on: DateColumn;
  path: MinorPath;
  recorded_by: string | null;
  input_hash: string;
  created_at: Date;
}

export interface MediationTables {
  mediation_teams: MediationTeamsTable;
  mediation_team_sectors: MediationTeamSectorsTable;
  mediation_team_members: MediationTeamMembersTable;
  mediation_fundings: MediationFundingsTable;
  mediation_rounds: MediationRoundsTable;
  mediation_encounters: MediationEncountersTable;
  mediation_encounter_people: MediationEncounterPeopleTable;
  mediation_situations: MediationSituationsTable;
  mediation_situation_steps: MediationSituationStepsTable;
  mediation_situation_parties: MediationSituationPartiesTable;
  mediation_partners: MediationPartnersTable;
  mediation_referrals: MediationReferralsTable;
  mediation_minor_actions: MediationMinorActionsTable;
}
