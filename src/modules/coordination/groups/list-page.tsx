import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext } from '../../../platform/pages/render.js';
import { tenantReportCategories } from '../../reports/reports-near.js';
import { closeGroup } from './close-group.js';
import { createGroup } from './create-group.js';
import { groupsToAdminister, memberCandidates, myGroups } from './group-access.js';
import { nameMember } from './name-member.js';
import {
  type FormState,
  formHelpers,
  groupPath,
  groupsBase,
  listRoute,
  manageRoute,
  requireCoordination,
  Select,
  sendGroupPage,
  TextArea,
} from './page-common.js';
import { removeMember } from './remove-member.js';
import { groupKinds } from './tables.js';

type Req = FastifyRequest<{ Params: { slug: string; groupId?: string }; Querystring: { fait?: string } }>;

/** The list of my groups; for coordinators, every group's name and members, to administer them, and the new group form. */
export function registerGroupListPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function listPage(request: Req, reply: FastifyReply, state: FormState = {}) {
    requireCoordination(request);
    const tenant = request.tenant!;
    const page = pageContext(request, `${groupsBase(tenant.slug)}/`);
    const { t, lang } = page;
    const manager = can(request.actor, 'coordination.manage');
    const data = await withTenant(
      db,
      tenant.id,
      async (tx) => ({
        mine: request.actor.userId ? await myGroups(tx, request.actor.userId) : [],
        admin: manager ? await groupsToAdminister(tx) : [],
        candidates: manager ? await memberCandidates(tx) : [],
        territories: manager
          ? await tx.selectFrom('territories').select(['id', 'name']).orderBy('kind').orderBy('name').execute()
          : [],
        categories: manager ? await tenantReportCategories(tx) : [],
      }),
      { userId: request.actor.userId },
    );
    const create = formHelpers(state, 'create', lang);
    const member = formHelpers(state, 'member', lang);
    const base = groupsBase(tenant.slug);
    return sendGroupPage(
      reply,
      <Layout page={page} title={t('groups.title')} sensitive homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('groups.title')}</h1>
        <p>{t('groups.intro')}</p>
        {request.query.fait ? (
          <p class="notice" role="status">
            {t('groups.saved')}
          </p>
        ) : null}
        <h2>{t('groups.mine')}</h2>
        {data.mine.length === 0 ? (
          <p>{t('groups.none')}</p>
        ) : (
          <ul class="cards">
            {data.mine.map((g) => (
              <li>
                <a href={localHref(groupPath(tenant.slug, g.id), lang)}>{g.name}</a> ({t(`groups.kind.${g.kind}`)}
                {g.closed_at ? `, ${t('groups.closed')}` : ''})
              </li>
            ))}
          </ul>
        )}
        {manager ? (
          <section aria-labelledby="admin-title">
            <h2 id="admin-title">{t('groups.admin')}</h2>
            <p class="hint">{t('groups.adminHint')}</p>
            {data.admin.map((g) => (
              <section aria-label={g.name}>
                <h3>
                  {g.name}
                  {g.closed_at ? ` (${t('groups.closed')})` : ''}
                </h3>
                <ul>
                  {g.members.map((m) => (
                    <li>
                      {m.display_name}{' '}
                      <PostForm action={`${groupPath(tenant.slug, g.id)}/membres/retirer`} csrf={request.csrf()}>
                        <input type="hidden" name="userId" value={m.user_id} />
                        <button type="submit" class="secondary">
                          {t('groups.remove', { name: m.display_name })}
                        </button>
                      </PostForm>
                    </li>
                  ))}
                </ul>
                {g.closed_at ? null : (
                  <>
                    {state.body && field(state.body, 'groupId') === g.id ? (
                      <FormErrors t={t} lang={lang} problems={member.problems} idPrefix={`member-${g.id}`} />
                    ) : null}
                    <PostForm
                      action={`${groupPath(tenant.slug, g.id)}/membres`}
                      csrf={request.csrf()}
                      label={`${t('groups.addMember')} — ${g.name}`}
                    >
                      <input type="hidden" name="groupId" value={g.id} />
                      <Select
                        t={t}
                        id={`member-${g.id}-userId`}
                        name="userId"
                        label={t('groups.memberField')}
                        hint={t('groups.memberHint')}
                        options={data.candidates
                          .filter((c) => !g.members.some((m) => m.user_id === c.id))
                          .map((c) => ({ value: c.id, label: `${c.display_name} (${c.email})` }))}
                        problem={field(state.body, 'groupId') === g.id ? member.p('userId') : undefined}
                      />
                      <button type="submit">{t('groups.addMember')}</button>
                    </PostForm>
                    <PostForm action={`${groupPath(tenant.slug, g.id)}/clore`} csrf={request.csrf()}>
                      <button type="submit" class="secondary">
                        {t('groups.close')}
                      </button>
                    </PostForm>
                  </>
                )}
              </section>
            ))}
            <h2>{t('groups.create')}</h2>
            <FormErrors t={t} lang={lang} problems={create.problems} idPrefix="group" />
            <PostForm action={`${base}/`} csrf={request.csrf()} label={t('groups.create')}>
              <Field
                t={t}
                idPrefix="group"
                name="name"
                label={t('groups.field.name')}
                value={create.sent('name')}
                problem={create.p('name')}
                required
              />
              <Select
                t={t}
                id="group-kind"
                name="kind"
                label={t('groups.field.kind')}
                value={create.sent('kind')}
                problem={create.p('kind')}
                options={groupKinds.map((k) => ({ value: k, label: t(`groups.kind.${k}`) }))}
              />
              <Select
                t={t}
                id="group-territoryId"
                name="territoryId"
                label={t('groups.field.territory')}
                value={create.sent('territoryId')}
                problem={create.p('territoryId')}
                options={[
                  { value: '', label: t('groups.field.territoryNone') },
                  ...data.territories.map((x) => ({ value: x.id, label: x.name })),
                ]}
              />
              <TextArea
                id="group-purpose"
                name="purpose"
                label={t('groups.field.purpose')}
                value={create.sent('purpose')}
                problem={create.p('purpose')}
              />
              <fieldset id="group-categoryIds">
                <legend>{t('groups.field.categories')}</legend>
                {create.p('categoryIds') ? <p class="error">{create.p('categoryIds')}</p> : null}
                {data.categories.map((c) => (
                  <div>
                    <input
                      type="checkbox"
                      id={`group-category-${c.id}`}
                      name="categoryIds"
                      value={c.id}
                      checked={create.all('categoryIds').includes(c.id)}
                    />
                    <label for={`group-category-${c.id}`}>{lang === 'fr' ? c.name_fr : c.name_en}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">{t('groups.create')}</button>
            </PostForm>
          </section>
        ) : null}
      </Layout>,
      state.status ?? 200,
    );
  }

  /** A failed form shows the page again with its problems (400); anything else goes on to the error page. */
  const orPage = (form: string, body?: unknown) => async (request: Req, reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.code === 'invalid_input')
      return listPage(request, reply, { form, problems: error.details, body: body ?? request.body, status: 400 });
    throw error;
  };

  app.get<{ Params: { slug: string }; Querystring: { fait?: string } }>(`${groupsBase(':slug')}/`, listRoute, (request, reply) =>
    listPage(request, reply),
  );

  app.post<{ Params: { slug: string }; Querystring: { fait?: string } }>(
    `${groupsBase(':slug')}/`,
    manageRoute,
    async (request, reply) => {
      requireCoordination(request);
      let created: { id: string };
      try {
        created = await createGroup(requestContext(deps, request), {
          name: field(request.body, 'name'),
          kind: field(request.body, 'kind'),
          territoryId: field(request.body, 'territoryId'),
          purpose: field(request.body, 'purpose'),
          categoryIds: [(request.body as Record<string, string | string[] | undefined>)?.categoryIds ?? []].flat(),
        });
      } catch (error) {
        return orPage('create')(request, reply, error);
      }
      return reply.redirect(`${groupPath(request.params.slug, created.id)}?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>(
    `${groupsBase(':slug')}/:groupId/membres`,
    manageRoute,
    async (request, reply) => {
      requireCoordination(request);
      try {
        await nameMember(requestContext(deps, request), {
          groupId: request.params.groupId,
          userId: field(request.body, 'userId'),
        });
      } catch (error) {
        // The problem is shown beside this group's form (the page has one per group).
        return orPage('member', { ...(request.body as object), groupId: request.params.groupId })(request, reply, error);
      }
      return reply.redirect(`${groupsBase(request.params.slug)}/?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string } }>(
    `${groupsBase(':slug')}/:groupId/membres/retirer`,
    manageRoute,
    async (request, reply) => {
      requireCoordination(request);
      await removeMember(requestContext(deps, request), {
        groupId: request.params.groupId,
        userId: field(request.body, 'userId'),
      });
      return reply.redirect(`${groupsBase(request.params.slug)}/?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string } }>(
    `${groupsBase(':slug')}/:groupId/clore`,
    manageRoute,
    async (request, reply) => {
      requireCoordination(request);
      await closeGroup(requestContext(deps, request), { groupId: request.params.groupId });
      return reply.redirect(`${groupsBase(request.params.slug)}/?fait=1`, 303);
    },
  );
}
