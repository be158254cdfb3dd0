import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { publicActor } from '../../src/platform/access/actor.js';
import type { Role } from '../../src/platform/access/roles.js';
import { acceptInvitation, inviteMember } from '../../src/platform/accounts/invitations.js';
import type { Tenant } from '../../src/platform/tenants/tenant-queries.js';
import { systemContext } from './factories.js';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** A staff member created the way real ones are: invited, then accepting the invitation. */
export async function createStaff(
  db: Kysely<DB>,
  tenant: Tenant,
  role: Role,
  options: { email?: string; territoryId?: string } = {},
): Promise<{ userId: string; email: string }> {
  const email = options.email ?? `${role}.${Math.random().toString(36).slice(2, 8)}@example.test`;
  const ctx = systemContext(db, tenant);
  const { link } = await inviteMember(ctx, { email, role, territoryId: options.territoryId, publicUrl: 'http://test.invalid' });
  const token = new URL(link).searchParams.get('jeton') as string;
  const { userId } = await acceptInvitation(
    { ...ctx, actor: publicActor },
    { token, displayName: `Agent ${role}`, password: STAFF_PASSWORD },
  );
  return { userId, email };
}

/** Cookies from a response, as a Cookie header value merged into the previous ones. */
export function mergeCookies(previous: string, response: LightMyRequestResponse): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  for (const cookie of response.cookies) jar.set(cookie.name, cookie.value);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export const csrfFrom = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser-like session: cookies kept between requests, forms posted with their CSRF token. */
export class Browser {
  cookies = '';
  constructor(private app: FastifyInstance) {}

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookies } });
    this.cookies = mergeCookies(this.cookies, response);
    return response;
  }

  /** Posts a form the way a browser does, with the CSRF token of the page it was on. */
  async post(url: string, fields: Record<string, string>, from: string) {
    const page = await this.get(from);
    const body = new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });
    this.cookies = mergeCookies(this.cookies, response);
    return response;
  }

  /** Posts a form as a browser does: a 303 answer is followed to the page it names. */
  async submit(url: string, fields: Record<string, string>, from: string) {
    const response = await this.post(url, fields, from);
    if (response.statusCode !== 303) return response;
    return this.get(response.headers.location as string);
  }

  signIn(email: string, password = STAFF_PASSWORD) {
    return this.post('/connexion', { email, password, suite: '/espace' }, '/connexion');
  }
}
