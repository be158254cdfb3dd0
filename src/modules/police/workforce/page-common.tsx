import type { FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { fieldProblem, SelectField } from '../../../platform/pages/forms.js';
import { SubNav, type SubNavLink } from '../../../platform/pages/sub-nav.js';

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

const links: SubNavLink[] = [
  { path: '', label: 'police.dashboard', permission: 'police.figures' },
  { path: '/trajectoire', label: 'police.trajectory', permission: 'police.figures' },
  { path: '/agents', label: 'police.agents', permission: 'police.workforce' },
  { path: '/echeances', label: 'police.due', permission: 'police.workforce' },
  { path: '/formations', label: 'police.trainings', permission: 'police.trainings' },
  { path: '/formations/conformite', label: 'police.compliance', permission: 'police.trainings' },
  { path: '/conventions', label: 'police.agreements', permission: 'police.workforce' },
  { path: '/budget', label: 'police.budget', permission: 'police.workforce' },
];

export function PoliceNav({ request, t, lang }: { request: FastifyRequest; t: Translate; lang: Lang }) {
  return (
    <SubNav
      request={request}
      base={policeBase(request.tenant!.slug)}
      links={links}
      label={t('police.dashboard')}
      t={t}
      lang={lang}
    />
  );
}

/** A labelled select whose value and error come from the form's state when it was refused. */
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
  return (
    <SelectField
      name={name}
      label={label}
      options={options}
      value={state?.values?.[name] ?? value}
      problem={fieldProblem(state?.problems, name, lang)}
      required={required}
    />
  );
}

export { Section } from '../../../platform/pages/section.js';

export const formatFte = (n: number, lang: Lang) =>
  n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
