import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { IndexChanges } from './db/index-changes.js';
import { registerCoordination } from './modules/coordination/register.js';
import { registerMediation } from './modules/mediation/register.js';
import { registerNightStopLog } from './modules/night-stops/log-routes.js';
import { registerNightStops } from './modules/night-stops/register.js';
import { registerObservatory } from './modules/observatory/register.js';
import { registerPolice } from './modules/police/register.js';
import { registerPrevention } from './modules/prevention/register.js';
import { registerReports } from './modules/reports/register.js';
import { registerSafePlaces } from './modules/safe-places/register.js';
import { registerAccountPages } from './platform/accounts/account-pages.js';
import { registerLinkPages } from './platform/accounts/link-pages.js';
import { registerStaffHome } from './platform/accounts/staff-home-page.js';
import { registerTokenPages } from './platform/accounts/token-pages.js';
import { registerUserAdminPages } from './platform/accounts/user-admin-pages.js';
import { auditRoutes } from './platform/audit/audit-routes.js';
import type { AppDeps } from './platform/deps.js';
import { geocodingRoutes } from './platform/geocoding/geocoding-routes.js';
import { registerAuth } from './platform/http/auth.js';
import { registerDrain } from './platform/http/drain.js';
import { registerErrorHandling } from './platform/http/error-handler.js';
import { healthRoutes } from './platform/http/health-routes.js';
import { type DeclaredRoute, enforceRouteAccess } from './platform/http/route-access.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { registerSecurityTxt } from './platform/http/security-txt.js';
import { registerStaticRoutes } from './platform/http/static-routes.js';
import { registerMetrics } from './platform/metrics/metrics.js';
import { registerAccessibilityPage } from './platform/pages/accessibility-page.js';
import { registerDataRequestPages } from './platform/privacy/data-request-pages.js';
import { registerPrivacyRoutes } from './platform/privacy/privacy-routes.js';
import { registerSettingsPage } from './platform/settings/settings-page.js';
import { registerTenantPages } from './platform/tenants/tenant-pages.js';
import { tenantRoutes } from './platform/tenants/tenant-routes.js';
import { territoryRoutes } from './platform/territories/territory-routes.js';
import { registerTerritorySheet } from './platform/territories/territory-sheet.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared (public or a permission). */
    declaredRoutes: DeclaredRoute[];
    /** Keeps the in-memory indexes in step with other instances' writes (ADR 0008). */
    indexChanges: IndexChanges;
  }
}

/** Assembles the HTTP application from its dependencies. No I/O happens here but route registration. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    trustProxy: deps.config.trustProxy,
    ajv: {
      // Reject, never silently fix: unknown fields and wrong types are errors naming the field.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const declaredRoutes = enforceRouteAccess(app);
  app.decorate('declaredRoutes', declaredRoutes);
  registerErrorHandling(app);
  registerDrain(app);
  registerMetrics(app, deps);
  registerSecurityHeaders(app, deps.config.map.tileUrl);
  await app.register(formbody);
  // Forms with photos (a report): fields and files in the body; files held in memory within these limits.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 10 * 1024 * 1024, files: 3, fields: 60, parts: 70 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Quiétude API',
        version: '1',
        description: 'Public and partner API of Quiétude. Errors: { error: { code, message, details, requestId } }.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token made in the staff space (« Jetons d’API »)' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await registerAuth(app, deps);
  registerStaticRoutes(app);
  await app.register(healthRoutes(deps));
  await app.register(tenantRoutes(deps));
  await app.register(geocodingRoutes(deps));
  await app.register(territoryRoutes(deps));
  await app.register(auditRoutes(deps));
  registerTenantPages(app, deps);
  registerAccessibilityPage(app, deps);
  registerSecurityTxt(app, deps);
  registerAccountPages(app, deps);
  registerStaffHome(app, deps);
  registerLinkPages(app, deps);
  registerUserAdminPages(app, deps);
  registerTokenPages(app, deps);
  registerPrivacyRoutes(app, deps);
  registerSettingsPage(app, deps);
  registerDataRequestPages(app, deps);
  registerTerritorySheet(app, deps);
  followIndexChanges(app, deps);
  registerSafePlaces(app, deps);
  registerReports(app, deps);
  registerNightStops(app, deps);
  registerPolice(app, deps);
  registerPrevention(app, deps);
  registerCoordination(app, deps);
  registerNightStopLog(app, deps);
  registerMediation(app, deps);
  registerObservatory(app, deps);
  return app;
}

/**
 * Other instances' writes reach this one's in-memory indexes (ADR 0008). Its hooks are added before the
 * modules' own, so that the versions are read before the indexes load.
 */
function followIndexChanges(app: FastifyInstance, deps: AppDeps) {
  const changes = new IndexChanges(deps.database, app.log);
  app.decorate('indexChanges', changes);
  app.addHook('onReady', async () => {
    if (app.hasDecorator('safePlaces'))
      changes.follow('safe-places', { refresh: (t) => app.safePlaces.refresh(t), reloadAll: () => app.safePlaces.load() });
    if (app.hasDecorator('preventionOrders'))
      changes.follow('orders', {
        refresh: (t) => app.preventionOrders.refresh(t),
        reloadAll: () => app.preventionOrders.loadAll(),
      });
    await changes.start();
  });
  app.addHook('onClose', () => changes.close());
}
