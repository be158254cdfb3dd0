import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { localHref } from '../i18n/i18n.js';
import { Field, PostForm } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { registerAccountSecurityPage } from './account-security-page.js';
import { afterFirstFactor } from './finish-sign-in.js';
import { registerOidcRoutes } from './oidc/oidc-routes.js';
import { endSession, SESSION_COOKIE } from './sessions.js';
import { checkPassword } from './sign-in.js';
import { registerTotpPages } from './totp/totp-pages.js';

/** Only a path of this site: never another origin, whatever the query says. */
export function safeNext(next: unknown, fallback = '/espace'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}

export function requireSignedIn(request: FastifyRequest) {
  if (!request.sessionUser) throw new AppError('unauthenticated', 'Sign-in required');
  return request.sessionUser;
}

function SignInPage(props: { request: FastifyRequest; next: string; oidcLabel?: string; email?: string; failed?: boolean }) {
  const page = pageContext(props.request, `/connexion?suite=${encodeURIComponent(props.next)}`);
  const { t } = page;
  return (
    <Layout page={page} title={t('signin.title')}>
      <h1>{t('signin.title')}</h1>
      <p>{t('signin.intro')}</p>
      {props.failed ? (
        <p class="form-errors" role="alert">
          {t('signin.failed')}
        </p>
      ) : null}
      {props.oidcLabel ? (
        <>
          <p>
            <a class="button" href={`/connexion/oidc?suite=${encodeURIComponent(props.next)}`}>
              {t('oidc.signIn', { label: props.oidcLabel })}
            </a>
          </p>
          <p>{t('oidc.or')}</p>
        </>
      ) : null}
      <PostForm action="/connexion" csrf={props.request.csrf()}>
        <input type="hidden" name="suite" value={props.next} />
        <Field t={t} name="email" type="email" label={t('signin.email')} value={props.email} required autocomplete="username" />
        <Field t={t} name="password" type="password" label={t('signin.password')} required autocomplete="current-password" />
        <button type="submit">{t('signin.submit')}</button>
      </PostForm>
    </Layout>
  );
}

export function registerAccountPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const oidcLabel = deps.config.oidc?.label;
  registerOidcRoutes(app, deps);
  registerTotpPages(app, deps);
  registerAccountSecurityPage(app, deps);

  app.get('/login', { config: { public: true }, schema: { hide: true } }, (_request, reply) => reply.redirect('/connexion', 301));

  app.get<{ Querystring: { suite?: string } }>(
    '/connexion',
    { config: { public: true }, schema: { hide: true } },
    (request, reply) =>
      sendPage(reply, <SignInPage request={request} next={safeNext(request.query.suite)} oidcLabel={oidcLabel} />, {
        sensitive: true,
      }),
  );

  app.post<{ Body: { email?: string; password?: string; suite?: string } }>(
    '/connexion',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { email = '', password = '' } = request.body ?? {};
      const next = safeNext(request.body?.suite);
      try {
        const userId = await checkPassword(db, deps.clock, email, password);
        return await afterFirstFactor(deps, reply, userId, next);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'unauthenticated') throw error;
        return sendPage(reply, <SignInPage request={request} next={next} oidcLabel={oidcLabel} email={email} failed />, {
          sensitive: true,
          status: 401,
        });
      }
    },
  );

  app.post('/deconnexion', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(db, token);
    if (request.sessionUser) {
      await db
        .insertInto('security_events')
        .values({ at: deps.clock.now(), user_id: request.sessionUser.id, kind: 'logout' })
        .execute();
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/connexion', 303);
  });

  // After sign-in: the tenants where the user holds a role (their own memberships, across tenants).
  app.get('/espace', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const user = requireSignedIn(request);
    const page = pageContext(request);
    const { t, lang } = page;
    const tenants = await withTenant(
      db,
      null,
      (tx) =>
        tx
          .selectFrom('memberships as m')
          .innerJoin('tenants as t', 't.id', 'm.tenant_id')
          .select(['t.slug', 't.name'])
          .where('m.user_id', '=', user.id)
          .distinct()
          .orderBy('t.name')
          .execute(),
      { userId: user.id },
    );
    if (tenants.length === 1 && tenants[0]) return reply.redirect(localHref(`/t/${tenants[0].slug}/espace/`, lang), 303);
    return sendPage(
      reply,
      <Layout page={page} title={t('staff.choose')}>
        <h1>{t('staff.choose')}</h1>
        {tenants.length === 0 ? <p>{t('staff.none')}</p> : null}
        <ul class="cards">
          {tenants.map((tenant) => (
            <li>
              <a href={localHref(`/t/${tenant.slug}/espace/`, lang)}>{tenant.name}</a>
            </li>
          ))}
        </ul>
        <p>
          <a href={localHref('/compte', lang)}>{t('account.link')}</a>
        </p>
        <PostForm action="/deconnexion" csrf={request.csrf()}>
          <button type="submit" class="secondary">
            {t('signout.submit')}
          </button>
        </PostForm>
      </Layout>,
      { sensitive: true },
    );
  });
}
