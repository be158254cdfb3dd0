import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { longDate } from '../../../platform/i18n/dates.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { CsvTransfer } from './csv-transfer.js';
import { categoryLabel } from './dashboard-pages.js';
import { defaultGrades, listGrades } from './grades.js';
import { situationOn, timelines } from './headcount.js';
import { type FormState, PoliceNav, policeBase, Select } from './page-common.js';
import { localToday } from './problems.js';
import { agentItems, readDueList } from './statutory-file.js';
import { agentStatuses, categories, movementKinds, statutoryKinds, weapons } from './tables.js';
import { findAgent, listAgents, listUnits, loadMovements } from './workforce-queries.js';

/** The agents, in the workforce today or not, and the form for a new one (with their dated arrival). */
export async function sendAgentsPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
  const tenant = request.tenant!;
  const page = pageContext(request, `${policeBase(tenant.slug)}/agents`);
  const { t, lang } = page;
  const today = localToday(deps.clock.now(), tenant.time_zone);
  const { agents, movements, grades, units } = await withTenant(deps.database.db, tenant.id, async (tx) => ({
    agents: await listAgents(tx),
    movements: await loadMovements(tx),
    grades: await gradesOrDefaults(tx),
    units: await listUnits(tx),
  }));
  const lines = timelines(movements);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const v = (name: string) => state.values?.[name];
  const p = (name: string) => fieldProblem(state.problems, name, lang);
  const base = policeBase(tenant.slug);
  return sendPage(
    reply,
    <Layout page={page} title={t('police.agents')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.agents')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <p class="hint">{t('police.privacy')}</p>
      <h2 id="new-agent">{t('police.newAgent')}</h2>
      {state.values?.form === 'import' ? null : <FormErrors t={t} problems={state.problems ?? []} lang={lang} />}
      <PostForm action={`${base}/agents`} csrf={request.csrf()} label={t('police.newAgent')}>
        <p class="hint">{t('police.newAgentHint')}</p>
        <Field
          t={t}
          name="staffNumber"
          label={t('police.staffNumber')}
          required
          value={v('staffNumber')}
          problem={p('staffNumber')}
        />
        <Field
          t={t}
          name="familyName"
          label={t('police.familyName')}
          required
          value={v('familyName')}
          problem={p('familyName')}
        />
        <Field t={t} name="givenName" label={t('police.givenName')} required value={v('givenName')} problem={p('givenName')} />
        <Field
          t={t}
          name="effectiveOn"
          type="date"
          label={t('police.arrivalOn')}
          required
          value={v('effectiveOn')}
          problem={p('effectiveOn')}
        />
        <Select
          name="category"
          label={t('police.category')}
          lang={lang}
          state={state}
          options={categories.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
        />
        <Select
          name="gradeCode"
          label={t('police.grade')}
          lang={lang}
          state={state}
          options={[{ value: '', label: '—' }, ...grades.map((g) => ({ value: g.code, label: g.label }))]}
        />
        <Select
          name="unitId"
          label={t('police.unit')}
          lang={lang}
          state={state}
          options={[{ value: '', label: '—' }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <Field
          t={t}
          name="ftePercent"
          type="number"
          label={t('police.ftePercent')}
          value={v('ftePercent') ?? '100'}
          problem={p('ftePercent')}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
      <CsvTransfer
        t={t}
        lang={lang}
        csrf={request.csrf()}
        download={`${base}/agents.csv`}
        upload={`${base}/agents/import`}
        state={state}
      />
      <h2 id="agents-title">{t('police.agents')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="agents-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('police.staffNumber')}</th>
              <th scope="col">{t('police.familyName')}</th>
              <th scope="col">{t('police.category')}</th>
              <th scope="col">{t('police.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => {
              const now = situationOn(lines.get(a.id) ?? [], today);
              return (
                <tr>
                  <td>{a.staff_number}</td>
                  <th scope="row">
                    <a href={`${base}/agents/${a.id}`}>{`${a.family_name} ${a.given_name}`}</a>
                  </th>
                  <td>{now?.category ? categoryLabel(t, now.category) : t('police.left')}</td>
                  <td>{now?.unitId ? unitName.get(now.unitId) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </Layout>,
    { sensitive: true, status: state.status },
  );
}

/** One agent: movements, statutory file and its obligations, and the forms to add to them. */
export async function sendAgentPage(
  deps: AppDeps,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
  state: FormState = {},
) {
  const tenant = request.tenant!;
  const base = policeBase(tenant.slug);
  const page = pageContext(request, `${base}/agents/${request.params.id}`);
  const { t, lang } = page;
  const data = await withTenant(deps.database.db, tenant.id, async (tx) => {
    const agent = await findAgent(tx, request.params.id);
    if (!agent) return undefined;
    return {
      agent,
      movements: (await loadMovements(tx)).filter((m) => m.agentId === agent.id),
      items: await agentItems(tx, agent.id),
      grades: await gradesOrDefaults(tx),
      units: await listUnits(tx),
    };
  });
  if (!data) throw notFound('Agent');
  const { agent, movements, items, grades, units } = data;
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const gradeName = new Map(grades.map((g) => [g.code, g.label]));
  const p = (name: string) => fieldProblem(state.problems, name, lang);
  const v = (name: string) => state.values?.[name];
  const form = state.values?.form;
  const options = <T extends string>(values: readonly T[], prefix: string, empty = false) => [
    ...(empty ? [{ value: '', label: '—' }] : []),
    ...values.map((x) => ({ value: x, label: t(`${prefix}${x}` as MessageKey) })),
  ];
  return sendPage(
    reply,
    <Layout page={page} title={`${agent.family_name} ${agent.given_name}`} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{`${agent.family_name} ${agent.given_name} (${agent.staff_number})`}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <h2 id="movements-title">{t('police.movements')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="movements-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('police.effectiveOn')}</th>
              <th scope="col">{t('police.kind')}</th>
              <th scope="col">{t('police.category')}</th>
              <th scope="col">{t('police.grade')}</th>
              <th scope="col">{t('police.unit')}</th>
              <th scope="col" class="num">
                {t('police.ftePercent')}
              </th>
            </tr>
          </thead>
          <tbody>
            {movements.map((m) => (
              <tr>
                <th scope="row">{m.effectiveOn}</th>
                <td>{t(`police.mv.${m.kind}` as MessageKey)}</td>
                <td>{m.category ? categoryLabel(t, m.category) : ''}</td>
                <td>{m.gradeCode ? (gradeName.get(m.gradeCode) ?? m.gradeCode) : ''}</td>
                <td>{m.unitId ? unitName.get(m.unitId) : ''}</td>
                <td class="num">{m.ftePercent ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h3>{t('police.addMovement')}</h3>
      {form === 'movement' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/agents/${agent.id}/mouvements`} csrf={request.csrf()} label={t('police.addMovement')}>
        <input type="hidden" name="form" value="movement" />
        <p class="hint">{t('police.addMovementHint')}</p>
        <Select
          name="kind"
          label={t('police.kind')}
          lang={lang}
          state={form === 'movement' ? state : undefined}
          options={options(movementKinds, 'police.mv.')}
          value="change"
        />
        <Field
          t={t}
          name="effectiveOn"
          type="date"
          label={t('police.effectiveOn')}
          required
          value={form === 'movement' ? v('effectiveOn') : undefined}
          problem={form === 'movement' ? p('effectiveOn') : undefined}
        />
        <Select
          name="category"
          label={t('police.category')}
          lang={lang}
          state={form === 'movement' ? state : undefined}
          options={[{ value: '', label: '—' }, ...categories.map((c) => ({ value: c, label: categoryLabel(t, c) }))]}
        />
        <Select
          name="gradeCode"
          label={t('police.grade')}
          lang={lang}
          state={form === 'movement' ? state : undefined}
          options={[{ value: '', label: '—' }, ...grades.map((g) => ({ value: g.code, label: g.label }))]}
        />
        <Select
          name="unitId"
          label={t('police.unit')}
          lang={lang}
          state={form === 'movement' ? state : undefined}
          options={[{ value: '', label: '—' }, ...units.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <Field
          t={t}
          name="ftePercent"
          type="number"
          label={t('police.ftePercent')}
          value={form === 'movement' ? v('ftePercent') : undefined}
          problem={form === 'movement' ? p('ftePercent') : undefined}
        />
        <Select
          name="status"
          label={t('police.status')}
          lang={lang}
          state={form === 'movement' ? state : undefined}
          options={options(agentStatuses, 'police.status.', true)}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
      <h2 id="statutory-title">{t('police.statutory')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="statutory-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('police.item')}</th>
              <th scope="col">{t('police.weapon')}</th>
              <th scope="col">{t('police.doneOn')}</th>
              <th scope="col">{t('police.validUntil')}</th>
              <th scope="col" class="num">
                {t('police.days')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <th scope="row">{t(`police.st.${i.kind}` as MessageKey)}</th>
                <td>{i.weapon ? t(`police.w.${i.weapon}` as MessageKey) : ''}</td>
                <td>{i.doneOn}</td>
                <td>{i.validUntil ?? ''}</td>
                <td class="num">{i.days ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h3>{t('police.addItem')}</h3>
      {form === 'item' ? <FormErrors t={t} problems={state.problems ?? []} lang={lang} /> : null}
      <PostForm action={`${base}/agents/${agent.id}/dossier`} csrf={request.csrf()} label={t('police.addItem')}>
        <input type="hidden" name="form" value="item" />
        <Select
          name="kind"
          label={t('police.item')}
          lang={lang}
          state={form === 'item' ? state : undefined}
          options={options(statutoryKinds, 'police.st.')}
        />
        <Select
          name="weapon"
          label={t('police.weapon')}
          lang={lang}
          state={form === 'item' ? state : undefined}
          options={options(weapons, 'police.w.', true)}
        />
        <Field
          t={t}
          name="doneOn"
          type="date"
          label={t('police.doneOn')}
          required
          value={form === 'item' ? v('doneOn') : undefined}
          problem={form === 'item' ? p('doneOn') : undefined}
        />
        <Field
          t={t}
          name="validUntil"
          type="date"
          label={t('police.validUntil')}
          value={form === 'item' ? v('validUntil') : undefined}
          problem={form === 'item' ? p('validUntil') : undefined}
        />
        <Field
          t={t}
          name="days"
          type="number"
          label={t('police.days')}
          value={form === 'item' ? v('days') : undefined}
          problem={form === 'item' ? p('days') : undefined}
        />
        <button type="submit">{t('police.create')}</button>
      </PostForm>
    </Layout>,
    { sensitive: true, status: state.status },
  );
}

/** The tenant's grades, or the starter list until the tenant has its own (written on the first save). */
const gradesOrDefaults = async (tx: Parameters<typeof listGrades>[0]) => {
  const grades = await listGrades(tx);
  return grades.length > 0 ? grades : defaultGrades;
};

/** What is due, overdue or missing in the statutory files, the most urgent first. */
export async function sendDuePage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const tenant = request.tenant!;
  const page = pageContext(request);
  const { t, lang } = page;
  const today = localToday(deps.clock.now(), tenant.time_zone);
  const due = await readDueList(deps.database.db, tenant, today);
  const base = policeBase(tenant.slug);
  return sendPage(
    reply,
    <Layout page={page} title={t('police.due')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.due')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      <p>{t('police.dueIntro')}</p>
      {due.length === 0 ? <p>{t('police.dueNone')}</p> : null}
      <section class="table-scroll" tabindex={0} aria-label={t('police.due')}>
        <table id="echeances">
          <thead>
            <tr>
              <th scope="col">{t('police.agent')}</th>
              <th scope="col">{t('police.item')}</th>
              <th scope="col">{t('police.dueOn')}</th>
              <th scope="col">{t('police.status')}</th>
            </tr>
          </thead>
          <tbody>
            {due.map(({ agent, obligation: o }) => (
              <tr>
                <th scope="row">
                  <a href={`${base}/agents/${agent.id}`}>{`${agent.family_name} ${agent.given_name}`}</a>
                </th>
                <td>{`${t(`police.st.${o.kind}` as MessageKey)}${o.weapon ? ` — ${t(`police.w.${o.weapon}` as MessageKey)}` : ''}`}</td>
                <td>{o.dueOn ? longDate(o.dueOn, lang) : '—'}</td>
                <td>{t(`police.ds.${o.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>,
    { sensitive: true },
  );
}
