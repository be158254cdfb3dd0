import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { can } from '../../../platform/access/actor.js';
import type { Permission } from '../../../platform/access/permissions.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { type Lang, localHref, type Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { fieldProblem } from '../../../platform/pages/forms.js';

export const policeBase = (slug: string) => `/t/${slug}/espace/police`;

/** The police pages exist only where the tenant runs the programme. */
export function requireProgramme(request: FastifyRequest) {
  if (!request.tenant?.programmes.includes('police')) throw new AppError('not_found', 'No municipal police here');
}

/** What a page shows again after a refused form. */
export interface FormState {
  problems?: FieldProblem[];
  values?: Record<string, string>;
  status?: number;
  notice?: string;
}

/** The posted form as typed (first value of each field), kept to show it again when refused. */
export function typed(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const first = [value].flat()[0];
    if (typeof first === 'string' && name !== '_csrf') out[name] = first;
  }
  return out;
}

const links: { path: string; label: MessageKey; permission: Permission }[] = [
  { path: '', label: 'police.dashboard', permission: 'police.figures' },
  { path: '/trajectoire', label: 'police.trajectory', permission: 'police.figures' },
  { path: '/agents', label: 'police.agents', permission: 'police.workforce' },
  { path: '/echeances', label: 'police.due', permission: 'police.workforce' },
  { path: '/formations', label: 'police.trainings', permission: 'police.trainings' },
  { path: '/formations/conformite', label: 'police.compliance', permission: 'police.trainings' },
  { path: '/conventions', label: 'police.agreements', permission: 'police.workforce' },
  { path: '/budget', label: 'police.budget', permission: 'police.workforce' },
];

/** The part's navigation: the pages this person may open. */
export function PoliceNav({ request, t, lang }: { request: FastifyRequest; t: Translate; lang: Lang }) {
  const base = policeBase(request.tenant!.slug);
  return (
    <nav aria-label={t('police.dashboard')} class="sub-nav">
      <ul class="inline-list">
        {links
          .filter((l) => can(request.actor, l.permission))
          .map((l) => (
            <li>
              <a href={localHref(`${base}${l.path}`, lang)}>{t(l.label)}</a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

/** A labelled select whose error, when any, is tied to it. */
export function Select({
  name,
  label,
  options,
  value,
  state,
  lang,
  required,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  state?: FormState;
  lang: Lang;
  required?: boolean;
}) {
  const id = `field-${name}`;
  const problem = fieldProblem(state?.problems, name, lang);
  const chosen = state?.values?.[name] ?? value;
  return (
    <div class={problem ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {problem ? (
        <p class="error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export const formatFte = (n: number, lang: Lang) =>
  n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
export const formatDate = (date: string, lang: Lang) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
