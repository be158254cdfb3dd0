import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; CHROMIUM_PATH overrides it (set it to a missing file to see the skip/fail paths). */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
const browserPresent = existsSync(chromiumPath);

/**
 * True when browser tests must be skipped: Chromium is absent and CI did not ask for it.
 * Prints the reason, since a silent skip looks like a pass. Use with `describe.skipIf(...)`.
 */
export function skipWithoutBrowser(suite: string): boolean {
  if (browserPresent || browserRequired) return false;
  console.warn(
    `${suite}: skipped, no Chromium at ${chromiumPath} (apt-get install -y chromium; REQUIRE_BROWSER=1 turns this into a failure).`,
  );
  return true;
}

// Never a downloaded browser, never a reused profile, no calls home.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts headless Chromium on a fresh temporary profile; fails clearly when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!browserPresent) {
    throw new Error(
      `REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, timeout: 60_000 });
}

/** A small phone, as many users of the public pages have, in French unless a test says otherwise. */
export const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

/**
 * A fresh context whose requests may reach only the app under test: anything else
 * (the quick-exit target, a tile server) is aborted, so that no test depends on the network.
 */
/** A desktop screen, for the staff flows done at an office. */
export const desktop: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
};

export async function newContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...phone, ...options, baseURL });
  const origin = new URL(baseURL).origin;
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
  );
  context.setDefaultTimeout(15_000);
  return context;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the loaded page and returns the serious and
 * critical violations. The page's CSP forbids injected scripts: its context needs `bypassCSP: true`.
 */
export async function seriousAxeViolations(page: Page): Promise<Result[]> {
  await page.addScriptTag({ content: axeSource });
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(wcagTags)} }, resultTypes: ['violations'] })`,
  )) as AxeResults;
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations in words a reader can act on: the rule, why, and each offending element. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `  at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}\n    ${n.html}`),
      ].join('\n'),
    )
    .join('\n');
}
