import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { localMoment } from '../orders/order-time.js';
import { toWallClock } from '../orders/wall-time.js';
import { addAssociation } from './add-association.js';
import { createProgramme } from './create-programme.js';
import { AssociationForm, ProgrammeForm } from './manage-forms.js';
import { recordSession, type SessionInput } from './record-session.js';
import { schoolYearBounds, schoolYearOf } from './school-year.js';
import { latestSessions, programmesProgress, sessionChoices } from './session-queries.js';
import { placeKinds } from './tables.js';

const access = { config: { permission: 'prevention.sessions' }, schema: { hide: true } } as const;
const fields: (keyof SessionInput)[] = [
  'programmeId',
  'startsAt',
  'placeKind',
  'uai',
  'placeName',
  'headAgreementOn',
  'audienceLevel',
  'classes',
  'reached',
  'associationId',
  'otherFacilitators',
  'theme',
];

type FormName = 'session' | 'programme' | 'association';
interface PageState {
  form?: FormName;
  problems?: FieldProblem[];
  status?: number;
}
const manage = { config: { permission: 'prevention.manage' }, schema: { hide: true } } as const;
const notices: Record<string, 'sessions.saved' | 'sessions.manage.savedProgramme' | 'sessions.manage.savedAssociation'> = {
  '1': 'sessions.saved',
  programme: 'sessions.manage.savedProgramme',
  association: 'sessions.manage.savedAssociation',
};

const progress = (done: number, goal: number | null, t: Translate) =>
  goal === null
    ? `${done} (${t('sessions.noGoal')})`
    : `${done} / ${goal} (${goal === 0 ? 100 : Math.round((done / goal) * 100)} %)`;

/** A labelled select whose error is tied to it, as Field does for inputs. */
function Choice({ name, label, problem, children }: { name: string; label: string; problem?: string; children: unknown }) {
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={`field-${name}`}>{label}</label>
      {problem ? (
        <p class="error" id={`field-${name}-error`}>
          {problem}
        </p>
      ) : null}
      <select id={`field-${name}`} name={name} aria-invalid={problem ? 'true' : undefined}>
        {children as never}
      </select>
    </div>
  );
}

/** The programmes with the school year's progress against their goals, the form to add a session, the latest sessions. */
export function registerSessionPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const path = (slug: string) => `/t/${slug}/espace/prevention`;

  async function sessionsPage(request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
    const tenant = request.tenant!;
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const now = deps.clock.now();
    const asked = (request.query as { annee?: string }).annee ?? '';
    const year = /^\d{4}-\d{4}$/.test(asked) ? asked : schoolYearOf(localMoment(now, tenant.time_zone).date);
    const { from, to } = schoolYearBounds(year, tenant.time_zone);
    const data = await withTenant(db, tenant.id, async (tx) => ({
      programmes: await programmesProgress(tx, year, from, to, now),
      choices: await sessionChoices(tx),
      latest: await latestSessions(tx),
    }));
    const problemsOf = (form: FormName) => ((state.form ?? 'session') === form ? (state.problems ?? []) : []);
    const sentOf = (form: FormName) => (name: string) => (problemsOf(form).length ? field(request.body, name) : undefined);
    const problems = problemsOf('session');
    const p = (name: string) => fieldProblem(problems, name, lang);
    const sent = sentOf('session');
    const done = notices[(request.query as { fait?: string }).fait ?? ''];
    return sendPage(
      reply,
      <Layout page={page} title={t('sessions.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('sessions.title')}</h1>
        <p>{t('sessions.intro', { year })}</p>
        <StatusNotice text={done && t(done)} />
        {data.programmes.length === 0 ? (
          <p>{t('sessions.noProgramme')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sessions.programme')}</th>
                <th scope="col">{t('sessions.associations')}</th>
                <th scope="col">{t('sessions.count')}</th>
                <th scope="col">{t('sessions.planned')}</th>
                <th scope="col">{t('sessions.classesProgress')}</th>
                <th scope="col">{t('sessions.youngProgress')}</th>
              </tr>
            </thead>
            <tbody>
              {data.programmes.map((row) => (
                <tr data-programme={row.id}>
                  <th scope="row">{row.title}</th>
                  <td>{row.associations.join(', ')}</td>
                  <td class="num">{row.sessions}</td>
                  <td class="num">{row.planned}</td>
                  <td class="num">{progress(row.classes, row.goalClasses, t)}</td>
                  <td class="num">{progress(row.reached, row.goalYoungPeople, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{t('sessions.add')}</h2>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={path(tenant.slug)} csrf={request.csrf()} label={t('sessions.add')}>
          <Choice name="programmeId" label={t('sessions.field.programmeId')} problem={p('programmeId')}>
            {data.programmes.map((row) => (
              <option value={row.id} selected={sent('programmeId') === row.id}>
                {row.title}
              </option>
            ))}
          </Choice>
          <div class={p('startsAt') ? 'field has-error' : 'field'}>
            <label for="field-startsAt">{t('sessions.field.startsAt')}</label>
            {p('startsAt') ? <p class="error">{p('startsAt')}</p> : null}
            <input
              id="field-startsAt"
              name="startsAt"
              type="datetime-local"
              value={sent('startsAt') ?? toWallClock(now, tenant.time_zone)}
              required
            />
          </div>
          <Choice name="placeKind" label={t('sessions.field.placeKind')} problem={p('placeKind')}>
            {placeKinds.map((kind) => (
              <option value={kind} selected={sent('placeKind') === kind}>
                {t(`sessions.place.${kind}`)}
              </option>
            ))}
          </Choice>
          <Field
            t={t}
            name="uai"
            label={t('sessions.field.uai')}
            hint={t('sessions.field.uaiHint')}
            value={sent('uai')}
            problem={p('uai')}
          />
          <Field
            t={t}
            name="headAgreementOn"
            type="date"
            label={t('sessions.field.headAgreementOn')}
            hint={t('sessions.field.headAgreementHint')}
            value={sent('headAgreementOn')}
            problem={p('headAgreementOn')}
          />
          <Field
            t={t}
            name="placeName"
            label={t('sessions.field.placeName')}
            hint={t('sessions.field.placeNameHint')}
            value={sent('placeName')}
            problem={p('placeName')}
          />
          <Field
            t={t}
            name="audienceLevel"
            label={t('sessions.field.audienceLevel')}
            hint={t('sessions.field.audienceHint')}
            value={sent('audienceLevel')}
            problem={p('audienceLevel')}
            required
          />
          <Field
            t={t}
            name="classes"
            type="number"
            label={t('sessions.field.classes')}
            value={sent('classes')}
            problem={p('classes')}
          />
          <Field
            t={t}
            name="reached"
            type="number"
            label={t('sessions.field.reached')}
            value={sent('reached')}
            problem={p('reached')}
            required
          />
          <Choice name="associationId" label={t('sessions.field.associationId')} problem={p('associationId')}>
            <option value="">{t('sessions.field.associationNone')}</option>
            {data.choices.associations.map((a) => (
              <option value={a.id} selected={sent('associationId') === a.id}>
                {`${a.name} (${a.agrement_on ? t('sessions.agrement', { date: a.agrement_on }) : t('sessions.noAgrement')})`}
              </option>
            ))}
          </Choice>
          <Field
            t={t}
            name="otherFacilitators"
            label={t('sessions.field.otherFacilitators')}
            value={sent('otherFacilitators')}
            problem={p('otherFacilitators')}
          />
          <Field t={t} name="theme" label={t('sessions.field.theme')} value={sent('theme')} problem={p('theme')} required />
          <button type="submit">{t('sessions.add')}</button>
        </PostForm>
        <h2>{t('sessions.latest')}</h2>
        <p>
          <a href={`${path(tenant.slug)}/seances.csv?annee=${year}`}>{t('sessions.csv')}</a> ·{' '}
          <a href={`${path(tenant.slug)}/seances.ics?annee=${year}`}>{t('sessions.ics')}</a> ·{' '}
          <a href={`${path(tenant.slug)}/calendrier`}>{t('sessions.calendarLink')}</a>
        </p>
        {data.latest.length === 0 ? (
          <p>{t('sessions.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sessions.when')}</th>
                <th scope="col">{t('sessions.programme')}</th>
                <th scope="col">{t('sessions.place')}</th>
                <th scope="col">{t('sessions.field.audienceLevel')}</th>
                <th scope="col">{t('sessions.field.reached')}</th>
                <th scope="col">{t('sessions.field.theme')}</th>
                <th scope="col">{t('sessions.facilitators')}</th>
              </tr>
            </thead>
            <tbody>
              {data.latest.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={`${path(tenant.slug)}/seances/${s.id}`}>
                      {toWallClock(s.starts_at, tenant.time_zone).replace('T', ' ')}
                    </a>
                  </th>
                  <td>{s.programme}</td>
                  <td>{s.place}</td>
                  <td>{s.audience_level}</td>
                  <td class="num">{s.reached}</td>
                  <td>{s.theme}</td>
                  <td>{s.facilitators}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can(request.actor, 'prevention.manage') ? (
          <>
            <ProgrammeForm
              t={t}
              lang={lang}
              action={`${path(tenant.slug)}/programmes`}
              csrf={request.csrf()}
              problems={problemsOf('programme')}
              sent={sentOf('programme')}
              year={year}
            />
            <AssociationForm
              t={t}
              lang={lang}
              action={`${path(tenant.slug)}/associations`}
              csrf={request.csrf()}
              problems={problemsOf('association')}
              sent={sentOf('association')}
              programmes={data.programmes}
            />
          </>
        ) : null}
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  /** Runs a form's operation: on bad input the page comes back with that form's problems (400), else PRG. */
  async function submit(
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    form: FormName,
    write: () => Promise<unknown>,
  ) {
    try {
      await write();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return sessionsPage(request, reply, { form, problems: error.details, status: 400 });
      throw error;
    }
    return reply.redirect(`${path(request.params.slug)}?fait=${form === 'session' ? '1' : form}`, 303);
  }

  app.post<{ Params: { slug: string } }>(`${path(':slug')}/programmes`, manage, (request, reply) =>
    submit(request, reply, 'programme', () =>
      createProgramme(requestContext(deps, request), {
        title: field(request.body, 'title'),
        summary: field(request.body, 'summary'),
        schoolYear: field(request.body, 'schoolYear'),
        goalClasses: field(request.body, 'goalClasses'),
        goalYoungPeople: field(request.body, 'goalYoungPeople'),
      }),
    ),
  );
  app.post<{ Params: { slug: string } }>(`${path(':slug')}/associations`, manage, (request, reply) =>
    submit(request, reply, 'association', () =>
      addAssociation(requestContext(deps, request), {
        name: field(request.body, 'name'),
        agrementReference: field(request.body, 'agrementReference'),
        agrementOn: field(request.body, 'agrementOn'),
        programmeIds: [(request.body as Record<string, string | string[] | undefined>)?.programmeIds ?? []].flat(),
      }),
    ),
  );
  app.get<{ Params: { slug: string } }>(path(':slug'), access, (request, reply) => sessionsPage(request, reply));
  app.post<{ Params: { slug: string } }>(path(':slug'), access, (request, reply) =>
    submit(request, reply, 'session', () =>
      recordSession(
        requestContext(deps, request),
        Object.fromEntries(fields.map((name) => [name, field(request.body, name)])) as unknown as SessionInput,
      ),
    ),
  );
}
