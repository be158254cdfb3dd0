import type { PermissionGrants } from './access/permissions.js';
import type { ModuleDefinition } from './modules/module-definition.js';

/** What every staff role may do on the platform: open the staff space, read territory sheets. */
const staff = ['platform.staff-home', 'platform.territories-read'] as const;

/** Who may use the platform's own tools. */
const platformAccess = {
  permissions: [
    'platform.staff-home',
    'platform.territories-read',
    'platform.users-manage',
    'platform.settings-manage',
    'platform.tokens-manage',
    'platform.audit-read',
    'platform.privacy-register',
    'platform.data-requests',
    'platform.territories-manage',
  ],
  grants: {
    admin: [
      ...staff,
      'platform.users-manage',
      'platform.settings-manage',
      'platform.tokens-manage',
      'platform.audit-read',
      'platform.privacy-register',
      'platform.data-requests',
      'platform.territories-manage',
    ],
    coordinator: [...staff, 'platform.audit-read', 'platform.privacy-register', 'platform.territories-manage'],
    police_manager: [...staff],
    police_supervisor: [...staff],
    police_agent: [...staff],
    mediation_manager: [...staff],
    mediator: [...staff],
    funding_member: [...staff],
    partner_organisation: [...staff],
    partner_venue: [...staff],
    transport_authority: [...staff],
    transit_operator: [...staff],
    educator: [...staff],
    analyst: [...staff],
  },
} as const satisfies PermissionGrants;

/** The platform's own processing: staff accounts and their traces. */
export const platformModule: ModuleDefinition = {
  id: 'platform',
  access: platformAccess,
  processing: [
    {
      id: 'staff-accounts',
      purpose: {
        fr: 'Gérer les accès des agents et partenaires aux outils de sécurité et de prévention',
        en: 'Manage staff and partner access to the safety and prevention tools',
      },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [
        { fr: 'Identité (nom affiché, adresse électronique)', en: 'Identity (display name, e-mail address)' },
        { fr: 'Rôles et périmètres', en: 'Roles and scopes' },
        { fr: 'Journaux de connexion', en: 'Sign-in logs' },
        {
          fr: 'Identité auprès du fournisseur de connexion (émetteur, identifiant) et second facteur (clé TOTP, codes de secours hachés)',
          en: 'Identity at the sign-in provider (issuer, subject) and second factor (TOTP key, hashed recovery codes)',
        },
      ],
      dataSubjects: [{ fr: 'Agents de la collectivité et des partenaires', en: 'Staff of the local authority and its partners' }],
      recipients: [{ fr: 'Administrateurs de la collectivité', en: 'Administrators of the local authority' }],
      retention: {
        text: {
          fr: 'Tant que la personne a un rôle ; journaux de connexion 1 an',
          en: 'While the person holds a role; sign-in logs 1 year',
        },
      },
      sensitive: false,
    },
    {
      id: 'invitations',
      purpose: { fr: 'Inviter de nouveaux agents et partenaires', en: 'Invite new staff and partners' },
      legalBasis: { fr: 'Mission d’intérêt public (RGPD art. 6-1-e)', en: 'Public task (GDPR art. 6(1)(e))' },
      dataCategories: [{ fr: 'Adresse électronique, rôle proposé', en: 'E-mail address, offered role' }],
      dataSubjects: [{ fr: 'Personnes invitées', en: 'Invited people' }],
      recipients: [{ fr: 'Administrateurs de la collectivité', en: 'Administrators of the local authority' }],
      retention: { rule: 'invitations' },
      sensitive: false,
    },
    {
      id: 'audit-trail',
      purpose: {
        fr: 'Tracer qui a modifié ou consulté des données sensibles (sans leurs valeurs)',
        en: 'Trace who changed or read sensitive data (without its values)',
      },
      legalBasis: { fr: 'Obligation de sécurité (RGPD art. 32)', en: 'Security obligation (GDPR art. 32)' },
      dataCategories: [{ fr: 'Auteur, action, objet, date, noms des champs', en: 'Actor, action, object, time, field names' }],
      dataSubjects: [{ fr: 'Agents et partenaires', en: 'Staff and partners' }],
      recipients: [
        {
          fr: 'Administrateurs, coordinateur, délégué à la protection des données',
          en: 'Administrators, coordinator, data protection officer',
        },
      ],
      retention: {
        text: { fr: 'Durée du mandat de la collectivité (à fixer par le DPO)', en: 'Set by the data protection officer' },
      },
      sensitive: false,
    },
  ],
  retention: [
    {
      id: 'invitations',
      label: { fr: 'Invitations acceptées ou expirées', en: 'Accepted or expired invitations' },
      defaultDays: 30,
      minDays: 1,
      maxDays: 365,
      async purge(tx, tenantId, before) {
        const result = await tx
          .deleteFrom('invitations')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or([eb('accepted_at', '<', before), eb('expires_at', '<', before)]))
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ],
  dataSubjects: [
    {
      id: 'staff-account',
      label: { fr: 'Compte d’agent et rôles', en: 'Staff account and roles' },
      async find(tx, who, tenantId) {
        if (!who.email) return [];
        const rows = await tx
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.email', 'u.display_name', 'u.created_at', 'u.last_login_at', 'm.role', 'm.territory_id'])
          .where('u.email', '=', who.email)
          .where('m.tenant_id', '=', tenantId)
          .execute();
        const userId = rows[0]?.id;
        if (!userId) return [];
        // What the account holds besides its roles: linked sign-in identities and whether a second factor
        // is set (never the key itself).
        const identities = await tx
          .selectFrom('user_identities')
          .select(['issuer', 'subject', 'created_at', 'last_used_at'])
          .where('user_id', '=', userId)
          .execute();
        const totp = await tx.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
        return [
          ...rows.map(({ id: _id, ...r }) => ({ ...r })),
          ...identities.map((i) => ({ ...i })),
          ...(totp ? [{ second_factor_confirmed_at: totp.confirmed_at }] : []),
        ];
      },
      // Roles here are removed and sessions ended; the account itself may hold roles elsewhere.
      async erase(tx, who, tenantId) {
        if (!who.email) return 0;
        const user = await tx.selectFrom('users').select('id').where('email', '=', who.email).executeTakeFirst();
        if (!user) return 0;
        const removed = await tx
          .deleteFrom('memberships')
          .where('user_id', '=', user.id)
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        return Number(removed.numDeletedRows);
      },
    },
    {
      id: 'invitations',
      label: { fr: 'Invitations', en: 'Invitations' },
      async find(tx, who) {
        if (!who.email) return [];
        const rows = await tx
          .selectFrom('invitations')
          .select(['email', 'role', 'created_at', 'expires_at', 'accepted_at'])
          .where('email', '=', who.email)
          .execute();
        return rows.map((r) => ({ ...r }));
      },
      async erase(tx, who) {
        if (!who.email) return 0;
        const result = await tx.deleteFrom('invitations').where('email', '=', who.email).executeTakeFirst();
        return Number(result.numDeletedRows);
      },
    },
  ],
};
