import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { listCategories } from '../../reports/category-queries.js';
import { localMoment } from '../orders/order-time.js';
import { addAssociationFunding } from './add-association-funding.js';
import { addCommitmentEvidence } from './add-commitment-evidence.js';
import { CommitmentCard } from './commitment-card.js';
import { Area, Choice, type CommitmentChoices, CommitmentForm, type Values } from './commitment-form.js';
import type { CommitmentInput } from './commitment-input.js';
import { listCommitments, listEvidence, listFundings } from './commitment-queries.js';
import { exactFigures } from './figure-formats.js';
import { policeModuleChoices, readLiveEvidence } from './live-evidence.js';
import { removeCommitmentEvidence } from './remove-commitment-evidence.js';
import { saveCommitment } from './save-commitment.js';

const manage = { config: { permission: 'prevention.manage' }, schema: { hide: true } } as const;
const commitmentFields: (keyof CommitmentInput)[] = [
  'title',
  'description',
  'kind',
  'state',
  'stateOn',
  'service',
  'internalNote',
  'target',
  'position',
  'programmeId',
  'policeTrainingModuleId',
  'reportCategory',
];
type FormName = 'commitment' | 'evidence' | 'funding';
interface PageState {
  form?: FormName;
  problems?: FieldProblem[];
  status?: number;
}
const notices = {
  '1': 'commitments.saved',
  preuve: 'commitments.savedEvidence',
  retiree: 'commitments.removedEvidence',
  subvention: 'commitments.savedFunding',
} as const;

const formValues = (body: unknown): Values =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Values;

/** Everything the pages show: the commitments, their evidence and funding lines, the live figures, the form's choices. */
async function readAll(deps: AppDeps, tenant: Tenant) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const data = await withTenant(db, tenant.id, async (tx) => ({
    commitments: await listCommitments(tx),
    evidence: await listEvidence(tx),
    fundings: await listFundings(tx),
    programmes: await tx
      .selectFrom('prevention_programmes')
      .select(['id', 'title'])
      .where('tenant_id', '=', tenant.id)
      .orderBy('title')
      .execute(),
    associations: await tx
      .selectFrom('prevention_associations')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenant.id)
      .orderBy('name')
      .execute(),
    categories: tenant.programmes.includes('reports') ? await listCategories(tx, { publicOnly: false }) : [],
  }));
  // Outside the transaction above: the police module's reads open their own.
  const live = await readLiveEvidence(db, tenant, data.commitments, now);
  const choices: CommitmentChoices = {
    programmes: data.programmes,
    policeModules: await policeModuleChoices(db, tenant, now),
    runsPolice: tenant.programmes.includes('police'),
    categories: data.categories,
  };
  return { ...data, live, choices, today: localMoment(now, tenant.time_zone).date };
}

function Notice({ t, done }: { t: Translate; done?: string }) {
  const key = done ? notices[done as keyof typeof notices] : undefined;
  return key ? (
    <p class="notice" role="status">
      {t(key)}
    </p>
  ) : null;
}

/** The staff's commitments pages: the list with what shows each moving, and one commitment's forms. `prevention.manage`. */
export function registerCommitmentPages(app: FastifyInstance, deps: AppDeps) {
  const path = (slug: string) => `/t/${slug}/espace/prevention/engagements`;

  async function listPage(request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
    const tenant = request.tenant!;
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const data = await readAll(deps, tenant);
    const problems = state.problems ?? [];
    return sendPage(
      reply,
      <Layout page={page} title={t('commitments.staffTitle')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('commitments.staffTitle')}</h1>
        <p>{t('commitments.staffIntro')}</p>
        <p>
          <a href={`/t/${tenant.slug}/zone-de-liberte`}>{t('commitments.publicLink')}</a>
        </p>
        <Notice t={t} done={(request.query as { fait?: string }).fait} />
        {data.commitments.length === 0 ? <p>{t('commitments.none')}</p> : null}
        {data.commitments.map((c) => (
          <CommitmentCard
            commitment={c}
            live={data.live.get(c.id) ?? {}}
            evidence={data.evidence.filter((e) => e.commitment_id === c.id)}
            fundings={data.fundings.filter((f) => f.commitment_id === c.id)}
            figures={exactFigures}
            t={t}
            lang={lang}
            staff
            actions={
              <p>
                <a href={`${path(tenant.slug)}/${c.id}`}>{t('commitments.open', { title: c.title })}</a>
              </p>
            }
          />
        ))}
        <h2>{t('commitments.add')}</h2>
        <FormErrors t={t} lang={lang} problems={problems} />
        <CommitmentForm
          t={t}
          lang={lang}
          action={path(tenant.slug)}
          csrf={request.csrf()}
          values={
            problems.length
              ? formValues(request.body)
              : { kind: 'other', state: 'planned', stateOn: data.today, position: String(data.commitments.length + 1) }
          }
          problems={problems}
          choices={data.choices}
          submit={t('commitments.add')}
        />
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  async function onePage(
    request: FastifyRequest<{ Params: { slug: string; id: string } }>,
    reply: FastifyReply,
    state: PageState = {},
  ) {
    const tenant = request.tenant!;
    const here = `${path(tenant.slug)}/${request.params.id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const data = await readAll(deps, tenant);
    const c = data.commitments.find((row) => row.id === request.params.id);
    if (!c) throw notFound('Commitment');
    const csrf = request.csrf();
    const problemsOf = (form: FormName) => (state.form === form ? (state.problems ?? []) : []);
    const sentOf = (form: FormName) => (name: string) => (problemsOf(form).length ? field(request.body, name) : undefined);
    const stored: Values = {
      title: c.title,
      description: c.description,
      kind: c.kind,
      state: c.state,
      stateOn: c.state_on,
      service: c.service,
      internalNote: c.internal_note,
      target: c.target,
      position: String(c.position),
      programmeId: c.programme_id ?? '',
      policeTrainingModuleId: c.police_training_module_id ?? '',
      reportCategory: c.report_category ?? '',
    };
    return sendPage(
      reply,
      <Layout page={page} title={c.title} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{c.title}</h1>
        <Notice t={t} done={(request.query as { fait?: string }).fait} />
        <FormErrors t={t} lang={lang} problems={state.problems ?? []} />
        <h2>{t('commitments.evidence')}</h2>
        {data.evidence.some((e) => e.commitment_id === c.id) ? (
          <ul>
            {data.evidence
              .filter((e) => e.commitment_id === c.id)
              .map((e) => (
                <li>
                  {e.happened_on} — {e.text}{' '}
                  <PostForm
                    action={`${here}/preuves/${e.id}/retirer`}
                    csrf={csrf}
                    label={`${t('commitments.removeEvidence')} ${e.happened_on}`}
                  >
                    <button type="submit" class="secondary">
                      {t('commitments.removeEvidence')} <span class="visually-hidden">{`${e.happened_on} — ${e.text}`}</span>
                    </button>
                  </PostForm>
                </li>
              ))}
          </ul>
        ) : (
          <p>{t('commitments.noEvidence')}</p>
        )}
        <h2>{t('commitments.addEvidence')}</h2>
        <EvidenceForm
          t={t}
          lang={lang}
          action={`${here}/preuves`}
          csrf={csrf}
          problems={problemsOf('evidence')}
          sent={sentOf('evidence')}
          today={data.today}
        />
        <h2>{t('commitments.addFunding')}</h2>
        {data.associations.length === 0 ? (
          <p>{t('commitments.noAssociation')}</p>
        ) : (
          <FundingForm
            t={t}
            lang={lang}
            action={`${here}/subventions`}
            csrf={csrf}
            problems={problemsOf('funding')}
            sent={sentOf('funding')}
            associations={data.associations}
            year={data.today.slice(0, 4)}
          />
        )}
        <h2>{t('commitments.save')}</h2>
        <CommitmentForm
          t={t}
          lang={lang}
          action={here}
          csrf={csrf}
          values={state.form === 'commitment' ? formValues(request.body) : stored}
          problems={problemsOf('commitment')}
          choices={data.choices}
          submit={t('commitments.save')}
        />
        <p>
          <a href={path(tenant.slug)}>{t('commitments.back')}</a>
        </p>
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  /** Runs a form's operation: bad input shows the page again with that form's problems (400), else post/redirect/get. */
  async function submit(
    request: FastifyRequest<{ Params: { slug: string; id?: string } }>,
    reply: FastifyReply,
    form: FormName,
    write: () => Promise<unknown>,
    to: string,
  ) {
    try {
      await write();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') {
        const again = { form, problems: error.details, status: 400 };
        return request.params.id
          ? onePage(request as FastifyRequest<{ Params: { slug: string; id: string } }>, reply, again)
          : listPage(request, reply, again);
      }
      throw error;
    }
    return reply.redirect(to, 303);
  }

  const commitmentInput = (body: unknown) =>
    Object.fromEntries(commitmentFields.map((name) => [name, field(body, name)])) as unknown as CommitmentInput;
  type One = { Params: { slug: string; id: string } };

  app.get<{ Params: { slug: string } }>(path(':slug'), manage, (request, reply) => listPage(request, reply));
  app.post<{ Params: { slug: string } }>(path(':slug'), manage, (request, reply) =>
    submit(
      request,
      reply,
      'commitment',
      () => saveCommitment(requestContext(deps, request), commitmentInput(request.body)),
      `${path(request.params.slug)}?fait=1`,
    ),
  );
  app.get<One>(`${path(':slug')}/:id`, manage, (request, reply) => onePage(request, reply));
  app.post<One>(`${path(':slug')}/:id`, manage, (request, reply) =>
    submit(
      request,
      reply,
      'commitment',
      () => saveCommitment(requestContext(deps, request), { ...commitmentInput(request.body), id: request.params.id }),
      `${path(request.params.slug)}?fait=1`,
    ),
  );
  app.post<One>(`${path(':slug')}/:id/preuves`, manage, (request, reply) =>
    submit(
      request,
      reply,
      'evidence',
      () =>
        addCommitmentEvidence(requestContext(deps, request), {
          commitmentId: request.params.id,
          happenedOn: field(request.body, 'happenedOn'),
          text: field(request.body, 'text'),
          link: field(request.body, 'link'),
        }),
      `${path(request.params.slug)}/${request.params.id}?fait=preuve`,
    ),
  );
  app.post<{ Params: { slug: string; id: string; evidenceId: string } }>(
    `${path(':slug')}/:id/preuves/:evidenceId/retirer`,
    manage,
    async (request, reply) => {
      await removeCommitmentEvidence(requestContext(deps, request), {
        commitmentId: request.params.id,
        evidenceId: request.params.evidenceId,
      });
      return reply.redirect(`${path(request.params.slug)}/${request.params.id}?fait=retiree`, 303);
    },
  );
  app.post<One>(`${path(':slug')}/:id/subventions`, manage, (request, reply) =>
    submit(
      request,
      reply,
      'funding',
      () =>
        addAssociationFunding(requestContext(deps, request), {
          commitmentId: request.params.id,
          associationId: field(request.body, 'associationId'),
          year: field(request.body, 'year'),
          amount: field(request.body, 'amount'),
          purpose: field(request.body, 'purpose'),
        }),
      `${path(request.params.slug)}/${request.params.id}?fait=subvention`,
    ),
  );
}

type Sent = (name: string) => string | undefined;

function EvidenceForm(props: {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  problems: FieldProblem[];
  sent: Sent;
  today: string;
}) {
  const { t, lang, problems, sent } = props;
  const p = (name: string) => fieldProblem(problems, name, lang);
  return (
    <PostForm action={props.action} csrf={props.csrf} label={t('commitments.addEvidence')}>
      <Field
        t={t}
        name="happenedOn"
        type="date"
        label={t('commitments.field.happenedOn')}
        value={sent('happenedOn') ?? props.today}
        problem={p('happenedOn')}
        required
      />
      <Area name="text" label={t('commitments.field.text')} value={sent('text')} problem={p('text')} />
      <Field
        t={t}
        name="link"
        type="url"
        label={t('commitments.field.link')}
        hint={t('commitments.field.linkHint')}
        value={sent('link')}
        problem={p('link')}
      />
      <button type="submit">{t('commitments.addEvidence')}</button>
    </PostForm>
  );
}

function FundingForm(props: {
  t: Translate;
  lang: Lang;
  action: string;
  csrf: string;
  problems: FieldProblem[];
  sent: Sent;
  associations: { id: string; name: string }[];
  year: string;
}) {
  const { t, lang, problems, sent } = props;
  const p = (name: string) => fieldProblem(problems, name, lang);
  return (
    <PostForm action={props.action} csrf={props.csrf} label={t('commitments.addFunding')}>
      <Choice
        name="associationId"
        label={t('commitments.field.associationId')}
        value={sent('associationId')}
        problem={p('associationId')}
        options={props.associations.map((a) => ({ value: a.id, label: a.name }))}
      />
      <Field
        t={t}
        name="year"
        type="number"
        label={t('commitments.field.year')}
        value={sent('year') ?? props.year}
        problem={p('year')}
        required
      />
      <Field t={t} name="amount" label={t('commitments.field.amount')} value={sent('amount')} problem={p('amount')} required />
      <Field
        t={t}
        name="purpose"
        label={t('commitments.field.purpose')}
        value={sent('purpose')}
        problem={p('purpose')}
        required
      />
      <button type="submit">{t('commitments.addFunding')}</button>
    </PostForm>
  );
}
