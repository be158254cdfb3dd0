import type { FastifyRequest } from 'fastify';
import { can } from '../access/actor.js';
import type { Permission } from '../access/permissions.js';
import { type Lang, localHref, type Translate } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

export interface SubNavLink {
  /** Appended to the part's base path. */
  path: string;
  label: MessageKey;
  permission: Permission;
}

/** A module part's navigation: only the pages this person may open. */
export function SubNav({
  request,
  base,
  links,
  label,
  t,
  lang,
}: {
  request: FastifyRequest;
  base: string;
  links: SubNavLink[];
  label: string;
  t: Translate;
  lang: Lang;
}) {
  return (
    <nav aria-label={label} class="sub-nav">
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
