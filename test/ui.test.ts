// End-to-end tests of the web UI in headless Chromium (Debian's `chromium`, driven by playwright-core), at desktop
// (1280×800) and phone (390×844) size: onboarding by keyboard alone, no horizontal overflow on any page, an axe-core
// audit with zero serious or critical violations, card reasons equal to the "why?" page. Screenshots: artifacts/ui/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';
import { modelFactories } from '../src/models/index.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const repo = fileURLToPath(new URL('..', import.meta.url));
const shots = join(repo, 'artifacts', 'ui');
const AXE = join(repo, 'node_modules', 'axe-core', 'axe.min.js');
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure, never a silent skip.
const skip =
  !haveChromium && process.env['CI'] !== 'true'
    ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
    : false;

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let fx: Fixture;
let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let profile: string;
let easeDir: string;

before(async () => {
  if (skip) return;
  assert.ok(haveChromium, `Chromium is required in CI but missing at ${CHROMIUM}`);
  const built = spawnSync(
    process.execPath,
    ['-e', "import('./scripts/build.d/20-web.mjs').then((m) => m.build())"],
    { cwd: repo, encoding: 'utf8' },
  );
  assert.equal(built.status, 0, built.stderr);
  fx = await makeFixture();
  // The new-user default (EASE) first, as the demo serves it, then the fixture's model.
  const sizes = { numUsers: fx.dataset.users.size, numItems: fx.dataset.items.size };
  const ease = modelFactories.get('ease')!.create({}, sizes);
  await ease.fit({ ...sizes, train: fx.dataset.interactions, dataset: fx.dataset }, { seed: 1 });
  easeDir = await mkdtemp(join(tmpdir(), 'gnnrec-ui-ease-'));
  await ease.save(easeDir);
  app = await makeServer(
    { ...fx, dirs: [easeDir, ...fx.dirs] },
    { webRoot: join(repo, 'web', 'dist'), notice: 'made-up data: a test banner' },
  );
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  mkdirSync(shots, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), 'gnnrec-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    // axe-core is injected as an inline script, which the server's Content-Security-Policy rightly forbids.
    bypassCSP: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await context?.close();
  await app?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  if (easeDir) await rm(easeDir, { recursive: true, force: true });
});

/** Title of a dataset item without its year. */
function bareTitle(i: number): string {
  return fx.dataset.itemMeta[i]!.title!.replace(/ \(\d{4}\)$/, '');
}

/** Presses Tab until the focused element matches `selector` (at most `max` presses). */
async function tabTo(page: Page, selector: string, max = 12): Promise<void> {
  for (let n = 0; n < max; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** The page is no wider than the viewport (no horizontal scroll). */
async function assertNoOverflow(page: Page, where: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${where}: page is ${scroll} px wide in a ${width} px viewport`);
}

/** Runs axe-core in the page; fails on serious or critical violations, naming them. */
async function assertAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<AxeResults> } }).axe;
    const r = await axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${where}: axe violations ${JSON.stringify(bad)}`);
}

interface AxeResults {
  violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>;
}

/** Checks overflow and accessibility of the current page and saves its screenshot. */
async function look(page: Page, vp: string, name: string): Promise<void> {
  await assertNoOverflow(page, `${vp} ${name}`);
  await assertAccessible(page, `${vp} ${name}`);
  await page.screenshot({ path: join(shots, `${vp}-${name}.png`), fullPage: true });
}

/** Searches by keyboard and rates the first hit (which must be `item`) with the keys given. */
async function keyboardRate(page: Page, query: string, item: string, keys: string[]): Promise<void> {
  await page.getByLabel('search titles').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  const first = page.locator('[data-testid=results] li').first();
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid=results] li')?.getAttribute('data-item') === id,
    item,
  );
  assert.equal(await first.getAttribute('data-item'), item, `first hit of '${query}'`);
  await tabTo(page, '[data-testid=results] li:first-child [role=radio]');
  for (const k of keys) await page.keyboard.press(k);
}

for (const vp of VIEWPORTS) {
  test(
    `${vp.name}: onboarding by keyboard, reasons agree with "why?", no overflow, axe clean`,
    { skip },
    async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: vp.width, height: vp.height });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + '/');
      await page.getByRole('heading', { name: 'Tell us what you like' }).waitFor();
      await page.getByTestId('notice').waitFor();
      // The popular list comes first: the most-rated titles, before any search.
      await page.getByRole('heading', { name: 'Popular to start with' }).waitFor();
      const popular = await page.locator('[data-testid=results] li').count();
      assert.equal(popular, 12);
      await look(page, vp.name, '1-start');

      // A search with no close match says so.
      await page.getByLabel('search titles').fill('qqxxzzvv');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: /No close match/ }).waitFor();

      // A typo: the last word's 2nd and 3rd letters swapped; the intended title must be the first hit.
      const words = bareTitle(17).toLowerCase().split(' ');
      const last = words.pop()!;
      const typo = [...words, last[0]! + last[2]! + last[1]! + last.slice(3)].join(' ');
      // End = 5 stars, then ArrowLeft = 4.5: half stars, chosen by keyboard, focus staying on the chosen star.
      await keyboardRate(page, typo, fx.dataset.items.raw(17), ['End', 'ArrowLeft']);
      const focused = await page.evaluate(() => ({
        rating: document.activeElement?.getAttribute('data-rating'),
        checked: document.activeElement?.getAttribute('aria-checked'),
        role: document.activeElement?.getAttribute('role'),
      }));
      assert.deepEqual(focused, { rating: '4.5', checked: 'true', role: 'radio' });
      const checked = await page
        .locator('[data-testid=results] li:first-child [role=radio][aria-checked=true]')
        .count();
      assert.equal(checked, 1, 'exactly one star is checked');
      await look(page, vp.name, '2-search-typo');

      const others = [3, 42, 77, 120];
      for (const [n, i] of others.entries())
        await keyboardRate(page, bareTitle(i), fx.dataset.items.raw(i), n === 0 ? ['Home'] : ['End']);
      await page.getByText('5 rated', { exact: true }).waitFor();
      await page.waitForFunction(() => /rated/.test(document.getElementById('live')?.textContent ?? ''));
      await tabTo(page, '[data-testid=recommend]', 40);
      await page.keyboard.press('Enter');
      const recs = page.locator('[data-testid=output] [data-testid=recs] > li');
      await recs.first().waitFor();
      assert.equal(await recs.count(), 10);
      // Focus moves to the result of the action, and the live region says so.
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Recommended for you');
      await page.waitForFunction(() =>
        /recommendations ready/.test(document.getElementById('live')?.textContent ?? ''),
      );
      const because = page.locator('[data-testid=output] .because');
      assert.ok((await because.count()) > 0, 'some recommendation says "because you liked …"');
      await look(page, vp.name, '3-recommendations');

      const newUser = (await page
        .locator('[data-testid=output] a[href^="#/user/"]')
        .first()
        .getAttribute('href'))!;
      // The first card with reasons: its "because" is the top of the "why?" page, same titles and shares.
      const card = page.locator('[data-testid=output] [data-testid=recs] > li', {
        has: page.locator('.because'),
      });
      const reasons = await card
        .first()
        .locator('.because .reason')
        .evaluateAll((els) =>
          els.map((e) => [
            e.querySelector('a')?.textContent ?? '',
            (e.querySelector('.share')?.textContent ?? '').slice(1, -1),
          ]),
        );
      assert.ok(reasons.length > 0, 'the card names its reasons');
      await card.first().locator('a.why').click();
      await page.getByRole('heading', { name: /^Why / }).waitFor();
      const rows = await page.locator('table tr').evaluateAll((trs) =>
        trs.slice(1).map((tr) => {
          const td = tr.querySelectorAll('td');
          return [td[0]?.textContent ?? '', td[2]?.textContent ?? ''];
        }),
      );
      assert.deepEqual(rows.slice(0, reasons.length), reasons, 'card reasons = top of the why page');
      await look(page, vp.name, '4-why');

      // The new user's page (from the link the result gives), an item page and the dashboard.
      await page.goto(`${base}/${newUser}`);
      await page.locator('[data-testid=recs] li').first().waitFor();
      await look(page, vp.name, '5-user');
      await page.locator('[data-testid=recs] li a.title').first().click();
      await page.getByRole('heading', { name: 'Similar items' }).waitFor();
      await page.locator('[data-testid=similar] li').first().waitFor();
      await look(page, vp.name, '6-item');
      await page.goto(`${base}/#/models`);
      await page.getByRole('heading', { name: 'Models & data' }).waitFor();
      await page.locator('[data-testid=eda] svg').first().waitFor();
      assert.ok(
        (await page.locator('[data-testid=eda] svg[role=img][aria-label]').count()) >= 3,
        'charts have titles',
      );
      await look(page, vp.name, '7-dashboard');
      assert.deepEqual(errors, []);
      await page.close();
    },
  );
}
