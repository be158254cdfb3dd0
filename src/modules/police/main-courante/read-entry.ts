import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { can } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { activeEntry } from './entry-access.js';
import { entryNumber } from './entry-writes.js';

export const READ_ENTRY = 'police.read-main-courante-entry';

/**
 * One entry as its page and the API show it. Every consultation is audited (who, when): the people involved are
 * offences data (art. 10 GDPR). Supervisors (`police.validate`) also see the consultations so far.
 */
export const readEntry = defineOperation({
  name: READ_ENTRY,
  permission: 'police.log',
  async run({ tx, actor, audit }, input: { id: string }) {
    const found = await activeEntry(tx, input.id);
    const entry = await tx
      .selectFrom('main_courante_entries as e')
      .leftJoin('territories as t', 't.id', 'e.territory_id')
      .leftJoin('natinf_codes as n', 'n.code', 'e.natinf_code')
      .selectAll('e')
      .select([
        't.name as territory',
        'n.label as natinf_label',
        sql<number | null>`ST_Y(e.geom)`.as('lat'),
        sql<number | null>`ST_X(e.geom)`.as('lon'),
      ])
      .where('e.id', '=', found.id)
      .executeTakeFirstOrThrow();
    const agents = await tx
      .selectFrom('main_courante_entry_agents as ea')
      .innerJoin('police_agents as a', 'a.id', 'ea.agent_id')
      .select(['a.id', 'a.staff_number', 'a.family_name', 'a.given_name'])
      .where('ea.entry_id', '=', found.id)
      .orderBy('a.staff_number')
      .execute();
    const people = await tx
      .selectFrom('main_courante_people')
      .select(['id', 'role', 'family_name', 'given_name', 'birth_year', 'phone'])
      .where('entry_id', '=', found.id)
      .orderBy('role')
      .orderBy('id')
      .execute();
    const amendments = await tx
      .selectFrom('main_courante_amendments')
      .select(['id', 'at', 'actor', 'reason', 'fields', 'previous', 'next'])
      .where('entry_id', '=', found.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const consultations = can(actor, 'police.validate')
      ? await tx
          .selectFrom('audit_events')
          .select(['at', 'actor'])
          .where('entity_type', '=', 'main-courante-entry')
          .where('entity_id', '=', found.id)
          .where('action', '=', READ_ENTRY)
          .orderBy('seq', 'desc')
          .limit(100)
          .execute()
      : null;
    audit({ entityType: 'main-courante-entry', entityId: found.id, fields: ['findings', 'people', 'geom', 'address'] });
    const name = await namer(tx, [
      entry.validated_by,
      ...amendments.map((a) => a.actor),
      ...(consultations ?? []).map((c) => c.actor),
    ]);
    return {
      entry: {
        ...entry,
        label: entryNumber(entry.year, entry.number),
        validated_by: entry.validated_by && name(entry.validated_by),
      },
      agents,
      people,
      amendments: amendments.map((a) => ({ ...a, actor: name(a.actor) })),
      consultations: consultations?.map((c) => ({ at: c.at, actor: name(c.actor) })),
    };
  },
});

/** People by name: audit events and entries name a user by id (`user:<id>`). */
async function namer(tx: Tx, labels: (string | null)[]) {
  const ids = [
    ...new Set(labels.map((label) => /^user:([0-9a-f-]{36})$/.exec(label ?? '')?.[1]).filter((id): id is string => Boolean(id))),
  ];
  const users = ids.length ? await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
  const names = new Map(users.map((u) => [`user:${u.id}`, u.display_name]));
  return (label: string) => names.get(label) ?? label;
}

export type EntryView = Awaited<ReturnType<typeof readEntry>>;
