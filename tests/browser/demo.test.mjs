// The demo in a real browser: scripts/develop, then headless Chromium signs in,
// adds the router through the config flow and reads the dashboard, as a new user
// following the README would. Run by scripts/test's browser lane (node --test).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { Demo, freePort, lanes } from './demo.mjs';
import { ADMIN, BLUEPRINTS, DEMO_USER, ROUTER, addRouter, api, launch, signIn, ws } from './ui.mjs';

const ENTRY_LOADED = 120_000;
const RESTART = 180_000;

// What the example dashboard shows of the simulated router, as a screen reader reads it.
const DASHBOARD = [
  /heading "WAN status"/,
  /Cellular 1 .*Connected/,
  /Router down \d+(\.\d+)? Mbit\/s/,
  /Temperature \d+(\.\d+)? °C/,
  /Router downloaded \d+(\.\d+)? GB/,
  new RegExp(`button "${ROUTER.name} Location"`),
];

let workdir;
let lanesBefore;
let runs = 0;

before(() => {
  workdir = mkdtempSync(join(tmpdir(), 'peplink-browser-'));
  lanesBefore = lanes();
});

after(() => {
  if (process.env.PEPLINK_KEEP === undefined) rmSync(workdir, { recursive: true, force: true });
});

/** Run `body` with a demo and a browser, stopping both however it ends. */
async function withDemo(options, body) {
  const demo = new Demo({
    config: join(workdir, options.name),
    log: join(workdir, `${options.name}.${(runs += 1)}.log`),
    simPort: options.simPort ?? (await freePort()),
    hassPort: options.hassPort ?? (await freePort()),
    https: options.https ?? false,
  });
  const { browser, page } = await launch();
  try {
    await demo.start();
    await body(demo, page);
  } catch (error) {
    error.message += `\n\nscripts/develop's output:\n${demo.tail()}`;
    throw error;
  } finally {
    await browser.close();
    await demo.stop();
  }
  return demo;
}

/** The router's config entry once loaded (or the state it is stuck in). */
async function loadedEntry(demo, page) {
  return demo.until('the config entry loaded', ENTRY_LOADED, async () => {
    const entries = await api(page, '/api/config/config_entries/entry?domain=peplink');
    assert.equal(entries.length, 1, `one Peplink entry, not ${entries.length}`);
    const [entry] = entries;
    assert.ok(!['setup_error', 'migration_error'].includes(entry.state), `entry ${entry.state}: ${entry.reason}`);
    return entry.state === 'loaded' ? entry : undefined;
  });
}

/** The WANs' "connected since", by name, in milliseconds since the epoch. */
async function connectedSince(page) {
  const states = await api(page, '/api/states');
  const found = states.filter(
    (state) => state.attributes.device_class === 'timestamp' && / Connected since$/.test(state.attributes.friendly_name),
  );
  assert.ok(found.some((state) => !Number.isNaN(Date.parse(state.state))), 'a connected WAN has a "connected since"');
  return Object.fromEntries(found.map((state) => [state.attributes.friendly_name, Date.parse(state.state)]));
}

test('the demo, as the README tells: sign in, add the router, read the dashboard', async () => {
  await withDemo({ name: 'http' }, async (demo, page) => {
    await signIn(page, demo.url, DEMO_USER);
    // Onboarding never asked this US English browser: the units stay metric.
    const config = await api(page, '/api/config');
    assert.equal(config.unit_system.length, 'km');
    assert.equal(config.unit_system.temperature, '°C');

    await addRouter(page, demo.url, { port: demo.simPort, https: false, credentials: ADMIN });
    const entry = await loadedEntry(demo, page);
    assert.equal(entry.title, ROUTER.name);

    await page.goto(`${demo.url}/peplink-router`);
    const dashboard = await demo.until("the example dashboard's values", ENTRY_LOADED, async () => {
      const text = await page.locator('body').ariaSnapshot();
      return DASHBOARD.every((value) => value.test(text)) ? text : undefined;
    });
    assert.doesNotMatch(dashboard, /Entity not available|Entity not found/);
    // The one repair is Home Assistant's about how the demo runs it, as the README says.
    const { issues } = await ws(page, { type: 'repairs/list_issues' });
    assert.deepEqual(
      issues.map((issue) => `${issue.domain}.${issue.issue_id}`),
      ['homeassistant.deprecated_method'],
    );
    if (process.env.PEPLINK_SCREENSHOT) {
      // The README's picture (docs/dashboard.png), in its size.
      await page.setViewportSize({ width: 1400, height: 1150 });
      await page.getByRole('heading', { name: 'Data totals' }).waitFor();
      await page.screenshot({ path: process.env.PEPLINK_SCREENSHOT });
    }

    // The blueprints are in Home Assistant's list, ready to use.
    await page.goto(`${demo.url}/config/blueprint/dashboard`);
    for (const name of BLUEPRINTS) {
      await page.getByRole('rowheader', { name }).waitFor();
    }

    // Settings → Restart: the demo starts Home Assistant again while the router
    // runs on, on a clock that follows real time: the WANs' "connected since"
    // stay where they were.
    const before = await connectedSince(page);
    const starts = demo.hassStarts();
    await api(page, '/api/services/homeassistant/restart', 'POST');
    // Counted in its log, not by watching it go silent: it may be back between two looks.
    await demo.until('Home Assistant started again', RESTART, () => demo.hassStarts() > starts || undefined);
    await demo.until('Home Assistant answers again', RESTART, async () => (await demo.answers()) || undefined);
    await page.reload();
    await loadedEntry(demo, page);
    const afterRestart = await connectedSince(page);
    assert.deepEqual(Object.keys(afterRestart), Object.keys(before));
    for (const [name, since] of Object.entries(before)) {
      // A WAN that is not connected has none, before and after.
      const moved = Number.isNaN(since) ? Number.isNaN(afterRestart[name]) ? 0 : Infinity : Math.abs(afterRestart[name] - since);
      assert.ok(moved <= 2_000, `${name}: ${new Date(since)} before, ${new Date(afterRestart[name])} after`);
    }
  });
});

test('the demo over HTTPS: the certificate shown is the simulator\'s, and kept across restarts', async () => {
  const options = { name: 'https', https: true, simPort: await freePort(), hassPort: await freePort() };
  const first = await withDemo(options, async (demo, page) => {
    const fingerprint = demo.fingerprint();
    assert.ok(fingerprint, 'the simulator prints its certificate\'s fingerprint');
    await signIn(page, demo.url, DEMO_USER);
    await addRouter(page, demo.url, { port: demo.simPort, https: true, credentials: ADMIN, fingerprint });
    await loadedEntry(demo, page);
  });
  // Started again, the simulator presents the same certificate: the pinned
  // entry loads, with no repair about a changed certificate.
  await withDemo(options, async (demo, page) => {
    assert.equal(demo.fingerprint(), first.fingerprint());
    await signIn(page, demo.url, DEMO_USER);
    await loadedEntry(demo, page);
  });
});

test('no demo run changed a test lane', () => {
  assert.ok(Object.keys(lanesBefore).length > 0, 'the lanes were found');
  assert.deepEqual(lanes(), lanesBefore);
});
