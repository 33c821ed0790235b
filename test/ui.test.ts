// End-to-end test of the web UI in headless Chromium (Debian's `chromium`, driven by playwright-core):
// onboarding clicked through, screenshots kept under artifacts/ui/.
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

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const repo = fileURLToPath(new URL('..', import.meta.url));
const shots = join(repo, 'artifacts', 'ui');
const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure, never a silent skip.
const skip =
  !haveChromium && process.env['CI'] !== 'true'
    ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
    : false;

let fx: Fixture;
let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let profile: string;

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
  app = await makeServer(fx, { webRoot: join(repo, 'web', 'dist') });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  mkdirSync(shots, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), 'gnnrec-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
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
});

/** Title of a dataset item without its year. */
function bareTitle(i: number): string {
  return fx.dataset.itemMeta[i]!.title!.replace(/ \(\d{4}\)$/, '');
}

/** Searches `query` and rates the hit whose id is `item` with `stars` stars. */
async function searchAndRate(page: Page, query: string, item: string, stars: number): Promise<void> {
  await page.getByLabel('search titles').fill(query);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.locator(`[data-testid=results] li[data-item="${item}"]`);
  await row.waitFor();
  await row.locator(`button[data-rating="${stars}"]`).click();
}

test(
  'onboarding: search with a typo, rate five titles, get recommendations with reasons',
  { skip },
  async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/');
    await page.getByRole('heading', { name: 'Tell us what you like' }).waitFor();

    // A typo: the last word's 2nd and 3rd letters swapped; the intended title must be the first hit.
    const words = bareTitle(17).toLowerCase().split(' ');
    const last = words.pop()!;
    const typo = [...words, last[0]! + last[2]! + last[1]! + last.slice(3)].join(' ');
    await page.getByLabel('search titles').fill(typo);
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.locator('[data-testid=results] li').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-item'), fx.dataset.items.raw(17), `typo '${typo}'`);
    await page.screenshot({ path: join(shots, '1-search-typo.png'), fullPage: true });
    await first.locator('button[data-rating="5"]').click();

    for (const i of [3, 42, 77, 120]) await searchAndRate(page, bareTitle(i), fx.dataset.items.raw(i), 4);
    await page.getByText('5 of 5 rated').waitFor();
    await page.screenshot({ path: join(shots, '2-rated-five.png'), fullPage: true });

    await page.getByTestId('recommend').click();
    const recs = page.locator('[data-testid=output] [data-testid=recs] li');
    await recs.first().waitFor();
    assert.equal(await recs.count(), 10);
    const kind = app.gnnrec.engine.models[0]!.kind;
    if (kind !== 'popular') {
      const because = page.locator('[data-testid=output] .because');
      assert.ok((await because.count()) > 0, 'some recommendation says "because you liked …"');
      assert.match((await because.first().textContent()) ?? '', /^Because you liked /);
    }
    await page.screenshot({ path: join(shots, '3-recommendations.png'), fullPage: true });

    // The new user's page and an item page work from the links.
    await page.locator('[data-testid=output] a[href^="#/user/"]').click();
    await page.locator('[data-testid=recs] li').first().waitFor();
    await page.screenshot({ path: join(shots, '4-user-page.png'), fullPage: true });
    await page.locator('[data-testid=recs] li a.title').first().click();
    await page.getByRole('heading', { name: 'Similar items' }).waitFor();
    await page.locator('[data-testid=similar] li').first().waitFor();
    await page.screenshot({ path: join(shots, '5-item-page.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  },
);

test('model dashboard shows metrics and EDA charts', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(base + '/#/models');
  await page.getByRole('heading', { name: 'Models & data' }).waitFor();
  await page.locator('[data-testid=eda] svg').first().waitFor();
  assert.ok((await page.locator('[data-testid=eda] svg').count()) >= 4, 'EDA charts drawn');
  await page.screenshot({ path: join(shots, '6-dashboard.png'), fullPage: true });
  await page.close();
});
