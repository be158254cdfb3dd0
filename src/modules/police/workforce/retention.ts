import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { DataSubject, DataSubjectSource, RetentionRule } from '../../../platform/modules/module-definition.js';

/**
 * An agent's pseudonym: the staff number becomes `anonyme-` and the agent's id (40 characters, unique, and
 * no real staff number looks like it), the names « Pseudonyme » and the id's first characters. The agent's
 * row stays, so that the movements still count in the headcount of past dates.
 */
const pseudonymised = sql<boolean>`staff_number = 'anonyme-' || replace(id::text, '-', '')`;

/** The agents whose last movement is a departure dated before `before` (YYYY-MM-DD), not yet pseudonymised. */
const departedBefore = (tx: Tx, tenantId: string, before: string, agentIds?: string[]) => {
  let q = tx
    .selectFrom('police_agents as a')
    .select('a.id')
    .where('a.tenant_id', '=', tenantId)
    .where(sql<boolean>`NOT (a.${pseudonymised})`)
    .where(
      ({ selectFrom }) =>
        selectFrom('police_movements as m')
          .select('m.kind')
          .whereRef('m.agent_id', '=', 'a.id')
          .orderBy('m.effective_on', 'desc')
          .limit(1),
      '=',
      'departure',
    )
    .where(
      ({ selectFrom }) =>
        selectFrom('police_movements as m')
          .select(({ fn }) => fn.max('m.effective_on').as('d'))
          .whereRef('m.agent_id', '=', 'a.id'),
      '<',
      before,
    );
  if (agentIds) q = q.where('a.id', 'in', agentIds);
  return q.execute().then((rows) => rows.map((r) => r.id));
};

/** Replaces names, staff number and account link by the pseudonym, and drops the movements' free-text notes. */
async function pseudonymise(tx: Tx, tenantId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await tx
    .updateTable('police_agents')
    .set({
      staff_number: sql`'anonyme-' || replace(id::text, '-', '')`,
      family_name: 'Pseudonyme',
      given_name: sql`left(id::text, 8)`,
      user_id: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  await tx
    .updateTable('police_movements')
    .set({ note: null })
    .where('tenant_id', '=', tenantId)
    .where('agent_id', 'in', ids)
    .execute();
  return ids.length;
}

/** The processing entry's promise: names kept 5 years after the departure, then a pseudonym. */
export const agentNamesRule: RetentionRule = {
  id: 'police-agent-names',
  label: {
    fr: 'après le départ de l’agent, puis nom et matricule remplacés par un pseudonyme ; les mouvements restent pour les effectifs',
    en: 'after the agent’s departure, then names and staff number replaced by a pseudonym; movements stay for headcount figures',
  },
  // 5 years, leap days included; a tenant may keep them longer, not shorter than promised.
  defaultDays: 1827,
  minDays: 1827,
  maxDays: 3653,
  async purge(tx, tenantId, before) {
    return pseudonymise(tx, tenantId, await departedBefore(tx, tenantId, before.toISOString().slice(0, 10)));
  },
};

/** The agents linked to the person's platform account (the only way a request names an agent: e-mail). */
const agentsOf = async (tx: Tx, who: DataSubject, tenantId: string) => {
  if (!who.email) return [];
  return tx
    .selectFrom('police_agents as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.staff_number', 'a.family_name', 'a.given_name', 'a.created_at'])
    .where('a.tenant_id', '=', tenantId)
    .where(sql<string>`lower(u.email)`, '=', who.email.toLowerCase())
    .execute();
};

/** Where the workforce part holds an agent's data: identity, movements, statutory file, trainings. */
export const agentRecordsSource: DataSubjectSource = {
  id: 'police-agents',
  label: { fr: 'Dossier d’agent de police municipale', en: 'Municipal police agent’s record' },
  async find(tx, who, tenantId) {
    const out: Record<string, unknown>[] = [];
    for (const agent of await agentsOf(tx, who, tenantId)) {
      const [movements, statutory, trainings] = await Promise.all([
        tx
          .selectFrom('police_movements')
          .select(['kind', 'effective_on', 'category', 'grade_code', 'fte_percent', 'status', 'note'])
          .where('agent_id', '=', agent.id)
          .orderBy('effective_on')
          .execute(),
        tx
          .selectFrom('police_statutory_items')
          .select(['kind', 'weapon', 'done_on', 'valid_until', 'days'])
          .where('agent_id', '=', agent.id)
          .orderBy('done_on')
          .execute(),
        tx
          .selectFrom('police_training_attendance as t')
          .innerJoin('police_training_sessions as s', 's.id', 't.session_id')
          .innerJoin('police_training_modules as m', 'm.id', 's.module_id')
          .select(['m.title', 's.starts_at', 't.status'])
          .where('t.agent_id', '=', agent.id)
          .orderBy('s.starts_at')
          .execute(),
      ]);
      out.push({ ...agent, movements, statutory, trainings });
    }
    return out;
  },
  // Only once the agent has left: while in post the record is a legal obligation of the employer.
  async erase(tx, who, tenantId) {
    const ids = (await agentsOf(tx, who, tenantId)).map((a) => a.id);
    if (ids.length === 0) return 0;
    return pseudonymise(tx, tenantId, await departedBefore(tx, tenantId, '9999-12-31', ids));
  },
  keptBecause: {
    fr: 'Le dossier de carrière d’un agent en poste (mouvements, agréments, assermentation, formations obligatoires, armement) est tenu par obligation légale (code de la sécurité intérieure, statut de la fonction publique territoriale) : il n’est pas effacé tant que l’agent fait partie des effectifs ; après son départ, le nom est remplacé par un pseudonyme à la demande, ou au plus tard 5 ans après.',
    en: 'An agent’s career record while in post (movements, approvals, swearing-in, mandatory trainings, weapons) is kept under a legal obligation (code de la sécurité intérieure, territorial civil service statute): it is not erased while the agent is in the workforce; after the departure the name is replaced by a pseudonym on request, or at the latest 5 years later.',
  },
};
