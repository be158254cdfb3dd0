import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../../test/helpers/factories.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import type { Tenant } from './tenant-queries.js';

let database: Database;
let t: TestApp;
let tenant: Tenant;
withTestApp((opened) => ({ database, t } = opened));
beforeAll(async () => {
  tenant = await createTenant(database.db, { name: 'Commune <Test> & fils', programmes: ['safe-places', 'mediation'] });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('public tenant home', () => {
  it('shows every emergency number as a tap-to-call link, 3919 as a listening line', async () => {
    const page = await get(`/t/${tenant.slug}/`);
    expect(page.statusCode).toBe(200);
    for (const n of ['17', '112', '15', '18', '119', '3919']) expect(page.body).toContain(`href="tel:${n}"`);
    expect(page.body).toContain('href="sms:114"');
    expect(page.body).toMatch(
      /3919<\/span> <span class="label">Violences Femmes Info — ligne d’écoute[^<]*pas un numéro d’urgence/,
    );
  });

  it('lists the programmes the tenant runs, escapes its name, and is marked sensitive', async () => {
    const page = await get(`/t/${tenant.slug}/`);
    expect(page.body).toContain('<h1>Commune &lt;Test> &amp; fils</h1>');
    expect(page.body).toContain('Lieux sûrs « Où est Angela ? »');
    expect(page.body).toContain('Médiation sociale');
    expect(page.body).not.toContain('Police municipale');
    expect(page.body).toContain('Quitter rapidement');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('has a skip link, landmarks, French by default, and a strict CSP without inline script', async () => {
    const page = await get(`/t/${tenant.slug}/`);
    expect(page.body).toMatch(/^<!doctype html><html lang="fr">/);
    expect(page.body).toContain('<a class="skip-link" href="#main">Aller au contenu</a>');
    expect(page.body).toContain('<main id="main"');
    expect(page.body).not.toMatch(/<script(?![^>]*src=)/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('speaks English with ?lang=en or Accept-Language, and keeps the choice in links', async () => {
    const byQuery = await get(`/t/${tenant.slug}/?lang=en`);
    expect(byQuery.body).toContain('<html lang="en">');
    expect(byQuery.body).toContain('Leave quickly');
    expect(byQuery.body).toContain(`href="/t/${tenant.slug}/?lang=en"`);
    const byHeader = await get(`/t/${tenant.slug}/`, { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' });
    expect(byHeader.body).toContain('<html lang="en">');
    const french = await get(`/t/${tenant.slug}/`, { 'accept-language': 'de-DE,fr;q=0.8,en;q=0.5' });
    expect(french.body).toContain('<html lang="fr">');
  });

  it('answers an unknown tenant with the French 404 page, emergency numbers included', async () => {
    const page = await get('/t/no-such-town/');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('href="tel:112"');
  });

  it('redirects /t/{slug} to /t/{slug}/', async () => {
    const page = await get(`/t/${tenant.slug}`);
    expect(page.statusCode).toBe(301);
    expect(page.headers.location).toBe(`/t/${tenant.slug}/`);
  });

  it('lists the tenants on the home page', async () => {
    const page = await get('/');
    expect(page.body).toContain(`href="/t/${tenant.slug}/"`);
  });
});
