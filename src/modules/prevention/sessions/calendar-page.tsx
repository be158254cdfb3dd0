import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../../db/tenant-transaction.js';
import { hashSecretToken } from '../../../platform/accounts/secret-tokens.js';
import type { AppDeps } from '../../../platform/deps.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { localMoment } from '../orders/order-time.js';
import { fromWallClock, toWallClock } from '../orders/wall-time.js';
import { activeFeed, createCalendarFeed, feedUrl, revokeCalendarFeed } from './calendar-feeds.js';
import { sessionsOfYear } from './session-exports.js';
import { isUuid } from './session-input.js';

const access = { config: { permission: 'prevention.sessions' }, schema: { hide: true } } as const;
type Query = { mois?: string; programme?: string; abonnement?: string; fait?: string };

/** "2026-11" moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthTitle = (month: string, lang: Lang) =>
  new Date(`${month}-01T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  });
const dayTitle = (date: string, lang: Lang) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
const weekdays = (lang: Lang) =>
  // 2026-11-02 was a Monday.
  Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 2 + i, 12))).map((d) => ({
    short: d.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'UTC', weekday: 'short' }),
    long: d.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'UTC', weekday: 'long' }),
  }));

/** The weeks of a month, Monday first: each day "YYYY-MM-DD", or null outside the month. */
export function monthWeeks(month: string): (string | null)[][] {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const first = new Date(Date.UTC(year, m - 1, 1));
  const length = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7;
  const days: (string | null)[] = [
    ...Array.from({ length: offset }, () => null),
    ...Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (days.length % 7) days.push(null);
  return Array.from({ length: days.length / 7 }, (_, w) => days.slice(w * 7, w * 7 + 7));
}

/**
 * `/t/{slug}/espace/prevention/calendrier`: the month's sessions as a list grouped by day (and a month grid whose
 * days link to it), previous and next month, a filter by programme, and the member's personal iCalendar feed.
 */
export function registerCalendarPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const path = (slug: string) => `/t/${slug}/espace/prevention/calendrier`;

  async function calendarPage(request: FastifyRequest<{ Params: { slug: string }; Querystring: Query }>, reply: FastifyReply) {
    const tenant = request.tenant!;
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const now = deps.clock.now();
    const asked = request.query.mois ?? '';
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : localMoment(now, tenant.time_zone).date.slice(0, 7);
    const programmeId = isUuid(request.query.programme ?? '') ? request.query.programme : undefined;
    const from = fromWallClock(`${month}-01T00:00`, tenant.time_zone) as Date;
    const to = fromWallClock(`${shiftMonth(month, 1)}-01T00:00`, tenant.time_zone) as Date;
    const userId = request.actor.userId;
    const data = await withTenant(db, tenant.id, async (tx) => ({
      programmes: await tx
        .selectFrom('prevention_programmes')
        .select(['id', 'title'])
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .orderBy('title')
        .execute(),
      sessions: await sessionsOfYear(tx, from, to, programmeId),
      feed: userId ? await activeFeed(tx, userId) : undefined,
    }));
    const byDay = new Map<string, typeof data.sessions>();
    for (const s of data.sessions) {
      const day = localMoment(s.starts_at, tenant.time_zone).date;
      byDay.set(day, [...(byDay.get(day) ?? []), s]);
    }
    const filter = programmeId ? `&programme=${programmeId}` : '';
    const link = (m: string) => `${path(tenant.slug)}?mois=${m}${filter}`;
    // A new feed's token comes back once in the address (post/redirect/get): shown only if it is the member's active one.
    const token = request.query.abonnement ?? '';
    const created =
      data.feed && /^[A-Za-z0-9_-]{43}$/.test(token) && hashSecretToken(token) === data.feed.token_hash
        ? feedUrl(deps, tenant.slug, token)
        : undefined;
    const days = weekdays(lang);
    return sendPage(
      reply,
      <Layout page={page} title={`${t('cal.title')} — ${monthTitle(month, lang)}`} homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={`/t/${tenant.slug}/espace/prevention`}>{t('session.back')}</a>
        </p>
        <h1>
          {t('cal.title')} — {monthTitle(month, lang)}
        </h1>
        {request.query.fait === 'revoque' ? (
          <p class="notice" role="status">
            {t('cal.feedRevoked')}
          </p>
        ) : null}
        <nav aria-label={t('cal.title')}>
          <a href={link(shiftMonth(month, -1))} rel="prev">
            ← {t('cal.previous')} ({monthTitle(shiftMonth(month, -1), lang)})
          </a>{' '}
          ·{' '}
          <a href={link(shiftMonth(month, 1))} rel="next">
            {t('cal.next')} ({monthTitle(shiftMonth(month, 1), lang)}) →
          </a>
        </nav>
        <form method="get" action={path(tenant.slug)} aria-label={t('cal.filter')}>
          <input type="hidden" name="mois" value={month} />
          <div class="field">
            <label for="field-programme">{t('cal.programme')}</label>
            <select id="field-programme" name="programme">
              <option value="">{t('cal.allProgrammes')}</option>
              {data.programmes.map((p) => (
                <option value={p.id} selected={p.id === programmeId}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('cal.filter')}</button>
        </form>
        <section class="table-scroll" aria-labelledby="month-grid-caption" tabindex={0}>
          <table class="month-grid">
            <caption id="month-grid-caption">
              {t('cal.grid')} — {monthTitle(month, lang)}
            </caption>
            <thead>
              <tr>
                {days.map((d) => (
                  <th scope="col">
                    <abbr title={d.long}>{d.short}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {monthWeeks(month).map((week) => (
                <tr>
                  {week.map((day) =>
                    day === null ? (
                      <td />
                    ) : byDay.has(day) ? (
                      <td class="has-sessions">
                        <a href={`#jour-${day}`}>
                          <strong>{Number(day.slice(8))}</strong>
                          <span class="visually-hidden">
                            {' '}
                            {dayTitle(day, lang)} : {t('cal.sessionsOn', { count: byDay.get(day)!.length })}
                          </span>
                          <span aria-hidden="true"> • {byDay.get(day)!.length}</span>
                        </a>
                      </td>
                    ) : (
                      <td>{Number(day.slice(8))}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h2>{t('cal.list')}</h2>
        {data.sessions.length === 0 ? <p>{t('cal.none')}</p> : null}
        {[...byDay].map(([day, sessions]) => (
          <section aria-labelledby={`jour-${day}`}>
            <h3 id={`jour-${day}`}>{dayTitle(day, lang)}</h3>
            <ul>
              {sessions.map((s) => (
                <li>
                  {toWallClock(s.starts_at, tenant.time_zone).slice(11)} —{' '}
                  <a href={`/t/${tenant.slug}/espace/prevention/seances/${s.id}`}>{s.theme}</a> ({s.programme}) — {s.place},{' '}
                  {s.audience_level}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <section aria-labelledby="feed">
          <h2 id="feed">{t('cal.feed')}</h2>
          <p>{t('cal.feedIntro')}</p>
          {created ? (
            <p>
              <label for="feed-link">{t('cal.feedCreated')}</label>
              <input id="feed-link" type="text" readonly value={created} class="follow-link" />
            </p>
          ) : data.feed ? (
            <p>
              {t('cal.feedActive', {
                date: data.feed.created_at.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
                  timeZone: tenant.time_zone,
                  dateStyle: 'long',
                }),
              })}
            </p>
          ) : (
            <p>{t('cal.feedNone')}</p>
          )}
          <PostForm action={`${path(tenant.slug)}/abonnement`} csrf={request.csrf()} label={t('cal.feedCreate')}>
            <button type="submit">{data.feed ? t('cal.feedRenew') : t('cal.feedCreate')}</button>
          </PostForm>
          {data.feed ? (
            <PostForm action={`${path(tenant.slug)}/abonnement/revocation`} csrf={request.csrf()} label={t('cal.feedRevoke')}>
              <button type="submit" class="secondary">
                {t('cal.feedRevoke')}
              </button>
            </PostForm>
          ) : null}
        </section>
      </Layout>,
      { sensitive: created !== undefined },
    );
  }

  app.get<{ Params: { slug: string }; Querystring: Query }>(path(':slug'), access, calendarPage);
  app.post<{ Params: { slug: string } }>(`${path(':slug')}/abonnement`, access, async (request, reply) => {
    const { token } = await createCalendarFeed(requestContext(deps, request), undefined);
    return reply.redirect(`${path(request.params.slug)}?abonnement=${token}#feed`, 303);
  });
  app.post<{ Params: { slug: string } }>(`${path(':slug')}/abonnement/revocation`, access, async (request, reply) => {
    await revokeCalendarFeed(requestContext(deps, request), undefined);
    return reply.redirect(`${path(request.params.slug)}?fait=revoque#feed`, 303);
  });
}
