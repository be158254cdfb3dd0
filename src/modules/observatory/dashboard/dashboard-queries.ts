import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

/** The tenant's targets, oldest first. */
export const listTargets = (tx: Tx) =>
  tx
    .selectFrom('observatory_targets')
    .selectAll()
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export type TargetRow = Awaited<ReturnType<typeof listTargets>>[number];

/** What the tenant publishes, as `ssmsi:<key>` and `figure:<id>[:<option>]` choices. */
export async function listPublications(tx: Tx): Promise<{ ssmsi: Set<string>; figures: Set<string>; choices: Set<string> }> {
  const rows = await tx
    .selectFrom('observatory_publications')
    .select(['indicator_kind', 'indicator', 'figure_option'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .execute();
  const ssmsi = new Set(rows.filter((r) => r.indicator_kind === 'ssmsi').map((r) => r.indicator));
  const figures = new Set(
    rows
      .filter((r) => r.indicator_kind === 'figure')
      .map((r) => (r.figure_option ? `${r.indicator}:${r.figure_option}` : r.indicator)),
  );
  return {
    ssmsi,
    figures,
    choices: new Set([...[...ssmsi].map((k) => `ssmsi:${k}`), ...[...figures].map((k) => `figure:${k}`)]),
  };
}

/** The tenant's communes (INSEE codes): its commune territories, or its own code. */
export async function tenantCommunes(tx: Tx, own: string | null): Promise<{ code: string; name: string }[]> {
  const rows = await tx
    .selectFrom('territories')
    .select(['code', 'name'])
    .where('kind', '=', 'commune')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('code')
    .execute();
  if (rows.length) return rows;
  return own ? [{ code: own, name: own }] : [];
}
