import type { ColumnType, Generated } from 'kysely';

export const entryKinds = ['judicial', 'administrative'] as const;
export type EntryKind = (typeof entryKinds)[number];
export const entrySources = ['call', 'cctv', 'patrol', 'walk_in', 'report'] as const;
export type EntrySource = (typeof entrySources)[number];
export const followUps = ['pv', 'rapport', 'opj', 'prosecutor', 'referral'] as const;
export type FollowUp = (typeof followUps)[number];
export const personRoles = ['caller', 'victim', 'suspect', 'witness'] as const;
export type PersonRole = (typeof personRoles)[number];

export interface NatinfCodesTable {
  code: number;
  label: string;
  qualification: Generated<string>;
  source: 'official' | 'demo';
  updated_at: Date;
}

export interface MainCouranteCountersTable {
  tenant_id: string;
  year: number;
  last_number: number;
}

export interface MainCouranteEntriesTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  number: number;
  kind: EntryKind;
  nature: string;
  natinf_code: number | null;
  source: EntrySource;
  report_id: string | null;
  called_at: Date;
  arrived_at: Date | null;
  ended_at: Date | null;
  /** Written with ST_ functions, read as lon/lat. */
  geom: unknown;
  address: string | null;
  territory_id: string | null;
  vehicles: ColumnType<string[], string[] | undefined, string[]>;
  findings: Generated<string>;
  follow_up: ColumnType<FollowUp[], FollowUp[] | undefined, FollowUp[]>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  validated_by: string | null;
  validated_at: Date | null;
  elimination_list_id: string | null;
}

export interface MainCouranteEntryAgentsTable {
  entry_id: string;
  tenant_id: string;
  agent_id: string;
}

export interface MainCourantePeopleTable {
  id: Generated<string>;
  entry_id: string;
  tenant_id: string;
  role: PersonRole;
  family_name: string | null;
  given_name: string | null;
  birth_year: number | null;
  phone: string | null;
}

export interface MainCouranteAmendmentsTable {
  id: Generated<string>;
  entry_id: string;
  tenant_id: string;
  at: Date;
  actor: string;
  reason: string;
  fields: string[];
  previous: ColumnType<Record<string, unknown>, string, string>;
  next: ColumnType<Record<string, unknown>, string, string>;
}

export interface MainCouranteEliminationListsTable {
  id: Generated<string>;
  tenant_id: string;
  created_at: Date;
  cutoff: Date;
  entry_count: number;
  status: ColumnType<'pending' | 'destroyed', 'pending' | 'destroyed' | undefined>;
  approval_reference: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  destroyed_at: Date | null;
}

export interface MainCouranteEliminationItemsTable {
  list_id: string;
  tenant_id: string;
  entry_number: string;
  called_at: Date;
  kind: string;
  nature: string;
}

/** The main courante's tables (entries, agents, people by role, amendments, elimination lists) and NATINF codes. */
export interface MainCouranteTables {
  natinf_codes: NatinfCodesTable;
  main_courante_counters: MainCouranteCountersTable;
  main_courante_entries: MainCouranteEntriesTable;
  main_courante_entry_agents: MainCouranteEntryAgentsTable;
  main_courante_people: MainCourantePeopleTable;
  main_courante_amendments: MainCouranteAmendmentsTable;
  main_courante_elimination_lists: MainCouranteEliminationListsTable;
  main_courante_elimination_items: MainCouranteEliminationItemsTable;
}
