// Home Assistant's frontend, used as a person would: by the words on the screen.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { PROJECT } from './demo.mjs';

// Deadlines in milliseconds: generous for a busy machine, but every wait has one.
const STEP = 60_000;

// The words of the config flow, as the integration's translations give them.
const strings = JSON.parse(
  readFileSync(join(PROJECT, 'custom_components/peplink/translations/en.json'), 'utf8'),
).config.step;

// The simulated router of scripts/develop's default profile.
export const ROUTER = JSON.parse(readFileSync(join(PROJECT, 'simulator/profiles/max.json'), 'utf8')).device;
export const ADMIN = { username: 'admin', password: 'admin' };
// The user scripts/develop makes when it onboards Home Assistant.
export const DEMO_USER = { username: 'demo', password: 'demo' };

// The blueprints' names, as Home Assistant lists them.
export const BLUEPRINTS = readdirSync(join(PROJECT, 'blueprints/automation/peplink'))
  .map((file) => readFileSync(join(PROJECT, 'blueprints/automation/peplink', file), 'utf8'))
  .map((text) => text.match(/^ {2}name: (.+)$/m)[1]);

/** Headless Chromium from Debian's package, with an English browser in New York. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // A browser whose language and time zone would make onboarding choose US units.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  context.setDefaultTimeout(STEP);
  return { browser, page: await context.newPage() };
}

const startsWith = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/** Sign in on Home Assistant's sign-in page, and wait for the app. */
export async function signIn(page, url, { username, password }) {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: /Settings/ }).waitFor();
}

/** Settings → Devices & services → Add integration → Peplink, then the config flow. */
export async function addRouter(page, url, { port, https, credentials, fingerprint }) {
  await page.goto(`${url}/config/integrations/dashboard`);
  await page.getByRole('button', { name: 'Add integration' }).click();
  await page.getByRole('dialog', { name: 'Select brand' }).waitFor();
  await page.keyboard.type('Peplink');
  await page.getByRole('button', { name: 'Peplink', exact: true }).click();

  const user = strings.user.data;
  await page.getByRole('textbox', { name: startsWith(user.host) }).fill('127.0.0.1');
  await page.getByRole('spinbutton', { name: startsWith(user.port) }).fill(String(port));
  await setSwitch(page, startsWith(user.ssl), https);
  await page.getByRole('button', { name: 'Submit' }).click();

  await page.getByText(strings.auth_method.menu_options.admin, { exact: true }).click();
  if (fingerprint !== undefined) {
    // Over HTTPS the sign-in form shows the certificate before anything is sent.
    await page.getByText(fingerprint).waitFor();
  }
  const admin = strings.admin.data;
  await page.getByRole('textbox', { name: startsWith(admin.username) }).fill(credentials.username);
  await page.getByRole('textbox', { name: startsWith(admin.password) }).fill(credentials.password);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('button', { name: 'Skip and finish' }).click();
}

/** Turn a switch on or off with the keyboard, as its thumb covers the control. */
async function setSwitch(page, name, on) {
  const control = page.getByRole('switch', { name });
  if ((await control.isChecked()) !== on) {
    await control.focus();
    await page.keyboard.press('Space');
  }
}

/** A REST call of Home Assistant's API, as the signed-in user. */
export async function api(page, path, method = 'GET') {
  return page.evaluate(
    async ({ path, method }) => {
      const { access_token: token } = JSON.parse(localStorage.getItem('hassTokens'));
      const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
      return response.json();
    },
    { path, method },
  );
}

/** A websocket command of Home Assistant's API, through the frontend's connection. */
export async function ws(page, message) {
  return page.evaluate((message) => document.querySelector('home-assistant').hass.callWS(message), message);
}
