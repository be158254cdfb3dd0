import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { OperationContext } from '../../platform/access/operation.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { localHref, type Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';

/** The staff pages of mediation live under /t/{slug}/espace/mediation/. */
export const mediationBase = (slug: string) => `/t/${slug}/espace/mediation`;
/** Where a referral taken in hand opens a situation (linked from the reports module's referral inbox). */
export const situationFromReferralHref = (slug: string, referralId: string) =>
  `${mediationBase(slug)}/situations/depuis-signalement/${referralId}`;
export const fieldRoute = { config: { permission: 'mediation.field' }, schema: { hide: true } } as const;
export const manageRoute = { config: { permission: 'mediation.manage' }, schema: { hide: true } } as const;

export function pageMediationContext(deps: AppDeps, request: FastifyRequest): OperationContext {
  const ctx = requestContext(deps, request);
  if (!ctx.tenant.programmes.includes('mediation')) throw new AppError('not_found', 'No mediation here');
  return ctx;
}

/**
 * Runs a form's operation; bad input re-renders the form's page with the problems (400), success answers
 * with a redirect (post/redirect/get) so that a reload records nothing twice.
 */
export async function submitForm(
  reply: FastifyReply,
  action: () => Promise<unknown>,
  onProblems: (problems: FieldProblem[]) => Promise<unknown>,
  redirectTo: string | (() => string),
) {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid_input' || error.code === 'conflict'))
      return onProblems(error.details);
    throw error;
  }
  return reply.redirect(typeof redirectTo === 'string' ? redirectTo : redirectTo(), 303);
}

/** Today and the time now in the tenant's zone, for the forms' defaults. */
export const localToday = (now: Date, timeZone: string) => now.toLocaleDateString('sv-SE', { timeZone });
export const localTime = (at: Date | string, timeZone: string) =>
  new Date(at).toLocaleTimeString('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' });

/** The instant of a local date and time (HH:MM) in a zone, as ISO 8601 — or the raw text when not a time. */
export function localInstant(date: string, time: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return `${date}T${time}`;
  const guess = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(guess.getTime())) return `${date}T${time}`;
  const offset = (at: Date) => {
    const local = new Date(at.toLocaleString('en-US', { timeZone }));
    const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
    return local.getTime() - utc.getTime();
  };
  const first = new Date(guess.getTime() - offset(guess));
  return new Date(guess.getTime() - offset(first)).toISOString();
}

/** The module's own navigation, on each of its pages. */
export function MediationNav({ slug, t, lang, manage }: { slug: string; t: Translate; lang: Lang; manage?: boolean }) {
  const links: [string, MessageKey][] = [
    ['terrain', 'mediation.nav.field'],
    ['situations', 'mediation.nav.situations'],
    ['partenaires', 'mediation.nav.directory'],
    ['mineur-en-danger', 'mediation.nav.minor'],
    // The consortium's settings: for mediation.manage holders only.
    ...(manage ? [['consortium', 'mediation.nav.consortium'] as [string, MessageKey]] : []),
  ];
  return (
    <nav aria-label={t('mediation.nav.label')} class="module-nav">
      <ul class="cards">
        {links.map(([path, label]) => (
          <li>
            <a href={localHref(`${mediationBase(slug)}/${path}`, lang)}>{t(label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Checkboxes (or radios) of a fixed list, with big touch targets and a legend. */
export function Choices({
  name,
  legend,
  values,
  label,
  type = 'checkbox',
  checked = [],
  problem,
  idPrefix = 'field',
}: {
  name: string;
  legend: string;
  values: readonly string[];
  label: (value: string) => string;
  type?: 'checkbox' | 'radio';
  checked?: readonly string[];
  problem?: string;
  idPrefix?: string;
}): ComponentChildren {
  return (
    <fieldset class={problem ? 'big-choices has-error' : 'big-choices'} id={`${idPrefix}-${name}`}>
      <legend>{legend}</legend>
      {problem ? <p class="error">{problem}</p> : null}
      {values.map((value) => (
        <div>
          <input type={type} id={`${idPrefix}-${name}-${value}`} name={name} value={value} checked={checked.includes(value)} />{' '}
          <label for={`${idPrefix}-${name}-${value}`}>{label(value)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A labelled select (the platform's). */
export { SelectField as Select } from '../../platform/pages/forms.js';

/** All values of a repeated form field (checkboxes). */
export const fieldList = (body: unknown, name: string): string[] => {
  const value = (body as Record<string, string | string[] | undefined> | undefined)?.[name];
  return value === undefined ? [] : [value].flat().filter((v) => v !== '');
};
