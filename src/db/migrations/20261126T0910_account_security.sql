-- Sign-in for public agents (issue 12): identities from an OpenID Connect provider linked to existing accounts,
-- an optional TOTP second factor per account with one-time recovery codes, and the roles a tenant requires it for.
-- Accounts are global (one person, several tenants), so these tables are not tenant-owned, like users.

-- An identity at a provider (issuer + subject) that signs in as one account. Made on first use only when the
-- provider vouches for an e-mail address that an active account already has; never creates an account.
CREATE TABLE user_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON user_identities TO quietude_app;

-- The TOTP secret of an account (RFC 6238, 30 s, 6 digits). Pending until a first code confirms it; the secret is
-- shown once, at enrolment, and never again. last_step is the time step of the last accepted code: a code of that
-- step or an earlier one is refused (no replay).
CREATE TABLE user_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{32}$'),
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  last_step bigint NOT NULL DEFAULT 0
);
GRANT SELECT, INSERT, UPDATE, DELETE ON user_totp TO quietude_app;

-- One-time recovery codes, given at enrolment, kept only as SHA-256 (they are random, high-entropy).
CREATE TABLE user_recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id),
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON user_recovery_codes TO quietude_app;

-- The roles whose members must use a second factor in this tenant (e.g. police roles, coordinator).
ALTER TABLE tenant_settings ADD COLUMN totp_required_roles text[] NOT NULL DEFAULT '{}';

-- The account events of these features, with the others (no tenant at sign-in). Kinds name what happened, never
-- an e-mail address or a code.
ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check;
ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check CHECK (kind IN (
  'login_succeeded', 'login_failed', 'account_locked', 'logout', 'password_set', 'sessions_ended',
  'oidc_linked', 'oidc_refused', 'totp_enabled', 'totp_disabled', 'totp_failed', 'recovery_code_used'));
