import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guideShots } from '../scripts/guides/guide-shots.js';
import { isRole } from '../src/platform/access/roles.js';
import { DEMO_PASSWORD, demoTenants } from '../src/platform/demo/demo-tenants.js';
import { Browser } from './helpers/staff.js';
import type { TestApp } from './helpers/test-app.js';
import { withTestApp } from './helpers/test-app.js';

// Issue 12, « Guides »: the per-role guides in docs/guides/ show current screenshots (made by `npm run guides`)
// and send their readers to pages the app really serves, to the demo accounts they name.

const guidesDir = new URL('../docs/guides/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, guidesDir), 'utf8');
const guides = readdirSync(guidesDir)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort();
const images = readdirSync(new URL('images/', guidesDir)).filter((name) => name.endsWith('.png'));

/** `![alt](images/file.png)` in a guide. */
const imagesOf = (text: string) =>
  [...text.matchAll(/!\[([^\]]*)\]\(images\/([^)]+)\)/g)].map((m) => ({ alt: m[1] ?? '', file: m[2] ?? '' }));
/** Addresses written as code: `/t/{slug}/…`, `/t/besancon/…`, `/connexion`. */
const pathsOf = (text: string) => [...new Set([...text.matchAll(/`(\/[^`\s]*)`/g)].map((m) => m[1] ?? ''))];
const accountsOf = (text: string) =>
  [...new Set([...text.matchAll(/\b([a-z_]+)\.([a-z0-9-]+)@demo\.invalid\b/g)].map((m) => m[0]))].map((email) => {
    const [role = '', slug = ''] = email.replace('@demo.invalid', '').split('.');
    return { email, role, slug };
  });
const demoSlugs = new Set(demoTenants.map((tenant) => tenant.slug));

describe('the guides', () => {
  it('are each listed in the index, and the index links only guides that exist', () => {
    const index = read('README.md');
    const linked = [...index.matchAll(/\]\(([a-z-]+\.md)\)/g)].map((m) => m[1]);
    expect([...new Set(linked)].sort()).toEqual(guides);
    expect(guides).toEqual(
      ['coordinateur', 'habitant', 'lieu-partenaire', 'mediateur', 'police-agent', 'police-responsable', 'transport'].map(
        (name) => `${name}.md`,
      ),
    );
  });

  it('show only screenshots that exist, each with alt text, and every screenshot is shown and made by npm run guides', () => {
    const shown = new Set<string>();
    for (const guide of guides) {
      const used = imagesOf(read(guide));
      expect(used.length, `${guide} shows at least one screenshot`).toBeGreaterThan(0);
      for (const { alt, file } of used) {
        expect(images, `${guide}: images/${file} exists`).toContain(file);
        expect(alt.trim().length, `${guide}: images/${file} has alt text`).toBeGreaterThan(10);
        shown.add(file);
      }
    }
    expect([...shown].sort()).toEqual([...images].sort());
    expect(guideShots.map((shot) => shot.file).sort()).toEqual([...images].sort());
  });
});

describe('the pages the guides name', () => {
  let t: TestApp;
  withTestApp((opened) => ({ t } = opened), { demo: true });

  /** One signed-in browser per demo account, made when first needed. */
  const browsers = new Map<string, Browser>();
  async function signedIn(email: string): Promise<Browser> {
    let browser = browsers.get(email);
    if (!browser) {
      browser = new Browser(t.app);
      const response = await browser.signIn(email, DEMO_PASSWORD);
      expect(response.statusCode, `${email} signs in`).toBe(303);
      browsers.set(email, browser);
    }
    return browser;
  }

  /** A public page's status, after the redirects within the app (a commune's night page sends to its transport authority's). */
  async function publicStatus(url: string): Promise<number> {
    let response = await t.app.inject({ method: 'GET', url });
    for (let hops = 0; hops < 3 && [301, 302, 303].includes(response.statusCode); hops += 1) {
      const location = String(response.headers.location ?? '');
      if (!location.startsWith('/')) break;
      response = await t.app.inject({ method: 'GET', url: location });
    }
    return response.statusCode;
  }

  it.each(guides)('%s: each address answers, staff pages to a demo account the guide names', async (guide) => {
    const text = read(guide);
    const accounts = accountsOf(text);
    for (const account of accounts) {
      expect(isRole(account.role), `${guide}: ${account.email} names a role`).toBe(true);
      expect(demoSlugs.has(account.slug), `${guide}: ${account.email} names a demo tenant`).toBe(true);
    }
    const paths = pathsOf(text);
    const concreteSlugs = paths
      .map((path) => /^\/t\/([a-z0-9-]+)\//.exec(path)?.[1])
      .filter((slug) => slug && demoSlugs.has(slug));
    const slugs = [...new Set([...accounts.map((a) => a.slug), ...concreteSlugs])] as string[];
    let checked = 0;
    for (const path of paths) {
      const candidates = path.includes('{slug}') ? slugs.map((slug) => path.replace('{slug}', slug)) : [path];
      const urls = candidates.filter((url) => !/[{<]/.test(url));
      if (urls.length === 0) continue;
      checked += 1;
      const answers: string[] = [];
      let served = false;
      for (const url of urls) {
        if (url.includes('/espace/')) {
          const anonymous = await t.app.inject({ method: 'GET', url });
          expect([anonymous.statusCode, anonymous.headers.location], `${url} asks a stranger to sign in`).toEqual([
            303,
            expect.stringMatching(/^\/connexion/),
          ]);
          const slug = /^\/t\/([a-z0-9-]+)\//.exec(url)?.[1];
          for (const account of accounts.filter((a) => a.slug === slug)) {
            const response = await (await signedIn(account.email)).get(url);
            answers.push(`${url} as ${account.email}: ${response.statusCode}`);
            if (response.statusCode === 200) served = true;
          }
        } else {
          const status = await publicStatus(url);
          answers.push(`${url}: ${status}`);
          if (status === 200) served = true;
        }
        if (served) break;
      }
      expect(served, `${guide} names ${path}, which must open (${answers.join('; ')})`).toBe(true);
    }
    expect(checked, `${guide} names addresses of the app`).toBeGreaterThan(2);
  });
});
