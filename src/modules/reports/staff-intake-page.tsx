import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem, invalidInput } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import { localHref } from '../../platform/i18n/i18n.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { AttributeFields } from './attribute-fields.js';
import { type Category, listCategories } from './category-queries.js';
import { isFollowToken } from './follow-token.js';
import { notifyAssignedOrganisation } from './notify-report.js';
import { reportsBase } from './staff-pages-common.js';
import { submitReport } from './submit-report.js';

const intake = { config: { permission: 'reports.intake' }, schema: { hide: true } } as const;
type Body = Record<string, string | string[] | undefined>;
const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value.replace(',', '.')));

/**
 * A report taken by phone or at a desk, entered by staff (source « staff »): the same operation as the
 * public form, then the receiving organisation is told. The follow-up link is shown once, in the answer
 * to the POST (it is never stored, so it cannot be shown again, nor put in a URL).
 */
export function registerStaffIntakePage(app: FastifyInstance, deps: AppDeps) {
  async function intakePage(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { problems?: FieldProblem[]; done?: { id: string; followLink: string }; status?: number } = {},
  ) {
    const tenant = request.tenant!;
    if (!tenant.programmes.includes('reports')) throw new AppError('not_found', 'No reports here');
    const base = reportsBase(tenant.slug);
    const page = pageContext(request, `${base}/nouveau`);
    const { t, lang } = page;
    const categories = await withTenant(deps.database.db, tenant.id, (tx) => listCategories(tx, { publicOnly: false }));
    const values = (options.done ? {} : (request.body ?? {})) as Body;
    const chosen = (request.query as { categorie?: string }).categorie ?? field(values, 'category');
    const category: Category | undefined = categories.find((c) => c.code === chosen) ?? categories[0];
    const problems = options.problems ?? [];
    const problem = (name: string) => fieldProblem(problems, name, lang);
    const value = (name: string) => field(values, name);
    return sendPage(
      reply,
      <Layout page={page} title={t('reports.intake.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={localHref(base, lang)}>{t('reports.back')}</a>
        </p>
        <h1>{t('reports.intake.title')}</h1>
        {options.done ? (
          <div class="notice" role="status">
            <p>{t('reports.intake.done')}</p>
            <p>{t('reports.intake.token')}</p>
            <p>
              <code>{options.done.followLink}</code>
            </p>
            <p>
              <a href={`${base}/${options.done.id}`}>{t('reports.intake.open')}</a>
            </p>
          </div>
        ) : null}
        <p>{t('reports.intake.hint')}</p>
        <form method="get" action={`${base}/nouveau`} aria-label={t('reports.filter.category')}>
          <div class="field">
            <label for="choose-category">{t('reports.filter.category')}</label>
            <select id="choose-category" name="categorie">
              {categories.map((c) => (
                <option value={c.code} selected={c.code === category?.code}>
                  {c.name[lang]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t('reports.intake.choose')}
          </button>
        </form>
        <FormErrors t={t} lang={lang} problems={problems} idPrefix="intake" />
        {category ? (
          <PostForm action={`${base}/nouveau`} csrf={request.csrf()} label={t('reports.intake.title')}>
            <input type="hidden" name="category" value={category.code} />
            <h2>{category.name[lang]}</h2>
            <AttributeFields t={t} lang={lang} attributes={category.attributes} values={values} problemOf={problem} />
            <div class={problem('description') ? 'field has-error' : 'field'}>
              <label for="intake-description">{t('reports.description')}</label>
              <textarea id="intake-description" name="description" rows={5} maxlength={4000}>
                {value('description')}
              </textarea>
            </div>
            <p class="hint" id="intake-location-hint">
              {t('reports.intake.location')}
            </p>
            <Field
              t={t}
              idPrefix="intake"
              name="address"
              label={t('reports.address')}
              value={value('address')}
              problem={problem('address')}
            />
            <Field
              t={t}
              idPrefix="intake"
              name="lat"
              label={t('reports.intake.lat')}
              value={value('lat')}
              problem={problem('lat') ?? problem('location')}
            />
            <Field
              t={t}
              idPrefix="intake"
              name="lon"
              label={t('reports.intake.lon')}
              value={value('lon')}
              problem={problem('lon')}
            />
            <div class="field">
              <label for="intake-reporterRole">{t('reports.role')}</label>
              <select id="intake-reporterRole" name="reporterRole">
                {(['', 'victim', 'witness'] as const).map((r) => (
                  <option value={r} selected={value('reporterRole') === r}>
                    {t(r ? `reports.role.${r}` : 'reports.role.unknown')}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>{t('reports.intake.contact')}</legend>
              <Field
                t={t}
                idPrefix="intake"
                name="name"
                label={t('reports.contact.name')}
                value={value('name')}
                problem={problem('name')}
              />
              <Field
                t={t}
                idPrefix="intake"
                name="email"
                type="email"
                label={t('reports.contact.email')}
                value={value('email')}
                problem={problem('email')}
              />
              <Field
                t={t}
                idPrefix="intake"
                name="phone"
                type="tel"
                label={t('reports.contact.phone')}
                value={value('phone')}
                problem={problem('phone')}
              />
              <div class="field">
                <input type="checkbox" id="intake-notify" name="notify" value="yes" checked={value('notify') === 'yes'} />{' '}
                <label for="intake-notify">{t('reports.intake.notify')}</label>
              </div>
            </fieldset>
            <button type="submit">{t('reports.intake.submit')}</button>
          </PostForm>
        ) : null}
      </Layout>,
      { sensitive: true, status: options.status ?? 200 },
    );
  }

  const path = `${reportsBase(':slug')}/nouveau`;
  app.get<{ Params: { slug: string }; Querystring: { categorie?: string; fait?: string; suivi?: string } }>(
    path,
    intake,
    (request, reply) => {
      // After a report is recorded (post/redirect/get): its id and follow-up token, to read to the caller.
      const { fait, suivi } = request.query;
      const done =
        fait && suivi && /^[0-9a-f-]{36}$/i.test(fait) && isFollowToken(suivi)
          ? { id: fait, followLink: `${deps.config.publicUrl}/t/${request.tenant!.slug}/suivi/${suivi}` }
          : undefined;
      return intakePage(request, reply, done ? { done } : {});
    },
  );
  app.post<{ Params: { slug: string }; Body: Body }>(path, intake, async (request, reply) => {
    const tenant = request.tenant!;
    const body = request.body ?? {};
    const attributes = Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k.startsWith('attribute['))
        .map(([k, v]) => [k.slice(10, -1), v ?? '']),
    );
    try {
      let lat = number(field(body, 'lat'));
      let lon = number(field(body, 'lon'));
      const address = field(body, 'address').trim();
      if ((Number.isNaN(lat) || Number.isNaN(lon)) && address) {
        const [place] = await deps.geocoder.search(tenant, address, 1);
        if (!place) throw invalidInput('address', 'address not found in the territory', 'adresse introuvable sur le territoire');
        ({ lat, lon } = place);
      }
      if (Number.isNaN(lat) || Number.isNaN(lon))
        throw invalidInput('address', 'give an address or coordinates', 'indiquez une adresse ou la latitude et la longitude');
      const sent = await submitReport(requestContext(deps, request), {
        categoryCode: field(body, 'category'),
        lat,
        lon,
        address: address || null,
        description: field(body, 'description'),
        attributes,
        reporterRole: field(body, 'reporterRole') || null,
        contact: { name: field(body, 'name'), email: field(body, 'email'), phone: field(body, 'phone') },
        notifyReporter: field(body, 'notify') === 'yes',
        source: 'staff',
      });
      await notifyAssignedOrganisation(deps, tenant, sent.id).catch((error) => {
        request.log.warn({ err: error }, 'report notification not sent');
      });
      // Post/redirect/get: a reload never records the call twice. The staff page is no-store and sends no referrer.
      return reply.redirect(`${reportsBase(tenant.slug)}/nouveau?fait=${sent.id}&suivi=${sent.token}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return intakePage(request, reply, { problems: error.details, status: 400 });
      throw error;
    }
  });
}
