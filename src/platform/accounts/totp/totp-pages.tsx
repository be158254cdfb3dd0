import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { AppDeps } from '../../deps.js';
import { AppError, type FieldProblem } from '../../errors.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../pages/forms.js';
import { Layout } from '../../pages/layout.js';
import { pageContext, sendPage } from '../../pages/render.js';
import { requireSignedIn, safeNext } from '../account-pages.js';
import { openSessionAndGo, PENDING_COOKIE, readPendingSignIn, setSessionCookie } from '../finish-sign-in.js';
import { createSession, endAllSessions } from '../sessions.js';
import { confirmTotp, pendingTotpSecret } from './enrol-totp.js';
import { ENROL_PATH, registerTotpRequirement } from './require-totp.js';
import { checkSecondFactor } from './second-factor.js';
import { totpFor } from './totp-secret.js';

const publicRoute = { config: { public: true }, schema: { hide: true } } as const;
const CODE_PATH = '/connexion/code';
type CodeBody = { code?: string; suite?: string };

const problemsOf = (error: unknown): FieldProblem[] => {
  if (error instanceof AppError && error.code === 'invalid_input') return error.details;
  throw error;
};

/** The second step of a sign-in, and enrolment on the account's own pages (the account page lists its state). */
export function registerTotpPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  registerTotpRequirement(app, deps);

  function codePage(
    request: FastifyRequest,
    reply: FastifyReply,
    message?: 'totp.wrong' | 'totp.locked' | 'totp.expired',
    status = 200,
  ) {
    const page = pageContext(request, CODE_PATH);
    const { t } = page;
    return sendPage(
      reply,
      <Layout page={page} title={t('totp.codeTitle')}>
        <h1>{t('totp.codeTitle')}</h1>
        {message ? (
          <p class="form-errors" role="alert">
            {t(message)}
          </p>
        ) : null}
        {message === 'totp.expired' ? (
          <p>
            <a href="/connexion">{t('oidc.retry')}</a>
          </p>
        ) : (
          <>
            <p>{t('totp.codeIntro')}</p>
            <PostForm action={CODE_PATH} csrf={request.csrf()}>
              <Field t={t} name="code" label={t('totp.code')} hint={t('totp.codeHint')} required autocomplete="one-time-code" />
              <button type="submit">{t('totp.verify')}</button>
            </PostForm>
          </>
        )}
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get(CODE_PATH, publicRoute, (request, reply) => {
    if (!readPendingSignIn(deps, request.cookies[PENDING_COOKIE])) return codePage(request, reply, 'totp.expired', 400);
    return codePage(request, reply);
  });

  app.post<{ Body: CodeBody }>(CODE_PATH, publicRoute, async (request, reply) => {
    const pending = readPendingSignIn(deps, request.cookies[PENDING_COOKIE]);
    if (!pending) return codePage(request, reply, 'totp.expired', 400);
    const check = await checkSecondFactor(db, deps.clock, pending.userId, request.body?.code ?? '');
    if (check === 'locked') return codePage(request, reply, 'totp.locked', 429);
    if (check === 'refused') return codePage(request, reply, 'totp.wrong', 401);
    reply.clearCookie(PENDING_COOKIE, { path: '/connexion' });
    return openSessionAndGo(deps, reply, pending.userId, safeNext(pending.next));
  });

  async function enrolPage(request: FastifyRequest, reply: FastifyReply, next: string, problems: FieldProblem[] = []) {
    const user = requireSignedIn(request);
    const page = pageContext(request, ENROL_PATH);
    const { t, lang } = page;
    let secret: string;
    try {
      secret = await pendingTotpSecret(db, deps.clock, user.id);
    } catch (error) {
      // Already enrolled: nothing to show here (the secret is never shown again).
      if (error instanceof AppError && error.code === 'conflict') return reply.redirect('/compte', 303);
      throw error;
    }
    const uri = totpFor(secret, deps.config.operator.name, user.email).toString();
    const qr = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return sendPage(
      reply,
      <Layout page={page} title={t('totp.enrolTitle')}>
        <h1>{t('totp.enrolTitle')}</h1>
        {next !== '/compte' ? (
          <p class="notice" role="status">
            {t('totp.required')}
          </p>
        ) : null}
        <FormErrors t={t} lang={lang} problems={problems} />
        <p>{t('totp.enrolIntro')}</p>
        <img
          class="totp-qr"
          src={`data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`}
          alt={t('totp.qrAlt')}
          width={220}
          height={220}
        />
        <p>{t('totp.manual')}</p>
        <p>
          <code class="totp-secret">{secret.match(/.{1,4}/g)?.join(' ')}</code>
        </p>
        <p class="hint">{t('totp.manualHint')}</p>
        <PostForm action={ENROL_PATH} csrf={request.csrf()}>
          <input type="hidden" name="suite" value={next} />
          <Field
            t={t}
            name="code"
            label={t('totp.code')}
            required
            autocomplete="one-time-code"
            problem={fieldProblem(problems, 'code', lang)}
          />
          <button type="submit">{t('totp.confirm')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status: problems.length ? 400 : 200 },
    );
  }

  app.get<{ Querystring: { suite?: string } }>(ENROL_PATH, publicRoute, (request, reply) =>
    enrolPage(request, reply, safeNext(request.query.suite, '/compte')),
  );

  app.post<{ Body: CodeBody }>(ENROL_PATH, publicRoute, async (request, reply) => {
    const user = requireSignedIn(request);
    const next = safeNext(request.body?.suite, '/compte');
    let codes: string[];
    try {
      codes = await confirmTotp(db, deps.clock, user.id, request.body?.code ?? '');
    } catch (error) {
      return enrolPage(request, reply, next, problemsOf(error));
    }
    // Sessions opened elsewhere without a code end; this browser gets a fresh one.
    await endAllSessions(db, user.id);
    setSessionCookie(deps, reply, await createSession(db, deps.clock, user.id));
    // Shown once, in answer to the post: a reload does not show them again.
    const page = pageContext(request, ENROL_PATH);
    const { t } = page;
    return sendPage(
      reply,
      <Layout page={page} title={t('totp.enabledTitle')}>
        <h1>{t('totp.enabledTitle')}</h1>
        <p>{t('totp.recoveryIntro')}</p>
        <ul class="recovery-codes">
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href={next}>
            {t('totp.continue')}
          </a>
        </p>
      </Layout>,
      { sensitive: true },
    );
  });
}
