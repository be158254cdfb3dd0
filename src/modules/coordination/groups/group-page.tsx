import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext } from '../../../platform/pages/render.js';
import { formatLocal } from '../../police/main-courante/local-time.js';
import { addPlace } from './add-place.js';
import { addTask } from './add-task.js';
import { MeetingForm, PlaceForm } from './group-forms.js';
import { GroupMapSvg } from './group-map.js';
import {
  Confidential,
  type FormState,
  formHelpers,
  groupPath,
  groupsBase,
  memberRoute,
  Paragraphs,
  requireCoordination,
  sendGroupPage,
} from './page-common.js';
import { readGroup } from './read-group.js';
import { readGroupMap } from './read-group-map.js';
import { recordMeeting } from './record-meeting.js';
import { setPoliceSharing } from './set-police-sharing.js';
import { setTaskState } from './set-task-state.js';
import { TaskForm, TasksTable } from './task-parts.js';

type Req = FastifyRequest<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>;

/** The group's page (members, police sharing, map and places, meetings, follow-ups), its map image and its forms. */
export function registerGroupPage(app: FastifyInstance, deps: AppDeps) {
  const path = (slug: string, groupId: string) => groupPath(slug, groupId);

  async function groupPage(request: Req, reply: FastifyReply, state: FormState = {}) {
    requireCoordination(request);
    const tenant = request.tenant!;
    const here = path(tenant.slug, request.params.groupId);
    const page = pageContext(request, here);
    const { t, lang } = page;
    const view = await readGroup(requestContext(deps, request), { groupId: request.params.groupId });
    const { group } = view;
    const zone = tenant.time_zone;
    const open = !group.closed_at;
    return sendGroupPage(
      reply,
      <Layout page={page} title={group.name} sensitive homeHref={`/t/${tenant.slug}/espace/`}>
        <p>
          <a href={localHref(`${groupsBase(tenant.slug)}/`, lang)}>{t('groups.backList')}</a>
        </p>
        <h1>{group.name}</h1>
        <Confidential t={t} />
        {request.query.fait ? (
          <p class="notice" role="status">
            {t('groups.saved')}
          </p>
        ) : null}
        <p>
          {t(`groups.kind.${group.kind}`)}
          {group.territory ? ` — ${t('groups.territory', { name: group.territory })}` : ''}
          {group.closed_at ? ` — ${t('groups.closed')}` : ''}
        </p>
        {group.purpose ? <Paragraphs text={group.purpose} /> : null}
        <p>
          {view.categories.length
            ? t('groups.categories', { names: view.categories.map((c) => (lang === 'fr' ? c.name_fr : c.name_en)).join(', ') })
            : t('groups.noCategories')}
        </p>
        <h2>{t('groups.members')}</h2>
        <ul>
          {view.members.map((m) => (
            <li>{m.display_name}</li>
          ))}
        </ul>
        {tenant.programmes.includes('police') ? (
          <section aria-labelledby="police-title">
            <h2 id="police-title">{t('groups.police.title')}</h2>
            <p>{view.policeShared ? t('groups.police.on') : t('groups.police.off')}</p>
            {open && can(request.actor, 'police.validate') ? (
              <PostForm action={`${here}/police`} csrf={request.csrf()}>
                <input type="hidden" name="share" value={group.shares_police_data ? 'no' : 'yes'} />
                <button type="submit" class="secondary">
                  {group.shares_police_data ? t('groups.police.stop') : t('groups.police.share')}
                </button>
              </PostForm>
            ) : null}
          </section>
        ) : null}
        <h2>{t('groups.map')}</h2>
        <figure>
          <img src={`${here}/carte.svg`} alt={t('groups.mapLabel')} class="coverage-map" />
          <figcaption>{t('groups.mapHint')}</figcaption>
        </figure>
        <h2>{t('groups.places')}</h2>
        {view.places.length === 0 ? (
          <p>{t('groups.noPlaces')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('groups.places')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('groups.col.number')}</th>
                  <th scope="col">{t('groups.col.place')}</th>
                  <th scope="col">{t('groups.col.opened')}</th>
                  <th scope="col" class="num">
                    {t('groups.col.reports')}
                  </th>
                  {view.policeShared ? (
                    <th scope="col" class="num">
                      {t('groups.col.police')}
                    </th>
                  ) : null}
                  <th scope="col" class="num">
                    {t('groups.col.actions')}
                  </th>
                  <th scope="col">{t('groups.col.firstAction')}</th>
                </tr>
              </thead>
              <tbody>
                {view.places.map((p, i) => (
                  <tr>
                    <td>{i + 1}</td>
                    <th scope="row">
                      <a href={localHref(`${here}/lieux/${p.id}`, lang)}>{p.name}</a>
                      {p.closed_on ? ` (${t('groups.closed')})` : ''}
                    </th>
                    <td>{p.opened_on}</td>
                    <td class="num">{p.reports}</td>
                    {view.policeShared ? <td class="num">{p.police ?? 0}</td> : null}
                    <td class="num">{p.actions}</td>
                    <td>{p.first_action_on ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {open ? (
          <PlaceForm
            t={t}
            lang={lang}
            action={`${here}/lieux`}
            csrf={request.csrf()}
            form={formHelpers(state, 'place', lang)}
            police={view.policeShared && can(request.actor, 'police.log')}
          />
        ) : null}
        <h2>{t('groups.meetings')}</h2>
        {view.meetings.length === 0 ? (
          <p>{t('groups.noMeetings')}</p>
        ) : (
          <ul>
            {view.meetings.map((m) => (
              <li>
                <a href={localHref(`${here}/reunions/${m.id}`, lang)}>
                  {t('groups.meeting.title', { date: formatLocal(m.starts_at, lang, zone) })}
                </a>
                {m.place ? ` — ${m.place}` : ''}
                {m.has_minutes ? ` (${t('groups.withMinutes')})` : ''}
              </li>
            ))}
          </ul>
        )}
        {open ? (
          <MeetingForm
            t={t}
            lang={lang}
            action={`${here}/reunions`}
            csrf={request.csrf()}
            form={formHelpers(state, 'meeting', lang)}
          />
        ) : null}
        <h2>{t('groups.tasks')}</h2>
        <TasksTable t={t} tasks={view.tasks} action={`${here}/suites`} back={here} csrf={request.csrf()} open={open} />
        {open ? (
          <TaskForm
            t={t}
            lang={lang}
            action={`${here}/suites`}
            back={here}
            csrf={request.csrf()}
            members={view.members}
            places={view.places}
            form={formHelpers(state, 'task', lang)}
          />
        ) : null}
      </Layout>,
      state.status ?? 200,
    );
  }

  /** A failed form shows the group page again with its problems (400), nothing saved. */
  const failed = (form: string, request: Req, reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.code === 'invalid_input')
      return groupPage(request, reply, { form, problems: error.details, body: request.body, status: 400 });
    throw error;
  };
  const route = `${groupsBase(':slug')}/:groupId`;

  app.get<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>(route, memberRoute, (request, reply) =>
    groupPage(request, reply),
  );

  // The map image: group content like the page (members only, audited, never cached).
  app.get<{ Params: { slug: string; groupId: string } }>(`${route}/carte.svg`, memberRoute, async (request, reply) => {
    requireCoordination(request);
    const view = await readGroupMap(requestContext(deps, request), { groupId: request.params.groupId });
    const { t } = pageContext(request);
    const svg = renderToString(<GroupMapSvg view={view} label={t('groups.mapLabel')} />);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .send(svg);
  });

  app.post<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>(
    `${route}/reunions`,
    memberRoute,
    async (request, reply) => {
      requireCoordination(request);
      let meeting: { id: string };
      try {
        meeting = await recordMeeting(requestContext(deps, request), {
          groupId: request.params.groupId,
          startsAt: field(request.body, 'startsAt'),
          endsAt: field(request.body, 'endsAt'),
          place: field(request.body, 'place'),
          agenda: field(request.body, 'agenda'),
        });
      } catch (error) {
        return failed('meeting', request, reply, error);
      }
      return reply.redirect(`${path(request.params.slug, request.params.groupId)}/reunions/${meeting.id}?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>(
    `${route}/lieux`,
    memberRoute,
    async (request, reply) => {
      requireCoordination(request);
      let place: { id: string };
      try {
        place = await addPlace(requestContext(deps, request), {
          groupId: request.params.groupId,
          name: field(request.body, 'name'),
          origin: field(request.body, 'origin'),
          lat: field(request.body, 'lat'),
          lon: field(request.body, 'lon'),
          reportId: field(request.body, 'reportId'),
          policeEntryId: field(request.body, 'policeEntryId'),
          radiusM: field(request.body, 'radiusM'),
          openedOn: field(request.body, 'openedOn'),
        });
      } catch (error) {
        return failed('place', request, reply, error);
      }
      return reply.redirect(`${path(request.params.slug, request.params.groupId)}/lieux/${place.id}?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string }; Querystring: { fait?: string } }>(
    `${route}/suites`,
    memberRoute,
    async (request, reply) => {
      requireCoordination(request);
      const back = backTo(request, field(request.body, 'back'));
      try {
        await addTask(requestContext(deps, request), {
          groupId: request.params.groupId,
          title: field(request.body, 'title'),
          ownerId: field(request.body, 'ownerId'),
          dueOn: field(request.body, 'dueOn'),
          meetingId: field(request.body, 'meetingId'),
          placeId: field(request.body, 'placeId'),
        });
      } catch (error) {
        // A task added from a meeting's page that fails is shown on the group page's form, with what was typed.
        return failed('task', request, reply, error);
      }
      return reply.redirect(`${back}?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string; taskId: string } }>(
    `${route}/suites/:taskId`,
    memberRoute,
    async (request, reply) => {
      requireCoordination(request);
      await setTaskState(requestContext(deps, request), {
        groupId: request.params.groupId,
        taskId: request.params.taskId,
        state: field(request.body, 'state'),
      });
      return reply.redirect(`${backTo(request, field(request.body, 'back'))}?fait=1`, 303);
    },
  );

  app.post<{ Params: { slug: string; groupId: string } }>(
    `${route}/police`,
    { config: { permission: 'police.validate' }, schema: { hide: true } },
    async (request, reply) => {
      requireCoordination(request);
      await setPoliceSharing(requestContext(deps, request), {
        groupId: request.params.groupId,
        share: field(request.body, 'share') === 'yes',
      });
      return reply.redirect(`${path(request.params.slug, request.params.groupId)}?fait=1`, 303);
    },
  );
}

/** Where a form of the group goes back to: one of the group's own pages, never elsewhere. */
function backTo(request: FastifyRequest<{ Params: { slug: string; groupId: string } }>, back: string): string {
  const own = groupPath(request.params.slug, request.params.groupId);
  return back === own || (back.startsWith(`${own}/`) && /^[a-z0-9/-]+$/i.test(back)) ? back : own;
}
