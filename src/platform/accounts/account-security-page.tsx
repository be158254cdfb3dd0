import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { requireSignedIn } from './account-pages.js';
import { disableTotp } from './totp/disable-totp.js';
import { ENROL_PATH } from './totp/require-totp.js';
import { hasSecondFactor } from './totp/second-factor.js';

const publicRoute = { config: { public: true }, schema: { hide: true } } as const;
const DISABLE_PATH = `${ENROL_PATH}/desactiver`;

/** « Mon compte »: the signed-in person's own account, its second factor and its linked identities. */
export function registerAccountSecurityPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function accountPage(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = [], notice?: string) {
    const user = requireSignedIn(request);
    const page = pageContext(request, '/compte');
    const { t, lang } = page;
    const enrolled = await hasSecondFactor(db, user.id);
    const identities = await db
      .selectFrom('user_identities')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    return sendPage(
      reply,
      <Layout page={page} title={t('account.title')}>
        <h1>{t('account.title')}</h1>
        <StatusNotice text={notice} />
        <FormErrors t={t} lang={lang} problems={problems} />
        <p>{t('account.email', { email: user.email })}</p>
        {deps.config.oidc ? <p>{t('account.identities', { count: Number(identities.count) })}</p> : null}
        <h2>{t('totp.enrolTitle')}</h2>
        {enrolled ? (
          <>
            <p>{t('account.totpOn')}</p>
            <PostForm action={DISABLE_PATH} csrf={request.csrf()}>
              <Field
                t={t}
                name="code"
                label={t('totp.code')}
                hint={t('totp.disableHint')}
                required
                autocomplete="one-time-code"
                problem={fieldProblem(problems, 'code', lang)}
              />
              <button type="submit" class="secondary">
                {t('totp.disable')}
              </button>
            </PostForm>
          </>
        ) : (
          <>
            <p>{t('account.totpOff')}</p>
            <p>
              <a class="button" href={ENROL_PATH}>
                {t('account.totpStart')}
              </a>
            </p>
          </>
        )}
        <p>
          <a href="/espace">{t('account.back')}</a>
        </p>
      </Layout>,
      { sensitive: true, status: problems.length ? 400 : 200 },
    );
  }

  app.get<{ Querystring: { fait?: string } }>('/compte', publicRoute, (request, reply) =>
    accountPage(request, reply, [], request.query.fait === 'desactivee' ? pageContext(request).t('totp.disabled') : undefined),
  );

  app.post<{ Body: { code?: string } }>(DISABLE_PATH, publicRoute, async (request, reply) => {
    const user = requireSignedIn(request);
    try {
      await disableTotp(db, deps.clock, user.id, request.body?.code ?? '');
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return accountPage(request, reply, error.details);
      throw error;
    }
    return reply.redirect('/compte?fait=desactivee', 303);
  });
}
