import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { fieldProblem } from '../../../platform/pages/forms.js';
import { SubNav, type SubNavLink } from '../../../platform/pages/sub-nav.js';

export const coordinationBase = (slug: string) => `/t/${slug}/espace/coordination`;
export const viewRoute = { config: { permission: 'coordination.view' }, schema: { hide: true } } as const;
export const manageRoute = { config: { permission: 'coordination.manage' }, schema: { hide: true } } as const;
export type Id = { Params: { slug: string; id: string } };

/** The coordination pages exist only where the tenant runs the programme. */
export function requireProgramme(request: FastifyRequest) {
  if (!request.tenant?.programmes.includes('coordination')) throw new AppError('not_found', 'No coordination here');
}

/** What a page shows again after a refused form: the form's name, its problems and what was typed. */
export interface FormState {
  form?: string;
  problems?: FieldProblem[];
  values?: Record<string, string>;
  status?: number;
}

/** The posted form as typed (first value of each field). */
export function typed(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const first = [value].flat()[0];
    if (typeof first === 'string' && name !== '_csrf') out[name] = first;
  }
  return out;
}

/** Every value of a repeated field (checkboxes, multiple selects). */
export const many = (body: unknown, name: string): string[] =>
  [(body as Record<string, unknown> | undefined)?.[name] ?? []].flat().filter((v): v is string => typeof v === 'string');

/**
 * Runs a form's operation: bad input shows the page again with that form's problems (400) and what was
 * typed; otherwise post/redirect/get.
 */
export async function submitForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: string,
  write: () => Promise<unknown>,
  show: (state: FormState) => Promise<unknown>,
  redirect: string | (() => string),
) {
  requireProgramme(request);
  try {
    await write();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return show({ form, problems: error.details, values: typed(request.body), status: 400 });
    throw error;
  }
  const to = typeof redirect === 'string' ? redirect : redirect();
  return reply.redirect(`${to}${to.includes('?') ? '&' : '?'}fait=1`, 303);
}

/** The problems and typed values of one form of the page (none when another form was sent). */
export function formOf(state: FormState, form: string, lang: Lang) {
  const mineState = state.form === form;
  return {
    problems: mineState ? (state.problems ?? []) : [],
    p: (name: string) => (mineState ? fieldProblem(state.problems, name, lang) : undefined),
    v: (name: string) => (mineState ? state.values?.[name] : undefined),
  };
}

const links: SubNavLink[] = [
  { path: '/conseil', label: 'council.nav.council', permission: 'coordination.view' },
  { path: '/strategie', label: 'council.nav.strategy', permission: 'coordination.view' },
  { path: '/taches', label: 'council.nav.tasks', permission: 'coordination.view' },
  { path: '/financements', label: 'council.nav.funding', permission: 'coordination.manage' },
];

export function CouncilNav({ request, t, lang }: { request: FastifyRequest; t: Translate; lang: Lang }) {
  return (
    <SubNav
      request={request}
      base={coordinationBase(request.tenant!.slug)}
      links={links}
      label={t('council.nav')}
      t={t}
      lang={lang}
    />
  );
}

/** A labelled select (the platform's, with `multiple` for several choices). */
export { SelectField as Select, TextAreaField as TextArea } from '../../../platform/pages/forms.js';

export { Section } from '../../../platform/pages/section.js';

export const euros = (cents: number | null, lang: Lang) =>
  cents === null ? '—' : (cents / 100).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' });

/** Cents as typed back in a form ("12500.50"). */
export const eurosInput = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

export const Notice = ({ request, t }: { request: FastifyRequest; t: Translate }) =>
  (request.query as { fait?: string }).fait ? (
    <p class="notice" role="status">
      {t('council.saved')}
    </p>
  ) : null;
