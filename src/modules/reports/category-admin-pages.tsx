import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { CategoryQuestions } from './category-questions-section.js';
import { type CategoryInput, deleteRoutingRule, saveCategory, saveRoutingRule } from './save-category.js';
import { type QuestionInput, removeCategoryQuestion, saveCategoryQuestion } from './save-category-question.js';
import { reportsBase } from './staff-pages-common.js';

const manage = { config: { permission: 'reports.manage' }, schema: { hide: true } } as const;

const questionFromForm = (body: unknown): QuestionInput => ({
  code: field(body, 'code'),
  datatype: field(body, 'datatype'),
  labelFr: field(body, 'labelFr'),
  labelEn: field(body, 'labelEn'),
  required: field(body, 'required') === 'yes',
  order: field(body, 'order'),
  values: field(body, 'values'),
});

const categoryFromForm = (body: unknown, code: string): CategoryInput => ({
  code,
  nameFr: field(body, 'nameFr'),
  nameEn: field(body, 'nameEn'),
  descriptionFr: field(body, 'descriptionFr'),
  descriptionEn: field(body, 'descriptionEn'),
  group: field(body, 'group'),
  keywords: field(body, 'keywords'),
  visibility: field(body, 'visibility'),
  victimSupport: field(body, 'victimSupport') === 'yes',
  helpFr: field(body, 'helpFr'),
  helpEn: field(body, 'helpEn'),
  active: field(body, 'active') === 'yes',
});

/** The coordinator's categories: what residents may report, who sees it, and where each goes. */
export function registerCategoryAdminPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const base = (slug: string) => `${reportsBase(slug)}/categories`;

  async function read(tenantId: string, code?: string) {
    return withTenant(db, tenantId, async (tx) => {
      const inTenant = sql<boolean>`c.tenant_id = quietude_tenant()`;
      const categories = await tx
        .selectFrom('report_categories as c')
        .selectAll('c')
        .where(inTenant)
        .orderBy('c.sort')
        .orderBy('c.code')
        .execute();
      const rules = await tx
        .selectFrom('report_routing_rules as r')
        .innerJoin('report_categories as c', 'c.id', 'r.category_id')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .leftJoin('territories as t', 't.id', 'r.territory_id')
        .select(['r.id', 'c.code', 'o.name as organisation', 't.name as territory'])
        .where(inTenant)
        .execute();
      const organisations = code
        ? await tx
            .selectFrom('tenant_organisations as l')
            .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
            .select(['o.id', 'o.name'])
            .orderBy('o.name')
            .execute()
        : [];
      const territories = code ? await tx.selectFrom('territories').select(['id', 'name', 'kind']).orderBy('name').execute() : [];
      return { categories, rules, organisations, territories };
    });
  }

  async function listPage(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = [], status = 200) {
    const tenant = request.tenant!;
    const page = pageContext(request, base(tenant.slug));
    const { t, lang } = page;
    const { categories, rules } = await read(tenant.id);
    return sendPage(
      reply,
      <Layout page={page} title={t('categories.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('categories.title')}</h1>
        <section class="table-scroll" tabindex={0} aria-labelledby="categories-caption">
          <table>
            <caption id="categories-caption">{t('categories.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('categories.name')}</th>
                <th scope="col">{t('categories.visibility')}</th>
                <th scope="col">{t('categories.routing')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`${base(tenant.slug)}/${c.code}`}>{lang === 'fr' ? c.name_fr : c.name_en}</a>
                    {c.active ? '' : ` (${t('categories.inactive')})`}
                  </th>
                  <td>{t(c.visibility === 'public' ? 'categories.public' : 'categories.private')}</td>
                  <td>
                    {rules
                      .filter((r) => r.code === c.code)
                      .map((r) => `${r.territory ?? t('categories.everywhere')} → ${r.organisation}`)
                      .join(' ; ') || t('categories.noRule')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h2>{t('categories.add')}</h2>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={base(tenant.slug)} csrf={request.csrf()}>
          <Field t={t} name="code" label={t('categories.code')} required problem={fieldProblem(problems, 'code', lang)} />
          <CategoryFields t={t} values={(request.body ?? {}) as Record<string, string>} problems={problems} lang={lang} />
          <button type="submit">{t('places.save')}</button>
        </PostForm>
      </Layout>,
      { status },
    );
  }

  function CategoryFields({
    t,
    values,
    problems,
    lang,
  }: {
    t: ReturnType<typeof pageContext>['t'];
    values: Record<string, string | undefined>;
    problems: FieldProblem[];
    lang: 'fr' | 'en';
  }) {
    const problem = (name: string) => fieldProblem(problems, name, lang);
    const text = (name: string, key: Parameters<typeof t>[0], required = false) => (
      <Field t={t} name={name} label={t(key)} value={values[name]} required={required} problem={problem(name)} />
    );
    return (
      <>
        {text('nameFr', 'categories.nameFr', true)}
        {text('nameEn', 'categories.nameEn', true)}
        {text('descriptionFr', 'categories.descriptionFr')}
        {text('descriptionEn', 'categories.descriptionEn')}
        {text('group', 'categories.group')}
        {text('keywords', 'categories.keywords')}
        <fieldset class="big-choices">
          <legend>{t('categories.visibility')}</legend>
          {(['private', 'public'] as const).map((v) => (
            <div>
              <input
                type="radio"
                id={`visibility-${v}`}
                name="visibility"
                value={v}
                checked={(values.visibility ?? 'private') === v}
              />{' '}
              <label for={`visibility-${v}`}>{t(v === 'public' ? 'categories.publicHint' : 'categories.privateHint')}</label>
            </div>
          ))}
        </fieldset>
        <div class="big-choices">
          <div>
            <input
              type="checkbox"
              id="field-victimSupport"
              name="victimSupport"
              value="yes"
              checked={values.victimSupport === 'yes'}
            />{' '}
            <label for="field-victimSupport">{t('categories.victimSupport')}</label>
          </div>
          <div>
            <input type="checkbox" id="field-active" name="active" value="yes" checked={(values.active ?? 'yes') === 'yes'} />{' '}
            <label for="field-active">{t('categories.active')}</label>
          </div>
        </div>
        {text('helpFr', 'categories.helpFr')}
        {text('helpEn', 'categories.helpEn')}
      </>
    );
  }

  async function categoryPage(
    request: FastifyRequest<{ Params: { slug: string; code: string } }>,
    reply: FastifyReply,
    problems: FieldProblem[] = [],
    status = 200,
    notice?: string,
  ) {
    const tenant = request.tenant!;
    const { code } = request.params;
    // A refused question shows again in its own form; the category's form then shows what is stored.
    const refusedQuestion = status !== 200 && request.url.includes('/questions');
    const page = pageContext(request, `${base(tenant.slug)}/${code}`);
    const { t, lang } = page;
    const { categories, rules, organisations, territories } = await read(tenant.id, code);
    const category = categories.find((c) => c.code === code);
    if (!category) throw new AppError('not_found', 'Category not found');
    const values =
      status === 200 || refusedQuestion
        ? {
            nameFr: category.name_fr,
            nameEn: category.name_en,
            descriptionFr: category.description_fr,
            descriptionEn: category.description_en,
            group: category.group_name,
            keywords: category.keywords.join(', '),
            visibility: category.visibility,
            victimSupport: category.victim_support ? 'yes' : '',
            helpFr: category.help_fr,
            helpEn: category.help_en,
            active: category.active ? 'yes' : '',
          }
        : ((request.body ?? {}) as Record<string, string>);
    const action = `${base(tenant.slug)}/${code}`;
    const csrf = request.csrf();
    return sendPage(
      reply,
      <Layout page={page} title={lang === 'fr' ? category.name_fr : category.name_en} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{lang === 'fr' ? category.name_fr : category.name_en}</h1>
        <p>
          <a href={base(tenant.slug)}>{t('categories.title')}</a>
        </p>
        <StatusNotice text={notice} />
        <FormErrors t={t} lang={lang} problems={problems} />
        <h2>{t('categories.routing')}</h2>
        <ul>
          {rules.filter((r) => r.code === code).length === 0 ? <li>{t('categories.noRule')}</li> : null}
          {rules
            .filter((r) => r.code === code)
            .map((r) => (
              <li>
                {r.territory ?? t('categories.everywhere')} → {r.organisation}{' '}
                <PostForm action={`${action}/regles/${r.id}/supprimer`} csrf={csrf} label={t('categories.deleteRule')}>
                  <button type="submit" class="secondary">
                    {t('categories.deleteRule')}
                  </button>
                </PostForm>
              </li>
            ))}
        </ul>
        <PostForm action={`${action}/regles`} csrf={csrf} label={t('categories.addRule')}>
          <div class="field">
            <label for="field-territoryId">{t('categories.territory')}</label>
            <select id="field-territoryId" name="territoryId">
              <option value="">{t('categories.everywhere')}</option>
              {territories.map((tr) => (
                <option value={tr.id}>{tr.name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="field-organisationId">{t('categories.organisation')}</label>
            <select id="field-organisationId" name="organisationId">
              {organisations.map((o) => (
                <option value={o.id}>{o.name}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t('categories.addRule')}
          </button>
        </PostForm>
        <CategoryQuestions
          t={t}
          lang={lang}
          action={action}
          csrf={csrf}
          questions={category.attributes}
          values={refusedQuestion ? ((request.body ?? {}) as Record<string, string>) : {}}
          problems={refusedQuestion ? problems : []}
        />
        <h2>{t('categories.edit')}</h2>
        <PostForm action={action} csrf={csrf} label={t('categories.edit')}>
          <CategoryFields t={t} values={values} problems={refusedQuestion ? [] : problems} lang={lang} />
          <button type="submit">{t('places.save')}</button>
        </PostForm>
      </Layout>,
      { status },
    );
  }

  async function act(
    request: FastifyRequest<{ Params: { slug: string; code: string } }>,
    reply: FastifyReply,
    run: () => Promise<unknown>,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return categoryPage(request, reply, error.details, 400);
      throw error;
    }
    return reply.redirect(`${base(request.tenant!.slug)}/${request.params.code}?fait=1`, 303);
  }

  type Req = { Params: { slug: string; code: string }; Querystring: { fait?: string } };
  app.get<{ Params: { slug: string } }>(base(':slug'), manage, (request, reply) => listPage(request, reply));
  app.post<{ Params: { slug: string } }>(base(':slug'), manage, async (request, reply) => {
    const code = field(request.body, 'code').trim().toLowerCase();
    try {
      await saveCategory(requestContext(deps, request), categoryFromForm(request.body, code));
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return listPage(request, reply, error.details, 400);
      throw error;
    }
    return reply.redirect(`${base(request.tenant!.slug)}/${code}?fait=1`, 303);
  });
  app.get<Req>(`${base(':slug')}/:code`, manage, (request, reply) =>
    categoryPage(request, reply, [], 200, request.query.fait ? pageContext(request).t('places.saved') : undefined),
  );
  app.post<Req>(`${base(':slug')}/:code`, manage, (request, reply) =>
    act(request, reply, () => saveCategory(requestContext(deps, request), categoryFromForm(request.body, request.params.code))),
  );
  app.post<Req>(`${base(':slug')}/:code/regles`, manage, (request, reply) =>
    act(request, reply, () =>
      saveRoutingRule(requestContext(deps, request), {
        categoryCode: request.params.code,
        territoryId: field(request.body, 'territoryId') || null,
        organisationId: field(request.body, 'organisationId'),
      }),
    ),
  );
  app.post<Req>(`${base(':slug')}/:code/questions`, manage, (request, reply) =>
    act(request, reply, () =>
      saveCategoryQuestion(requestContext(deps, request), {
        categoryCode: request.params.code,
        question: questionFromForm(request.body),
      }),
    ),
  );
  app.post<{ Params: { slug: string; code: string; question: string } }>(
    `${base(':slug')}/:code/questions/:question/supprimer`,
    manage,
    (request, reply) =>
      act(request, reply, () =>
        removeCategoryQuestion(requestContext(deps, request), {
          categoryCode: request.params.code,
          code: request.params.question,
        }),
      ),
  );
  app.post<{ Params: { slug: string; code: string; rule: string } }>(
    `${base(':slug')}/:code/regles/:rule/supprimer`,
    manage,
    (request, reply) =>
      act(request, reply, () => deleteRoutingRule(requestContext(deps, request), { ruleId: request.params.rule })),
  );
}
