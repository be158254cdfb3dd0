import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { fieldProblem, SelectField } from '../../../platform/pages/forms.js';
import { sendPage } from '../../../platform/pages/render.js';

/** Every group page: signed-in holders of `coordination.groups`; content is then checked against membership. */
export const memberRoute = { config: { permission: 'coordination.groups' }, schema: { hide: true } } as const;
/** The list page: members and those who administer groups (names and members only). */
export const listRoute = {
  config: { permission: ['coordination.groups', 'coordination.manage'] },
  schema: { hide: true },
} as const;
export const manageRoute = { config: { permission: 'coordination.manage' }, schema: { hide: true } } as const;

export const groupsBase = (slug: string) => `/t/${slug}/espace/coordination/groupes`;
export const groupPath = (slug: string, groupId: string) => `${groupsBase(slug)}/${groupId}`;

/** The groups exist only where the tenant runs the coordination programme. */
export function requireCoordination(request: FastifyRequest): void {
  if (!request.tenant?.programmes.includes('coordination')) throw new AppError('not_found', 'No coordination here');
}

/**
 * Group pages are confidential: never cached, never named in a Referer to another site, and with the quick exit.
 * (`sensitive` sets `Cache-Control: no-store` and `Referrer-Policy: no-referrer`.)
 */
// biome-ignore lint/suspicious/noExplicitAny: any component props
export const sendGroupPage = (reply: FastifyReply, page: VNode<any>, status = 200) =>
  sendPage(reply, page, { sensitive: true, status });

/** A form that failed: which form, its problems, and what was sent (shown again). */
export interface FormState {
  form?: string;
  problems?: FieldProblem[];
  body?: unknown;
  status?: number;
}

/** Helpers for one form of a page: its problems, and the values sent when it failed. */
export function formHelpers(state: FormState, form: string, lang: Lang) {
  const mine = state.form === form ? (state.problems ?? []) : [];
  return {
    problems: mine,
    p: (name: string) => fieldProblem(mine, name, lang),
    sent: (name: string) => (state.form === form ? field(state.body, name) : undefined),
    all: (name: string): string[] => {
      if (state.form !== form) return [];
      const value = (state.body as Record<string, string | string[] | undefined> | undefined)?.[name];
      return value === undefined ? [] : [value].flat();
    },
  };
}

/** A labelled select; « obligatoire » said in its label when required. */
export function Select({
  required,
  t,
  ...props
}: {
  id: string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  problem?: string;
  hint?: string;
  required?: boolean;
  t: Translate;
}) {
  return <SelectField {...props} requiredMark={required ? t('form.required') : undefined} />;
}

export { TextAreaField as TextArea } from '../../../platform/pages/forms.js';

/** The banner every group page carries. */
export const Confidential = ({ t }: { t: Translate }) => (
  <p class="notice" role="note">
    {t('groups.confidential')}
  </p>
);

/** A multi-line text as paragraphs, one per line typed (the stylesheet has no pre-wrap, and styles are not inline). */
export const Paragraphs = ({ text }: { text: string }) => (
  <>
    {text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => (
        <p>{line}</p>
      ))}
  </>
);
