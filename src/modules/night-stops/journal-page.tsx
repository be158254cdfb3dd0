import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { FormErrors, fieldProblem, PostForm, StatusNotice } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { logBands, MAX_COUNT, MAX_LINE_LENGTH, refusedField } from './check-log-entry.js';
import { DriverSheetLinks } from './driver-sheet-links.js';
import { CountField, LogField } from './log-form-fields.js';
import { bandLabel } from './log-labels.js';
import { activeFeedLines, latestLogEntries, loggedLines } from './log-queries.js';
import { findActiveFeed, listLines } from './night-network.js';
import { lastNightServiceDate } from './record-drop-offs.js';
import { refusalReasons } from './tables.js';

export const logBase = (slug: string) => `/t/${slug}/espace/descente`;

/** The operator's form (phone first) and the last entries; `values` are what was typed when refused. */
export async function sendJournalPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { problems?: FieldProblem[]; values?: Record<string, string>; notice?: string; status?: number } = {},
) {
  const tenant = request.tenant!;
  const page = pageContext(request, `${logBase(tenant.slug)}/journal`);
  const { t, lang } = page;
  const problems = options.problems ?? [];
  const { lines, known, latest, sheetLines } = await withTenant(deps.database.db, tenant.id, async (tx) => {
    const feed = await findActiveFeed(tx);
    return {
      lines: await activeFeedLines(tx),
      known: await loggedLines(tx),
      latest: await latestLogEntries(tx),
      sheetLines: feed ? await listLines(tx, feed.id) : [],
    };
  });
  const values = options.values ?? { serviceDate: lastNightServiceDate(deps.clock.now(), tenant.time_zone) };
  const labelOf = new Map((lines ?? []).map((l) => [l.routeId, l.label]));
  const frame = (name: string, label: string, hint?: string) => ({
    name,
    label,
    hint,
    problem: fieldProblem(problems, name, lang),
    requiredText: t('form.required'),
  });
  return sendPage(
    reply,
    <Layout page={page} title={t('nightLog.title')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('nightLog.title')}</h1>
      <StatusNotice text={options.notice} />
      <p>{t('nightLog.intro')}</p>
      <p class="hint">{t('nightLog.replaceHint')}</p>
      <FormErrors t={t} lang={lang} problems={problems} />
      <PostForm action={`${logBase(tenant.slug)}/journal`} csrf={request.csrf()} label={t('nightLog.title')}>
        {lines ? (
          <LogField
            {...frame('routeId', t('nightLog.line'))}
            required
            control={(aria) => (
              <select {...aria} required>
                {lines.map((l) => (
                  <option value={l.routeId} selected={values.routeId === l.routeId}>
                    {l.label}
                  </option>
                ))}
              </select>
            )}
          />
        ) : (
          <LogField
            {...frame('routeId', t('nightLog.line'), t('nightLog.lineHintNoFeed'))}
            required
            control={(aria) => (
              <>
                <input
                  {...aria}
                  type="text"
                  list="known-lines"
                  maxLength={MAX_LINE_LENGTH}
                  autocomplete="off"
                  required
                  value={values.routeId ?? ''}
                />
                <datalist id="known-lines">
                  {known.map((code) => (
                    <option value={code} />
                  ))}
                </datalist>
              </>
            )}
          />
        )}
        <LogField
          {...frame('serviceDate', t('nightLog.serviceDate'), t('nightLog.serviceDateHint'))}
          required
          control={(aria) => <input {...aria} type="date" required value={values.serviceDate ?? ''} />}
        />
        <LogField
          {...frame('hourBand', t('nightLog.hourBand'))}
          required
          control={(aria) => (
            <select {...aria} required>
              <option value="">—</option>
              {logBands.map((band) => (
                <option value={String(band)} selected={values.hourBand === String(band)}>
                  {bandLabel(band, lang)}
                </option>
              ))}
            </select>
          )}
        />
        <CountField {...frame('requests', t('nightLog.requests'))} required value={values.requests} max={MAX_COUNT} />
        <CountField {...frame('granted', t('nightLog.granted'))} value={values.granted} max={MAX_COUNT} />
        <CountField {...frame('moved', t('nightLog.moved'))} value={values.moved} max={MAX_COUNT} />
        <fieldset>
          <legend>{t('nightLog.refusedLegend')}</legend>
          <p class="hint">{t('nightLog.refusedHint')}</p>
          {refusalReasons.map((reason) => (
            <CountField
              {...frame(refusedField(reason), t(`nightLog.reason.${reason}` as MessageKey))}
              value={values[refusedField(reason)]}
              max={MAX_COUNT}
            />
          ))}
        </fieldset>
        <button type="submit">{t('nightLog.save')}</button>
      </PostForm>
      <p>
        <a href={`${logBase(tenant.slug)}/statistiques`}>{t('nightLog.stats')}</a>
      </p>
      <DriverSheetLinks slug={tenant.slug} lines={sheetLines} t={t} heading="h2" />
      <h2 id="latest-title">{t('nightLog.latest')}</h2>
      {latest.length === 0 ? (
        <p>{t('nightLog.none')}</p>
      ) : (
        <section class="table-scroll" tabindex={0} aria-labelledby="latest-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('nightStats.line')}</th>
                <th scope="col">{t('nightLog.serviceDate')}</th>
                <th scope="col">{t('nightStats.band')}</th>
                <th scope="col" class="num">
                  {t('nightStats.requests')}
                </th>
                <th scope="col" class="num">
                  {t('nightStats.granted')}
                </th>
                <th scope="col" class="num">
                  {t('nightStats.moved')}
                </th>
                <th scope="col" class="num">
                  {t('nightStats.refused')}
                </th>
              </tr>
            </thead>
            <tbody>
              {latest.map((row) => (
                <tr>
                  <th scope="row">{labelOf.get(row.route_id) ?? row.route_id}</th>
                  <td>{row.service_date}</td>
                  <td>{bandLabel(row.hour_band, lang)}</td>
                  <td class="num">{row.requests}</td>
                  <td class="num">{row.granted}</td>
                  <td class="num">{row.moved}</td>
                  <td class="num">{Object.values(row.refused).reduce((a, b) => a + (b ?? 0), 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>,
    { status: options.status ?? 200 },
  );
}
