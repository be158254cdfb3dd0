import { createServer } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { defaultSettings } from '../../src/platform/settings/tenant-settings.js';
import { updateTenantSettings } from '../../src/platform/settings/update-settings.js';
import { launchBrowser, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible } from '../helpers/browser-app.js';
import { createTenant, systemContext } from '../helpers/factories.js';
import { appOidcConfig, startTestProvider, type TestProvider } from '../helpers/oidc-provider.js';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

// Signing in as an agent does in a browser: through the identity provider (a real oidc-provider), and with a
// second factor the tenant requires — every page of ours on the way checked with axe.

/** A free port for the app, known before it listens: the provider must register the app's callback first. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe.skipIf(skipWithoutBrowser('Sign-in in a browser'))('sign-in in a browser', () => {
  let browser: Browser | undefined;
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let provider: TestProvider | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    provider = await startTestProvider(`${baseURL}/connexion/oidc/retour`);
    database = await openTestDatabase();
    testApp = await buildTestApp(database, {
      config: {
        publicUrl: baseURL,
        oidc: appOidcConfig(provider),
      },
    });
    await testApp.app.listen({ port, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
    await provider?.close();
  });

  /** A phone context that may reach the app and the provider only. */
  async function context(): Promise<BrowserContext> {
    const allowed = new Set([baseURL, provider!.issuer]);
    const created = await browser!.newContext({ ...phone, baseURL, bypassCSP: true });
    await created.route('**/*', (route) =>
      allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort('blockedbyclient'),
    );
    created.setDefaultTimeout(15_000);
    return created;
  }

  const code = (secret: string) =>
    new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: testApp!.clock.now().getTime() });

  async function passwordSignIn(page: Page, email: string) {
    await page.goto('/connexion');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  }

  it('goes to the provider and back to a clear page when no account matches the identity', async () => {
    provider!.identities.set('unknown-agent', { email: 'unknown.agent@example.test', email_verified: true });
    const page = await (await context()).newPage();
    await page.goto('/connexion');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.waitForURL((url) => url.origin === provider!.issuer);
    await page.locator('input[name="login"]').fill('unknown-agent');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${baseURL}/connexion/oidc/retour**`);
    expect(await page.getByRole('alert').textContent()).toContain('Aucun compte Quiétude n’est associé à cette identité');
    await expectAccessible(page);
    expect((await page.context().cookies(baseURL)).map((c) => c.name)).not.toContain('quietude_session');
  });

  it('enrols a coordinator the tenant requires a code from, then asks for the code at the next sign-in', async () => {
    const tenant = await createTenant(database!.db);
    await updateTenantSettings(systemContext(database!.db, tenant), {
      ...defaultSettings,
      programmes: ['reports'],
      totpRequiredRoles: ['coordinator'],
    });
    const { email } = await createStaff(database!.db, tenant, 'coordinator');
    const page = await (await context()).newPage();
    await passwordSignIn(page, email);
    await page.waitForURL('**/compte/double-authentification**');
    expect(await page.getByRole('status').textContent()).toContain('exige la double authentification');
    await expectAccessible(page);
    const secret = ((await page.locator('code.totp-secret').textContent()) ?? '').replaceAll(' ', '');
    await page.getByLabel('Code à 6 chiffres').fill(code(secret));
    await page.getByRole('button', { name: 'Activer' }).click();
    expect(await page.locator('ul.recovery-codes li').count()).toBe(8);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Continuer' }).click();
    await page.waitForURL(`**/t/${tenant.slug}/espace/`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    testApp!.clock.advance(30_000);
    await passwordSignIn(page, email);
    await page.waitForURL('**/connexion/code');
    await expectAccessible(page);
    await page.getByLabel('Code à 6 chiffres').fill('000000');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Ce code n’est pas valide');
    await expectAccessible(page);
    await page.getByLabel('Code à 6 chiffres').fill(code(secret));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.waitForURL(`**/t/${tenant.slug}/espace/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(tenant.name);
  });
});
