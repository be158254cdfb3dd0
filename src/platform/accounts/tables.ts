import type { Generated } from 'kysely';

/** An identity at an OpenID Connect provider, linked to one account (not tenant-owned, like users). */
export interface UserIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  issuer: string;
  subject: string;
  created_at: Date;
  last_used_at: Date | null;
}

/** An account's TOTP secret: pending until confirmed by a first code. */
export interface UserTotpTable {
  user_id: string;
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  /** The time step of the last accepted code (a bigint column, read as a string by the driver). */
  last_step: Generated<string>;
}

export interface UserRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: Date;
  used_at: Date | null;
}

export interface AccountSecurityTables {
  user_identities: UserIdentitiesTable;
  user_totp: UserTotpTable;
  user_recovery_codes: UserRecoveryCodesTable;
}
