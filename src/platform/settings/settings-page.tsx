import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { roleLabels, roles } from '../access/roles.js';
import type { AppDeps } from '../deps.js';
import { AppError, type FieldProblem } from '../errors.js';
import { requestContext } from '../http/request-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { modulesOf } from '../modules/module-list.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../pages/forms.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { programmeIds } from '../programmes.js';
import { forgetTenant, requireTenant } from '../tenants/tenant-queries.js';
import { readSettings, type TenantSettings } from './tenant-settings.js';
import { updateTenantSettings } from './update-settings.js';

type Body = Record<string, string | string[] | undefined>;
const manage = { config: { permission: 'platform.settings-manage' }, schema: { hide: true } } as const;
const one = (value: string | string[] | undefined) => [value ?? ''].flat()[0] ?? '';

/** Reads the settings form; a malformed number is reported against its field. */
function readForm(body: Body): { programmes: string[] } & TenantSettings {
  const whole = (field: string, value: string) => {
    if (!/^\d{1,6}$/.test(value.trim()))
      throw new AppError('invalid_input', `${field}: must be a whole number`, [{ field, message: 'must be a whole number' }]);
    return Number(value);
  };
  const retentionDays: Record<string, number> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('retention.') && one(value).trim() !== '') retentionDays[key.slice(10)] = whole(key, one(value));
  }
  const helpNumbers = one(body.helpNumbers)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [number = '', ...label] = line.split(/\s+[—–-]\s+/);
      return { number: number.trim(), label: label.join(' — ').trim() };
    });
  return {
    programmes: [body.programmes ?? []].flat(),
    safePlaceSchemeName: one(body.safePlaceSchemeName),
    smallNumberThreshold: whole('smallNumberThreshold', one(body.smallNumberThreshold)),
    retentionDays,
    dpoContact: one(body.dpoContact),
    coordinatorContact: one(body.coordinatorContact),
    helpNumbers,
    safePlaceConfirmationMonths: whole('safePlaceConfirmationMonths', one(body.safePlaceConfirmationMonths)),
    safePlaceTrainingYears: whole('safePlaceTrainingYears', one(body.safePlaceTrainingYears)),
    totpRequiredRoles: [body.totpRequiredRoles ?? []].flat(),
  };
}

export function registerSettingsPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice?: string,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    // Read again: the tenant's programmes may just have changed.
    const tenant = await requireTenant(db, request.tenant!.slug);
    const page = pageContext(request, `/t/${tenant.slug}/espace/parametres`);
    const { t, lang } = page;
    const settings = await withTenant(db, tenant.id, readSettings);
    const rules = modulesOf(tenant.programmes).flatMap((m) => m.retention);
    const problem = (field: string) => fieldProblem(problems, field, lang);
    return sendPage(
      reply,
      <Layout page={page} title={t('settings.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('settings.title')}</h1>
        <StatusNotice text={notice} />
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={`/t/${tenant.slug}/espace/parametres`} csrf={request.csrf()}>
          <fieldset>
            <legend>{t('settings.programmes')}</legend>
            {programmeIds.map((id) => (
              <div>
                <input
                  type="checkbox"
                  id={`programme-${id}`}
                  name="programmes"
                  value={id}
                  checked={tenant.programmes.includes(id)}
                />{' '}
                <label for={`programme-${id}`}>{t(`programme.${id}` as MessageKey)}</label>
              </div>
            ))}
          </fieldset>
          <Field
            t={t}
            name="safePlaceSchemeName"
            label={t('settings.schemeName')}
            value={settings.safePlaceSchemeName}
            problem={problem('safePlaceSchemeName')}
          />
          <Field
            t={t}
            name="safePlaceConfirmationMonths"
            type="number"
            label={t('settings.confirmationMonths')}
            value={String(settings.safePlaceConfirmationMonths)}
            required
            problem={problem('safePlaceConfirmationMonths')}
          />
          <Field
            t={t}
            name="safePlaceTrainingYears"
            type="number"
            label={t('settings.trainingYears')}
            value={String(settings.safePlaceTrainingYears)}
            required
            problem={problem('safePlaceTrainingYears')}
          />
          <Field
            t={t}
            name="smallNumberThreshold"
            type="number"
            label={t('settings.threshold')}
            hint={t('settings.thresholdHint')}
            value={String(settings.smallNumberThreshold)}
            required
            problem={problem('smallNumberThreshold')}
          />
          <fieldset>
            <legend>{t('settings.retention')}</legend>
            {rules.map((rule) => (
              <Field
                t={t}
                name={`retention.${rule.id}`}
                type="number"
                label={`${rule.label[lang]} (${rule.minDays}–${rule.maxDays})`}
                value={String(settings.retentionDays[rule.id] ?? rule.defaultDays)}
                problem={problem(`retention.${rule.id}`)}
              />
            ))}
          </fieldset>
          <Field t={t} name="dpoContact" label={t('settings.dpo')} value={settings.dpoContact} problem={problem('dpoContact')} />
          <Field
            t={t}
            name="coordinatorContact"
            label={t('settings.coordinator')}
            value={settings.coordinatorContact}
            problem={problem('coordinatorContact')}
          />
          <div class="field">
            <label for="field-helpNumbers">{t('settings.helpNumbers')}</label>
            <p class="hint" id="field-helpNumbers-hint">
              {t('settings.helpNumbersHint')}
            </p>
            <textarea id="field-helpNumbers" name="helpNumbers" rows={4} aria-describedby="field-helpNumbers-hint">
              {settings.helpNumbers.map((h) => `${h.number} — ${h.label}`).join('\n')}
            </textarea>
          </div>
          <fieldset id="field-totpRequiredRoles" aria-describedby="totp-roles-hint">
            <legend>{t('settings.totpRoles')}</legend>
            <p class="hint" id="totp-roles-hint">
              {t('settings.totpRolesHint')}
            </p>
            {problem('totpRequiredRoles') ? <p class="error">{problem('totpRequiredRoles')}</p> : null}
            {roles.map((role) => (
              <div>
                <input
                  type="checkbox"
                  id={`totp-role-${role}`}
                  name="totpRequiredRoles"
                  value={role}
                  checked={settings.totpRequiredRoles.includes(role)}
                />{' '}
                <label for={`totp-role-${role}`}>{roleLabels[role][lang]}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t('settings.save')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status },
    );
  }

  app.get<{ Params: { slug: string } }>('/t/:slug/espace/parametres', manage, (request, reply) => settingsPage(request, reply));

  app.post<{ Params: { slug: string }; Body: Body }>('/t/:slug/espace/parametres', manage, async (request, reply) => {
    try {
      await updateTenantSettings(requestContext(deps, request), readForm(request.body ?? {}));
      forgetTenant(db, request.tenant!.slug);
      // The safe-places finder keeps the network in memory: a new confirmation period applies at once.
      if (app.hasDecorator('safePlaces')) await app.safePlaces.refresh(request.tenant!.id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return settingsPage(request, reply, undefined, error.details, 400);
      throw error;
    }
    return settingsPage(request, reply, pageContext(request).t('settings.saved'));
  });
}
