-- Module prevention, sessions part: participants' anonymous evaluations of a session, and the staff's
-- personal calendar feeds (a calendar application cannot send a session cookie).

-- A session's evaluation, opened by a facilitator: the link and short code are random, stored as their
-- SHA-256 only; answers are taken until closes_at (14 days after the session, or earlier when closed).
CREATE TABLE prevention_session_evaluations (
  session_id uuid PRIMARY KEY REFERENCES prevention_sessions (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The facilitator who opened it: with prevention.manage, the only reader of the free texts.
  opened_by uuid REFERENCES users (id),
  opened_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL
);
SELECT quietude_protect('prevention_session_evaluations');

-- One participant's answers: four questions on a scale of 1 to 4 and an optional free text. Nothing
-- identifies the participant: no account, no address, no time of answer (the id is random).
CREATE TABLE prevention_evaluation_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id uuid NOT NULL REFERENCES prevention_session_evaluations (session_id) ON DELETE CASCADE,
  learned smallint NOT NULL CHECK (learned BETWEEN 1 AND 4),
  knows_whom smallint NOT NULL CHECK (knows_whom BETWEEN 1 AND 4),
  respected smallint NOT NULL CHECK (respected BETWEEN 1 AND 4),
  useful smallint NOT NULL CHECK (useful BETWEEN 1 AND 4),
  -- Purged by the retention rule prevention-evaluation-comments (1 year after the session by default).
  comment text CHECK (comment IS NULL OR length(comment) BETWEEN 1 AND 500)
);
CREATE INDEX prevention_evaluation_answers_session ON prevention_evaluation_answers (tenant_id, session_id);
SELECT quietude_protect('prevention_evaluation_answers');

-- A staff member's personal iCalendar feed: the token (SHA-256 only) stands for them; each read checks
-- their current permission in the tenant, so that a removed member's feed stops at once.
CREATE TABLE prevention_calendar_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX prevention_calendar_feeds_active ON prevention_calendar_feeds (tenant_id, user_id) WHERE revoked_at IS NULL;
SELECT quietude_protect('prevention_calendar_feeds');
