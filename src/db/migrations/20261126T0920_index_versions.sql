-- Several instances on one database (docs/adr/0008): each keeps in-memory indexes (the safe-places
-- finder, the prevention orders). A write to a table an index is built from bumps the tenant's version
-- of that index and sends `NOTIFY quietude_index, '<kind>:<tenant>'`, both inside the write's
-- transaction, so that the notification leaves only on commit and the version row says the same to an
-- instance that missed it (disconnected listener, or the embedded engine, which has no listener).

CREATE TABLE index_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('safe-places', 'orders')),
  version bigint NOT NULL,
  PRIMARY KEY (tenant_id, kind)
);
SELECT quietude_protect('index_versions');
-- A version says only that something of a public index changed: every instance reads all of them at once.
CREATE POLICY public_read ON index_versions FOR SELECT USING (true);

-- One call per statement, not per row: an import of thousands of places bumps one version once. Row-level
-- security makes every write of a tenant table a write of the transaction's tenant, so that tenant is the
-- one to bump. Without a tenant (a superuser's maintenance, which bypasses row-level security), every
-- index of that kind is told to reload.
CREATE FUNCTION quietude_index_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  changed_kind text := TG_ARGV[0];
  changed_tenant uuid := quietude_tenant();
BEGIN
  IF changed_tenant IS NULL THEN
    PERFORM pg_notify('quietude_index', changed_kind || ':*');
    RETURN NULL;
  END IF;
  INSERT INTO index_versions AS v (tenant_id, kind, version) VALUES (changed_tenant, changed_kind, 1)
    ON CONFLICT (tenant_id, kind) DO UPDATE SET version = v.version + 1;
  PERFORM pg_notify('quietude_index', changed_kind || ':' || changed_tenant);
  RETURN NULL;
END
$$;

CREATE TRIGGER index_changed AFTER INSERT OR UPDATE OR DELETE ON safe_places
  FOR EACH STATEMENT EXECUTE FUNCTION quietude_index_changed('safe-places');
-- The finder hides places whose hours were not confirmed within the tenant's period (a setting).
CREATE TRIGGER index_changed AFTER UPDATE OR INSERT ON tenant_settings
  FOR EACH STATEMENT EXECUTE FUNCTION quietude_index_changed('safe-places');
CREATE TRIGGER index_changed AFTER INSERT OR UPDATE OR DELETE ON prevention_orders
  FOR EACH STATEMENT EXECUTE FUNCTION quietude_index_changed('orders');
