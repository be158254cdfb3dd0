import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { Field, FormErrors, fieldProblem } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { listAreas } from '../../platform/territories/territory-queries.js';
import { AttributeFields } from './attribute-fields.js';
import { listCategories } from './category-queries.js';
import { notifyAssignedOrganisation } from './notify-report.js';
import { cleanPhotos } from './photos.js';
import { hitRateLimit, rateLimitKey } from './rate-limit.js';
import { ReportWarning } from './report-warning.js';
import { storableText } from './storable-text.js';
import { submitReport } from './submit-report.js';
import { tenantWithReports } from './tenant-with-reports.js';

type Body = Record<string, string | string[] | Buffer | Buffer[] | undefined>;
const text = (v: Body[string]) => {
  const first = [v ?? ''].flat()[0];
  return typeof first === 'string' ? first : '';
};

/** The resident's form: phone first, no JavaScript needed, anonymous unless the person chooses otherwise. */
export function registerReportFormPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  const areasOf = (tenant: Tenant) => withTenant(db, tenant.id, listAreas);

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    code: string | undefined,
    state: { values?: Body; problems?: FieldProblem[]; status?: number } = {},
  ) {
    const page = pageContext(request, `/t/${tenant.slug}/signaler`);
    const { t, lang } = page;
    const categories = await withTenant(db, tenant.id, (tx) => listCategories(tx, { publicOnly: false }));
    const category = categories.find((c) => c.code === code);
    const base = `/t/${tenant.slug}/signaler`;
    if (!category) {
      const groups = [...new Set(categories.map((c) => c.group))];
      return sendPage(
        reply,
        <Layout page={page} title={t('report.title')} sensitive homeHref={`/t/${tenant.slug}/`}>
          <h1>{t('report.title')}</h1>
          <ReportWarning t={t} />
          <h2>{t('report.chooseCategory')}</h2>
          {groups.map((group) => (
            <section aria-label={group || t('report.other')}>
              {group ? <h3>{group}</h3> : null}
              <ul class="choice-links">
                {categories
                  .filter((c) => c.group === group)
                  .map((c) => (
                    <li>
                      <a href={`${base}?categorie=${encodeURIComponent(c.code)}`}>
                        <strong>{c.name[lang]}</strong>
                        <span>{c.description[lang]}</span>
                      </a>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </Layout>,
        { sensitive: true, status: code ? 404 : 200 },
      );
    }
    const values = state.values ?? {};
    const problems = state.problems ?? [];
    const problemOf = (field: string) => fieldProblem(problems, field, lang);
    const areas = await areasOf(tenant);
    const role = text(values.reporterRole);
    return sendPage(
      reply,
      <Layout page={page} title={`${t('report.title')} — ${category.name[lang]}`} sensitive homeHref={`/t/${tenant.slug}/`}>
        <h1>{category.name[lang]}</h1>
        <p>
          <a href={base}>{t('report.changeCategory')}</a>
        </p>
        <ReportWarning t={t} />
        <FormErrors t={t} lang={lang} problems={problems} />
        <form method="post" action={base} enctype="multipart/form-data" data-report-form>
          <input type="hidden" name="_csrf" value={request.csrf()} />
          <input type="hidden" name="category" value={category.code} />
          <input type="hidden" name="lat" value={text(values.lat)} />
          <input type="hidden" name="lon" value={text(values.lon)} />
          <fieldset id="field-location">
            <legend>{t('report.where')}</legend>
            {problemOf('location') ? <p class="error">{problemOf('location')}</p> : null}
            <p>
              <button type="button" class="secondary" data-locate data-done={t('report.located')} hidden>
                {t('report.locate')}
              </button>
              <span data-locate-status role="status" />
            </p>
            <Field
              t={t}
              name="address"
              label={t('report.address')}
              value={text(values.address)}
              autocomplete="street-address"
              problem={problemOf('address')}
            />
            {areas.length ? (
              <div class="field">
                <label for="field-area">{t('report.area')}</label>
                <select id="field-area" name="area">
                  <option value="">{t('angela.areaNone')}</option>
                  {areas.map((a) => (
                    <option value={a.id} selected={text(values.area) === a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </fieldset>
          <AttributeFields t={t} lang={lang} attributes={category.attributes} values={values as never} problemOf={problemOf} />
          <div class={problemOf('description') ? 'field has-error' : 'field'}>
            <label for="field-description">{t('report.description')}</label>
            <p class="hint" id="field-description-hint">
              {t('report.descriptionHint')}
            </p>
            {problemOf('description') ? (
              <p class="error" id="field-description-error">
                {problemOf('description')}
              </p>
            ) : null}
            <textarea
              id="field-description"
              name="description"
              rows={5}
              maxLength={4000}
              aria-describedby="field-description-hint"
            >
              {text(values.description)}
            </textarea>
          </div>
          <div class={problemOf('photos') ? 'field has-error' : 'field'}>
            <label for="field-photos">{t('report.photos')}</label>
            <p class="hint" id="field-photos-hint">
              {t('report.photosHint')}
            </p>
            {problemOf('photos') ? (
              <p class="error" id="field-photos-error">
                {problemOf('photos')}
              </p>
            ) : null}
            <input id="field-photos" name="photos" type="file" accept="image/*" multiple aria-describedby="field-photos-hint" />
          </div>
          <fieldset class="big-choices" id="field-reporterRole">
            <legend>{t('report.role')}</legend>
            {(['victim', 'witness', ''] as const).map((r) => (
              <div>
                <input type="radio" id={`role-${r || 'none'}`} name="reporterRole" value={r} checked={role === r} />{' '}
                <label for={`role-${r || 'none'}`}>
                  {t(r === 'victim' ? 'report.victim' : r === 'witness' ? 'report.witness' : 'report.roleNone')}
                </label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('report.contact')}</legend>
            <p class="hint">{t('report.contactWho')}</p>
            <Field
              t={t}
              name="name"
              label={t('report.name')}
              value={text(values.name)}
              autocomplete="name"
              problem={problemOf('name')}
            />
            <Field
              t={t}
              name="email"
              type="email"
              label={t('report.email')}
              value={text(values.email)}
              autocomplete="email"
              problem={problemOf('email')}
            />
            <Field
              t={t}
              name="phone"
              type="tel"
              label={t('report.phone')}
              value={text(values.phone)}
              autocomplete="tel"
              problem={problemOf('phone')}
            />
            <div class="big-choices">
              <div>
                <input type="checkbox" id="field-notify" name="notify" value="yes" checked={text(values.notify) === 'yes'} />{' '}
                <label for="field-notify">{t('report.notify')}</label>
              </div>
            </div>
          </fieldset>
          {/* A field people never see: bots fill it, and their reports are refused. */}
          <div class="trap" aria-hidden="true">
            <label for="field-website">Website</label>
            <input id="field-website" name="website" type="text" tabindex={-1} autocomplete="off" />
          </div>
          <button type="submit">{t('report.send')}</button>
          <p class="hint">{t('report.afterSend')}</p>
        </form>
        <script src="/static/report-form.js" defer />
      </Layout>,
      { sensitive: true, status: state.status ?? 200 },
    );
  }

  /** The point of the report: the browser's position, else the typed address, else the neighbourhood. */
  async function locate(tenant: Tenant, body: Body): Promise<{ lat: number; lon: number } | undefined> {
    const lat = text(body.lat);
    const lon = text(body.lon);
    if (lat && lon) return { lat: Number(lat), lon: Number(lon) };
    const address = text(body.address).trim();
    if (address) {
      const [place] = await deps.geocoder.search(tenant, address, 1).catch(() => []);
      if (!place)
        throw new AppError('invalid_input', 'address: not found', [
          { field: 'address', message: 'address not found', fr: 'adresse introuvable : précisez-la ou choisissez un quartier' },
        ]);
      return { lat: place.lat, lon: place.lon };
    }
    const area = (await areasOf(tenant)).find((a) => a.id === text(body.area));
    return area ? { lat: area.lat, lon: area.lon } : undefined;
  }

  app.get<{ Params: { slug: string }; Querystring: { categorie?: string } }>(
    '/t/:slug/signaler',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => formPage(request, reply, await tenantWithReports(db, request.params.slug), request.query.categorie),
  );

  app.post<{ Params: { slug: string }; Body: Body }>(
    '/t/:slug/signaler',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await tenantWithReports(db, request.params.slug);
      const body = request.body ?? {};
      const code = text(body.category);
      try {
        // Abuse control: a keyed hash of the client address, per hour, shared by the instances; never the address itself.
        const limit = await hitRateLimit(db, rateLimitKey(deps.config.sessionSecret, 'report-form', request.ip), {
          limit: deps.config.rateLimits.formPerHour,
          windowSeconds: 3600,
          now: deps.clock.now(),
        });
        if (!limit.allowed)
          throw new AppError('rate_limited', 'too many reports from this connection', [
            {
              field: 'form',
              message: 'too many reports from this connection: try again in an hour, or call 17 in an emergency',
              fr: 'trop de signalements depuis cette connexion : réessayez dans une heure, ou appelez le 17 en cas d’urgence',
            },
          ]);
        const badText = Object.entries(body).find(
          ([key, v]) => !storableText(key) || (typeof v === 'string' && !storableText(v)),
        );
        if (badText)
          throw new AppError('invalid_input', `${badText[0]}: unreadable characters`, [
            { field: badText[0], message: 'contains unreadable characters', fr: 'contient des caractères illisibles' },
          ]);
        if (text(body.website))
          throw new AppError('invalid_input', 'website: must stay empty', [
            { field: 'form', message: 'the form could not be sent', fr: 'le formulaire n’a pas pu être envoyé' },
          ]);
        const point = await locate(tenant, body);
        if (!point)
          throw new AppError('invalid_input', 'location: missing', [
            {
              field: 'location',
              message: 'say where it happens',
              fr: 'indiquez le lieu : votre position, une adresse ou un quartier',
            },
          ]);
        const photos = await cleanPhotos([body.photos ?? []].flat().filter((p): p is Buffer => Buffer.isBuffer(p)));
        const attributes: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(body)) {
          const match = /^attribute\[([^\]]+)\]$/.exec(key);
          if (match?.[1]) attributes[match[1]] = [value ?? []].flat().filter((v): v is string => typeof v === 'string');
        }
        const sent = await submitReport(
          { db, clock: deps.clock, actor: request.actor ?? publicActor, tenant },
          {
            categoryCode: code,
            ...point,
            address: text(body.address) || null,
            description: text(body.description),
            attributes,
            reporterRole: text(body.reporterRole) || null,
            contact: { name: text(body.name), email: text(body.email), phone: text(body.phone) },
            notifyReporter: text(body.notify) === 'yes',
            photos,
            source: 'web',
          },
        );
        // Saved: a mail that fails is logged, never turned into an error for the person who reported.
        await notifyAssignedOrganisation(deps, tenant, sent.id).catch((error: unknown) =>
          request.log.warn({ err: error }, 'report saved; notifying the organisation failed'),
        );
        // Post/redirect/get: a reload shows the follow-up page, never sends the report twice.
        return reply.redirect(`/t/${tenant.slug}/suivi/${sent.token}?nouveau=1`, 303);
      } catch (error) {
        if (
          error instanceof AppError &&
          ['invalid_input', 'payload_too_large', 'unsupported_media_type', 'rate_limited'].includes(error.code)
        ) {
          return formPage(request, reply, tenant, code, { values: body, problems: error.details, status: error.status });
        }
        throw error;
      }
    },
  );
}
