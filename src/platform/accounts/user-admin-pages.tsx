import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { roleLabels, roles } from '../access/roles.js';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { requestContext } from '../http/request-context.js';
import { localHref } from '../i18n/i18n.js';
import { invitationMail, passwordLinkMail } from '../mail/templates.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { inviteMember } from './invitations.js';
import { assignRole, deactivateMember, removeRole } from './member-operations.js';
import { issuePasswordLink } from './password-links.js';
import { listMembers } from './user-queries.js';

type Params = { slug: string; id: string };
type Notice = { text: string; link?: string };

const manage = { config: { permission: 'platform.users-manage' }, schema: { hide: true } } as const;

export function registerUserAdminPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const ctxOf = (request: FastifyRequest) => requestContext(deps, request);
  /** Without mail, a link can only be handed over by the admin: allowed outside production only. */
  const handOver = (text: string, link: string): Notice => {
    if (deps.config.env === 'production')
      throw new AppError('unavailable', 'Mail is not configured (SMTP_URL): no link can be sent.');
    return { text, link };
  };
  const base = (request: FastifyRequest) => `/t/${request.tenant!.slug}/espace/utilisateurs`;

  async function usersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice?: Notice,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, `/t/${tenant.slug}/espace/utilisateurs`);
    const { t, lang } = page;
    const [members, territories] = await withTenant(db, tenant.id, (tx) =>
      Promise.all([listMembers(tx), tx.selectFrom('territories').select(['id', 'name', 'kind']).orderBy('name').execute()]),
    );
    const byUser = new Map<string, typeof members>();
    for (const m of members) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
    const csrf = request.csrf();
    const roleOptions = roles.map((r) => <option value={r}>{roleLabels[r][lang]}</option>);
    return sendPage(
      reply,
      <Layout page={page} title={t('users.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('users.title')}</h1>
        {notice ? (
          <div class="notice" role="status">
            <p>{notice.text}</p>
            {notice.link ? (
              <p>
                <code>{notice.link}</code>
              </p>
            ) : null}
          </div>
        ) : null}
        <h2>{t('users.invite')}</h2>
        <p class="hint">{t('users.inviteHint')}</p>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={localHref(`${base(request)}/inviter`, lang)} csrf={csrf}>
          <Field
            t={t}
            name="email"
            type="email"
            label={t('users.email')}
            required
            problem={fieldProblem(problems, 'email', lang)}
          />
          <div class="field">
            <label for="field-role">{t('users.role')}</label>
            <select id="field-role" name="role">
              {roleOptions}
            </select>
          </div>
          <div class="field">
            <label for="field-territory">{t('users.territory')}</label>
            <select id="field-territory" name="territoryId">
              <option value="">{t('users.territoryAll')}</option>
              {territories.map((te) => (
                <option value={te.id}>{te.name}</option>
              ))}
            </select>
          </div>
          <button type="submit">{t('users.send')}</button>
        </PostForm>
        <h2 id="members-title">{t('users.members')}</h2>
        {/* The table scrolls within its own region on a narrow screen instead of widening the page. */}
        <section class="table-scroll" aria-labelledby="members-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...byUser.entries()].map(([userId, held]) => {
                const who = held[0]?.display_name ?? '';
                /** Visually hidden words that tell a screen reader whose row a control acts on. */
                const forWhom = (extra = '') => <span class="visually-hidden">{` — ${who}${extra}`}</span>;
                return (
                  <tr>
                    <td>
                      {held[0]?.display_name}
                      <br />
                      <small>{held[0]?.email}</small>
                    </td>
                    <td>
                      <ul>
                        {held.map((m) => (
                          <li>
                            {roleLabels[m.role as keyof typeof roleLabels]?.[lang] ?? m.role}
                            {m.territoryName ? ` — ${m.territoryName}` : ''}{' '}
                            <PostForm action={`${base(request)}/roles/${m.membershipId}/retirer`} csrf={csrf}>
                              <button type="submit" class="secondary">
                                {t('users.remove')}
                                {forWhom(`, ${roleLabels[m.role as keyof typeof roleLabels]?.[lang] ?? m.role}`)}
                              </button>
                            </PostForm>
                          </li>
                        ))}
                      </ul>
                      <PostForm action={`${base(request)}/${userId}/roles`} csrf={csrf}>
                        <label for={`role-${userId}`}>
                          {t('users.role')}
                          {forWhom()}
                        </label>{' '}
                        <select id={`role-${userId}`} name="role">
                          {roleOptions}
                        </select>{' '}
                        <button type="submit" class="secondary">
                          {t('users.add')}
                          {forWhom()}
                        </button>
                      </PostForm>
                    </td>
                    <td>
                      <PostForm action={`${base(request)}/${userId}/mot-de-passe`} csrf={csrf}>
                        <button type="submit" class="secondary">
                          {t('users.resetPassword')}
                          {forWhom()}
                        </button>
                      </PostForm>
                      <PostForm action={`${base(request)}/${userId}/desactiver`} csrf={csrf}>
                        <button type="submit" class="danger">
                          {t('users.deactivate')}
                          {forWhom()}
                        </button>
                      </PostForm>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </Layout>,
      { sensitive: true, status },
    );
  }

  /** Runs an admin action and shows the page again with what happened, or the reason it was refused. */
  async function act(request: FastifyRequest, reply: FastifyReply, action: () => Promise<Notice>) {
    try {
      return await usersPage(request, reply, await action());
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        const problems = error.details.length ? error.details : [{ field: 'form', message: error.message }];
        return usersPage(request, reply, undefined, problems, 400);
      }
      throw error;
    }
  }

  app.get<{ Params: { slug: string } }>('/t/:slug/espace/utilisateurs', manage, (request, reply) => usersPage(request, reply));

  app.post<{ Params: { slug: string }; Body: { email?: string; role?: string; territoryId?: string } }>(
    '/t/:slug/espace/utilisateurs/inviter',
    manage,
    (request, reply) =>
      act(request, reply, async () => {
        const { t, lang } = pageContext(request);
        const { email, link } = await inviteMember(ctxOf(request), {
          email: request.body?.email ?? '',
          role: request.body?.role ?? '',
          territoryId: request.body?.territoryId || null,
          publicUrl: deps.config.publicUrl,
        });
        const role = roleLabels[request.body?.role as keyof typeof roleLabels]?.[lang] ?? '';
        await deps.mailer.send(invitationMail(lang, email, request.tenant!.name, role, link));
        return deps.mailer.delivers ? { text: t('users.invited', { email }) } : handOver(t('users.inviteLink'), link);
      }),
  );

  app.post<{ Params: Params; Body: { role?: string; territoryId?: string } }>(
    '/t/:slug/espace/utilisateurs/:id/roles',
    manage,
    (request, reply) =>
      act(request, reply, async () => {
        await assignRole(ctxOf(request), {
          userId: request.params.id,
          role: request.body?.role ?? '',
          territoryId: request.body?.territoryId || null,
        });
        return { text: pageContext(request).t('users.done') };
      }),
  );

  app.post<{ Params: Params }>('/t/:slug/espace/utilisateurs/roles/:id/retirer', manage, (request, reply) =>
    act(request, reply, async () => {
      await removeRole(ctxOf(request), request.params.id);
      return { text: pageContext(request).t('users.done') };
    }),
  );

  app.post<{ Params: Params }>('/t/:slug/espace/utilisateurs/:id/desactiver', manage, (request, reply) =>
    act(request, reply, async () => {
      await deactivateMember(ctxOf(request), request.params.id);
      return { text: pageContext(request).t('users.done') };
    }),
  );

  app.post<{ Params: Params }>('/t/:slug/espace/utilisateurs/:id/mot-de-passe', manage, (request, reply) =>
    act(request, reply, async () => {
      const { t, lang } = pageContext(request);
      const member = await withTenant(db, request.tenant!.id, (tx) =>
        tx
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.email'])
          .where('u.id', '=', request.params.id)
          .executeTakeFirst(),
      );
      if (!member) throw new AppError('not_found', 'User not found');
      const link = await issuePasswordLink(db, deps.clock, member.id, deps.config.publicUrl);
      await deps.mailer.send(passwordLinkMail(lang, member.email, link));
      return deps.mailer.delivers
        ? { text: t('users.linkSent', { email: member.email }) }
        : { text: t('users.inviteLink'), link };
    }),
  );
}
