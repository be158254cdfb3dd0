import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD, demoEmail } from '../../src/platform/demo/demo-tenants.js';
import { newContext } from '../../test/helpers/browser.js';
import type { Shot } from './shots.js';

const screens: Record<Shot['screen'], BrowserContextOptions> = {
  staff: { viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 800 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
};

const accountKey = (shot: Shot) => (shot.account ? `${shot.account.role}@${shot.account.slug}` : 'public');

export async function signIn(page: Page, account: NonNullable<Shot['account']>) {
  await page.goto('/connexion');
  await page.locator('#field-email').fill(demoEmail(account.role, account.slug));
  await page.locator('#field-password').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`**/t/${account.slug}/espace/`), page.locator('form[action="/connexion"] button').click()]);
}

/** Palette PNG at the highest compression: screens are flat colours and text, so this keeps them small and sharp. */
const compress = (png: Buffer) => sharp(png).png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 }).toBuffer();

/**
 * Takes every shot, one browser context per account and screen (signed in once), and writes the PNGs to `into`.
 * The browser's clock is held at `now`, as the server's is, so that pages made on the phone agree with it.
 */
export async function takeShots(
  browser: Browser,
  baseURL: string,
  shots: Shot[],
  into: string,
  now: Date,
  say: (line: string) => void,
): Promise<number> {
  mkdirSync(into, { recursive: true });
  const groups = new Map<string, Shot[]>();
  for (const shot of shots) {
    const key = `${accountKey(shot)} ${shot.screen}`;
    groups.set(key, [...(groups.get(key) ?? []), shot]);
  }
  let bytes = 0;
  for (const [key, group] of groups) {
    const first = group[0] as Shot;
    const context = await newContext(browser, baseURL, { ...screens[first.screen], locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await context.clock.setFixedTime(now);
    try {
      const page = await context.newPage();
      if (first.account) await signIn(page, first.account);
      for (const shot of group) {
        await page.goto(shot.path);
        await shot.steps?.(page);
        if (shot.scrollTo)
          await page
            .locator(shot.scrollTo)
            .first()
            .evaluate((element) => element.scrollIntoView({ block: 'start' }));
        else await page.evaluate(() => window.scrollTo(0, 0));
        const png = await compress(await page.screenshot({ animations: 'disabled', caret: 'hide' }));
        writeFileSync(join(into, shot.file), png);
        bytes += png.length;
        say(`${shot.file} (${key}, ${Math.round(png.length / 1024)} KB)`);
      }
    } finally {
      await context.close();
    }
  }
  return bytes;
}

/** Removes pictures no shot makes any more, so that the folder holds exactly the current set. */
export function removeStaleImages(into: string, shots: Shot[]) {
  const current = new Set(shots.map((shot) => shot.file));
  for (const name of readdirSync(into)) if (name.endsWith('.png') && !current.has(name)) rmSync(join(into, name));
}
