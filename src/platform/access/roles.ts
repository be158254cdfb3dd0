/** The roles a user may hold in a tenant (issue 3). Modules grant them permissions. */
export const roles = [
  'admin',
  'coordinator',
  'police_manager',
  'police_supervisor',
  'police_agent',
  'mediation_manager',
  'mediator',
  'funding_member',
  'partner_organisation',
  'partner_venue',
  'transport_authority',
  'transit_operator',
  'educator',
  'analyst',
] as const;

export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

export const roleLabels: Record<Role, { fr: string; en: string }> = {
  admin: { fr: 'Administrateur·rice', en: 'Administrator' },
  coordinator: { fr: 'Coordinateur·rice CLSPD', en: 'CLSPD coordinator' },
  police_manager: { fr: 'Chef·fe de police municipale', en: 'Municipal police manager' },
  police_supervisor: { fr: 'Encadrant·e de police municipale', en: 'Municipal police supervisor' },
  police_agent: { fr: 'Agent·e de police municipale', en: 'Municipal police agent' },
  mediation_manager: { fr: 'Responsable de médiation', en: 'Mediation manager' },
  mediator: { fr: 'Médiateur·rice', en: 'Mediator' },
  funding_member: { fr: 'Membre financeur', en: 'Funding member' },
  partner_organisation: { fr: 'Organisation partenaire', en: 'Partner organisation' },
  partner_venue: { fr: 'Lieu partenaire', en: 'Partner venue' },
  transport_authority: { fr: 'Autorité organisatrice des mobilités', en: 'Transport authority' },
  transit_operator: { fr: 'Exploitant de transport', en: 'Transit operator' },
  educator: { fr: 'Intervenant·e éducatif', en: 'Educator' },
  analyst: { fr: 'Analyste (agrégats seulement)', en: 'Analyst (aggregates only)' },
};
