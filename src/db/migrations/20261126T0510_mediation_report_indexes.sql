-- The activity report reads a tenant's field log by period, across every team: encounters by time,
-- rounds by date and referrals by date (the existing indexes lead with the team).
CREATE INDEX mediation_encounters_tenant_at ON mediation_encounters (tenant_id, occurred_at);
CREATE INDEX mediation_rounds_tenant_date ON mediation_rounds (tenant_id, round_date);
CREATE INDEX mediation_referrals_tenant_date ON mediation_referrals (tenant_id, referred_on);
