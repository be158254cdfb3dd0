import type { FastifyInstance } from 'fastify';
import { can } from '../access/actor.js';
import { userActor } from '../access/load-actor.js';
import type { Permission } from '../access/permissions.js';
import { isRole, roleLabels } from '../access/roles.js';
import type { AppDeps } from '../deps.js';
import { localHref } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { PostForm } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';

/** A module's tools show only where the tenant runs the module. */
const moduleRuns = (programmes: string[], permission: string) => {
  const module = permission.split('.')[0] ?? '';
  return module === 'platform' || programmes.includes(module);
};

/** The staff tools of the platform, each shown only to those who may use it. */
const tools: { path: string; label: MessageKey; permission: Permission; programmes?: string[] }[] = [
  { path: 'utilisateurs', label: 'staff.users', permission: 'platform.users-manage' },
  { path: 'parametres', label: 'staff.settings', permission: 'platform.settings-manage' },
  { path: 'jetons', label: 'staff.tokens', permission: 'platform.tokens-manage' },
  { path: 'confidentialite', label: 'staff.privacy', permission: 'platform.privacy-register' },
  { path: 'droits', label: 'staff.dsr', permission: 'platform.data-requests' },
  { path: 'lieux', label: 'staff.places', permission: 'safe-places.manage' },
  { path: 'mon-lieu', label: 'venue.title', permission: 'safe-places.own-place' },
  { path: 'signalements', label: 'staff.reports', permission: 'reports.manage' },
  { path: 'signalements', label: 'staff.reports', permission: 'reports.handle' },
  { path: 'signalements/nouveau', label: 'reports.new', permission: 'reports.intake' },
  { path: 'descente/gtfs', label: 'staff.nightFeed', permission: 'night-stops.manage' },
  { path: 'descente/regles', label: 'nightRules.title', permission: 'night-stops.manage' },
  { path: 'descente/journal', label: 'staff.nightLog', permission: 'night-stops.log' },
  { path: 'descente/statistiques', label: 'staff.nightStats', permission: 'night-stops.log' },
  { path: 'police', label: 'police.dashboard', permission: 'police.figures' },
  { path: 'police/formations/conformite', label: 'police.compliance', permission: 'police.trainings' },
  { path: 'prevention', label: 'sessions.staffLink', permission: 'prevention.sessions' },
  { path: 'prevention/calendrier', label: 'sessions.calendarLink', permission: 'prevention.sessions' },
  { path: 'prevention/engagements', label: 'commitments.staffTitle', permission: 'prevention.manage' },
  { path: 'coordination/conseil', label: 'council.staffLink', permission: 'coordination.view' },
  { path: 'coordination/strategie', label: 'council.strategy', permission: 'coordination.view' },
  { path: 'coordination/taches', label: 'council.tasks', permission: 'coordination.view' },
  { path: 'coordination/financements', label: 'council.funding', permission: 'coordination.manage' },
  { path: 'coordination/groupes', label: 'groups.staffLink', permission: 'coordination.groups' },
  { path: 'observatoire', label: 'obs.staffLink', permission: 'observatory.view' },
  { path: 'observatoire/import', label: 'ssmsi.title', permission: 'observatory.import' },
  { path: 'arretes', label: 'orders.staffTitle', permission: 'prevention.orders' },
  { path: 'collectes', label: 'orders.collections', permission: 'prevention.collections' },
  { path: 'main-courante', label: 'mc.staffLink', permission: 'police.log' },
  { path: 'main-courante/statistiques', label: 'mc.staffStats', permission: 'police.figures' },
  // Reports passed on by other tenants reach mediation tenants too (the GIP does not take reports itself).
  { path: 'signalements-recus', label: 'referrals.title', permission: 'reports.manage', programmes: ['mediation'] },
  { path: 'signalements-recus', label: 'referrals.title', permission: 'reports.handle', programmes: ['mediation'] },
  { path: 'mediation/terrain', label: 'mediation.field.link', permission: 'mediation.field' },
  { path: 'mediation/situations', label: 'mediation.situations.link', permission: 'mediation.field' },
  { path: 'mediation/partenaires', label: 'mediation.directory.link', permission: 'mediation.field' },
  { path: 'mediation/mineur-en-danger', label: 'mediation.minor.link', permission: 'mediation.field' },
  { path: 'mediation/rapport', label: 'mediation.report.link', permission: 'mediation.manage' },
  { path: 'mediation/rapport', label: 'mediation.report.link', permission: 'mediation.funder' },
];

export function registerStaffHome(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/espace/',
    { config: { permission: 'platform.staff-home' }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = request.tenant!;
      const user = request.sessionUser!;
      const page = pageContext(request);
      const { t, lang } = page;
      const { roles } = await userActor(deps.database.db, tenant, user);
      const roleNames = [...new Set(roles)].filter(isRole).map((r) => roleLabels[r][lang]);
      return sendPage(
        reply,
        <Layout page={page} title={t('staff.home', { name: tenant.name })} homeHref={`/t/${tenant.slug}/espace/`}>
          <h1>{t('staff.home', { name: tenant.name })}</h1>
          <div class="user-bar">
            <p>
              {t('staff.hello', { name: user.displayName })} {t('staff.yourRoles', { roles: roleNames.join(', ') })}{' '}
              <a href={localHref('/compte', lang)}>{t('account.link')}</a>
            </p>
            <PostForm action="/deconnexion" csrf={request.csrf()}>
              <button type="submit" class="secondary">
                {t('signout.submit')}
              </button>
            </PostForm>
          </div>
          <h2>{t('staff.tools')}</h2>
          <ul class="cards">
            {tools
              .filter(
                (tool) =>
                  can(request.actor, tool.permission) &&
                  (tool.programmes
                    ? tool.programmes.some((p) => tenant.programmes.includes(p as never))
                    : moduleRuns(tenant.programmes, tool.permission)),
              )
              .filter((tool, i, shown) => shown.findIndex((other) => other.path === tool.path) === i)
              .map((tool) => (
                <li>
                  <a href={localHref(`/t/${tenant.slug}/espace/${tool.path}`, lang)}>{t(tool.label)}</a>
                </li>
              ))}
          </ul>
          <h2>{t('staff.programmes')}</h2>
          <ul class="cards">
            {tenant.programmes.map((id) => (
              <li>{t(`programme.${id}` as MessageKey)}</li>
            ))}
          </ul>
        </Layout>,
        { sensitive: true },
      );
    },
  );
}
