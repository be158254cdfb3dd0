import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../access/actor.js';
import { knownPermissions } from '../access/permissions.js';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { requestContext } from '../http/request-context.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { createApiToken, revokeApiToken } from './api-tokens.js';

const manage = { config: { permission: 'platform.tokens-manage' }, schema: { hide: true } } as const;

export function registerTokenPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const ctxOf = (request: FastifyRequest) => requestContext(deps, request);

  async function tokensPage(
    request: FastifyRequest,
    reply: FastifyReply,
    created?: string,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, `/t/${tenant.slug}/espace/jetons`);
    const { t, lang } = page;
    const tokens = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom('api_tokens')
        .select(['id', 'name', 'permissions', 'created_at', 'last_used_at', 'revoked_at'])
        .orderBy('created_at', 'desc')
        .execute(),
    );
    const grantable = [...knownPermissions()].filter((p) => can(request.actor, p)).sort();
    const csrf = request.csrf();
    const when = (d: Date | null) =>
      d ? new Date(d).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tenant.time_zone }) : t('tokens.never');
    return sendPage(
      reply,
      <Layout page={page} title={t('tokens.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('tokens.title')}</h1>
        <p>{t('tokens.intro')}</p>
        {created ? (
          <div class="notice" role="status">
            <p>{t('tokens.created')}</p>
            <p>
              <code>{created}</code>
            </p>
          </div>
        ) : null}
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={`/t/${tenant.slug}/espace/jetons`} csrf={csrf}>
          <Field t={t} name="name" label={t('tokens.name')} required problem={fieldProblem(problems, 'name', lang)} />
          <fieldset>
            <legend>{t('tokens.permissions')}</legend>
            {grantable.map((permission) => (
              <div>
                <input type="checkbox" id={`perm-${permission}`} name="permissions" value={permission} />{' '}
                <label for={`perm-${permission}`}>{permission}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('tokens.create')}</button>
        </PostForm>
        <h2>{t('tokens.list')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.permissions')}</th>
              <th scope="col">{t('tokens.lastUsed')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('tokens.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr>
                <td>{token.name}</td>
                <td>{token.permissions.join(', ')}</td>
                <td>{when(token.last_used_at)}</td>
                <td>
                  {token.revoked_at ? (
                    t('tokens.revoked')
                  ) : (
                    <PostForm
                      action={`/t/${tenant.slug}/espace/jetons/${token.id}/revoquer`}
                      csrf={csrf}
                      label={`${t('tokens.revoke')} ${token.name}`}
                    >
                      <button type="submit" class="danger">
                        {t('tokens.revoke')}
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get<{ Params: { slug: string } }>('/t/:slug/espace/jetons', manage, (request, reply) => tokensPage(request, reply));

  app.post<{ Params: { slug: string }; Body: { name?: string; permissions?: string | string[] } }>(
    '/t/:slug/espace/jetons',
    manage,
    async (request, reply) => {
      const permissions = [request.body?.permissions ?? []].flat();
      try {
        const { token } = await createApiToken(ctxOf(request), { name: request.body?.name ?? '', permissions });
        return tokensPage(request, reply, token);
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input')
          return tokensPage(request, reply, undefined, error.details, 400);
        throw error;
      }
    },
  );

  app.post<{ Params: { slug: string; id: string } }>('/t/:slug/espace/jetons/:id/revoquer', manage, async (request, reply) => {
    await revokeApiToken(ctxOf(request), request.params.id);
    return tokensPage(request, reply);
  });
}
