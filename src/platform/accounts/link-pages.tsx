import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicActor } from '../access/actor.js';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../pages/forms.js';
import { Layout, type PageContext } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { requireTenant } from '../tenants/tenant-queries.js';
import { acceptInvitation } from './invitations.js';
import { findPasswordLink, setPasswordWithLink } from './password-links.js';
import { createSession, SESSION_COOKIE } from './sessions.js';

/** The new-password field of the password and invitation forms. */
function NewPasswordField({ page, problems }: { page: PageContext; problems: FieldProblem[] }) {
  return (
    <Field
      t={page.t}
      name="password"
      type="password"
      label={page.t('password.new')}
      hint={page.t('password.hint')}
      required
      autocomplete="new-password"
      problem={fieldProblem(problems, 'password', page.lang)}
    />
  );
}

type Query = { jeton?: string; t?: string };
type Body = { jeton?: string; t?: string; password?: string; displayName?: string };

const problemsOf = (error: unknown): FieldProblem[] | undefined =>
  error instanceof AppError && error.code === 'invalid_input' ? error.details : undefined;

/** The pages reached from links in mails: choosing a password, accepting an invitation. */
export function registerLinkPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  function passwordPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const page = pageContext(request);
    const { t, lang } = page;
    return sendPage(
      reply,
      <Layout page={page} title={t('password.title')}>
        <h1>{t('password.title')}</h1>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action="/mot-de-passe" csrf={request.csrf()}>
          <input type="hidden" name="jeton" value={token} />
          <NewPasswordField page={page} problems={problems} />
          <button type="submit">{t('password.submit')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status },
    );
  }

  function messagePage(request: FastifyRequest, reply: FastifyReply, title: string, message: string, status = 200) {
    const page = pageContext(request);
    return sendPage(
      reply,
      <Layout page={page} title={title}>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/connexion">{page.t('signin.title')}</a>
        </p>
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get<{ Querystring: Query }>(
    '/mot-de-passe',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { t } = pageContext(request);
      const token = request.query.jeton ?? '';
      if (!(await findPasswordLink(db, deps.clock, token)))
        return messagePage(request, reply, t('password.title'), t('password.expired'), 404);
      return passwordPage(request, reply, token);
    },
  );

  app.post<{ Body: Body }>('/mot-de-passe', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { t } = pageContext(request);
    const token = request.body?.jeton ?? '';
    try {
      await setPasswordWithLink(db, deps.clock, token, request.body?.password ?? '');
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) return passwordPage(request, reply, token, problems, 400);
      if (error instanceof AppError && error.code === 'not_found')
        return messagePage(request, reply, t('password.title'), t('password.expired'), 404);
      throw error;
    }
    return messagePage(request, reply, t('password.title'), t('password.done'));
  });

  async function invitationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    query: Query,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const tenant = await requireTenant(db, query.t ?? '');
    const page = pageContext(
      request,
      `/invitation?t=${encodeURIComponent(tenant.slug)}&jeton=${encodeURIComponent(query.jeton ?? '')}`,
    );
    const { t, lang } = page;
    return sendPage(
      reply,
      <Layout page={page} title={t('invitation.title', { name: tenant.name })}>
        <h1>{t('invitation.title', { name: tenant.name })}</h1>
        <p>{t('invitation.intro')}</p>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action="/invitation" csrf={request.csrf()}>
          <input type="hidden" name="t" value={tenant.slug} />
          <input type="hidden" name="jeton" value={query.jeton ?? ''} />
          <Field
            t={t}
            name="displayName"
            label={t('invitation.name')}
            required
            autocomplete="name"
            problem={fieldProblem(problems, 'displayName', lang)}
          />
          <NewPasswordField page={page} problems={problems} />
          <p class="hint">{t('invitation.privacy')}</p>
          <button type="submit">{t('invitation.accept')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get<{ Querystring: Query }>('/invitation', { config: { public: true }, schema: { hide: true } }, (request, reply) =>
    invitationPage(request, reply, request.query),
  );

  app.post<{ Body: Body }>('/invitation', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const tenant = await requireTenant(db, body.t ?? '');
    const { t } = pageContext(request);
    try {
      const accepted = await acceptInvitation(
        { db, clock: deps.clock, actor: publicActor, tenant },
        {
          token: body.jeton ?? '',
          displayName: body.displayName ?? '',
          password: body.password ?? '',
          signedInUserId: request.sessionUser?.id,
        },
      );
      if (!request.sessionUser) {
        const session = await createSession(db, deps.clock, accepted.userId);
        reply.setCookie(SESSION_COOKIE, session, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.secureCookies,
        });
      }
      return reply.redirect(`/t/${tenant.slug}/espace/`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) return invitationPage(request, reply, { t: body.t, jeton: body.jeton }, problems, 400);
      if (error instanceof AppError && error.code === 'unauthenticated') {
        return messagePage(request, reply, t('invitation.title', { name: tenant.name }), t('invitation.existing'), 409);
      }
      if (error instanceof AppError && error.code === 'not_found') {
        return messagePage(request, reply, t('invitation.title', { name: tenant.name }), t('password.expired'), 404);
      }
      throw error;
    }
  });
}
