// Drives the UI in Debian's headless Chromium against the local stack
// (tools/devstack) on a phone-sized viewport: sign-in, welcome, weather with
// the 10-second refresh, sign-out and an expired session. The run fails when
// a request leaves the stack's origin, on console errors, on uncaught page
// errors and on Content Security Policy violations.
//
// The tests below share one browser tab and run in order, so a failing step
// usually makes the later steps fail too. Read the first failure.
//
// Needs Go, Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and
// `make assets`. Screenshots and the stack's log go to test-results/browser/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const resultsDir = join(root, 'test-results', 'browser');

const PASSWORD = 'browser test password';
const TOKEN_KEY = 'weather-portal.access-token';
const BUILD_TIMEOUT_MS = 5 * 60_000;
const READY_TIMEOUT_MS = 3 * 60_000;
const STOP_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 20_000;
// The page waits 10 s after a refresh ends before it starts the next one.
const REFRESH_MIN_MS = 9_000;
const REFRESH_MAX_MS = 13_000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LAST_UPDATED = /^Last updated \d{2}:\d{2}:\d{2}$/;
const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})\b/;

let stack;
let browser;
let context;
let page;
let origin;
let accessToken;

// What the browser did during the run, checked by the last tests.
const requests = [];
const foreignRequests = [];
const consoleErrors = [];
const cspViolations = [];
const pageErrors = [];
const unexpectedResponses = [];
// Failed responses that a step provokes on purpose, as "<status> <path>".
const expectedFailures = new Set();

/** Builds the devstack command and starts it on a free port with fresh state. */
async function startStack() {
  const dir = await mkdtemp(join(tmpdir(), 'weather-portal-browser-'));
  const binary = join(dir, 'devstack');
  const stateDir = join(dir, 'state');
  const readyFile = join(dir, 'ready.json');
  await mkdir(stateDir);

  await promisify(execFile)('go', ['build', '-o', binary, './tools/devstack'], {
    cwd: root,
    timeout: BUILD_TIMEOUT_MS,
  });

  const env = { ...process.env, DEV_PASSWORD: PASSWORD };
  delete env.OPENWEATHER_API_KEY;
  const args = ['-dir', root, '-addr', '127.0.0.1:0', '-state', stateDir, '-ready-file', readyFile];
  const child = spawn(binary, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });

  const running = { dir, child, output: [], exit: null };
  child.stdout.on('data', (chunk) => running.output.push(chunk));
  child.stderr.on('data', (chunk) => running.output.push(chunk));
  running.exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      running.exit = { code, signal };
      resolveExit(running.exit);
    });
  });

  running.ready = await waitForReadyFile(readyFile, running);
  return running;
}

/** Polls for the ready file and fails early when the stack exits first. */
async function waitForReadyFile(path, running) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch {
      // Not written yet. The stack renames the file into place, so a partial file is unlikely.
    }

    if (running.exit !== null) {
      throw new Error(`devstack exited with ${JSON.stringify(running.exit)} before it was ready:\n${stackLog(running)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`devstack not ready after ${READY_TIMEOUT_MS / 1000} s:\n${stackLog(running)}`);
    }
    await sleep(100);
  }
}

/** Sends SIGINT as Ctrl-C does and fails unless the stack exits cleanly within 30 s. */
async function stopStack(running) {
  if (running.exit === null) {
    running.child.kill('SIGINT');
  }

  const timedOut = Symbol('timed out');
  const timer = new AbortController();
  const deadline = sleep(STOP_TIMEOUT_MS, timedOut, { signal: timer.signal }).catch(() => undefined);
  const result = await Promise.race([running.exited, deadline]);
  timer.abort();
  await writeFile(join(resultsDir, 'devstack.log'), stackLog(running));

  if (result === timedOut) {
    running.child.kill('SIGKILL');
    throw new Error(`devstack did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT`);
  }
  assert.equal(result.code, 0, `devstack exit ${JSON.stringify(result)}, want code 0`);
  await rm(running.dir, { recursive: true, force: true });
}

function stackLog(running) {
  return Buffer.concat(running.output).toString('utf8');
}

/** Records requests, responses, console messages and CSP violations of every page in browserContext. */
async function watchContext(browserContext) {
  await browserContext.exposeBinding('reportCspViolation', (_source, violation) => {
    cspViolations.push(violation);
  });
  await browserContext.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        window.reportCspViolation({
          directive: event.violatedDirective,
          blockedURI: event.blockedURI,
          sourceFile: event.sourceFile,
          line: event.lineNumber,
        });
      },
      true,
    );
  });

  browserContext.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (!url.startsWith(`${origin}/`)) {
      foreignRequests.push(url);
    }
  });

  browserContext.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() >= 400 && !expectedFailures.has(`${response.status()} ${pathname}`)) {
      unexpectedResponses.push(`${response.status()} ${response.url()}`);
    }
  });

  browserContext.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) {
      cspViolations.push({ console: text });
    }
    if (message.type() === 'error' && !isExpectedFailure(text, message.location().url)) {
      consoleErrors.push(`${text} (${message.location().url})`);
    }
  });

  browserContext.on('weberror', (webError) => {
    pageErrors.push(String(webError.error()));
  });
}

/** Reports whether a console error only repeats a failed response that a step expects. */
function isExpectedFailure(text, url) {
  const match = FAILED_RESOURCE.exec(text);
  if (match === null || !url) {
    return false;
  }
  return expectedFailures.has(`${match[1]} ${new URL(url).pathname}`);
}

/** Polls read until accept returns true for its value, and returns that value. */
async function waitUntil(read, accept, description, timeoutMs = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}. Last value: ${JSON.stringify(value)}`);
    }
    await sleep(100);
    value = await read();
  }
  return value;
}

async function textOf(selector) {
  return (await page.locator(selector).textContent())?.trim() ?? '';
}

function lastUpdatedText() {
  return page.locator('#last-updated').textContent();
}

/** Waits until the weather card is visible and names place, such as "London, GB". */
async function waitForPlace(place) {
  await page.locator('#weather-card').waitFor({ state: 'visible' });
  await waitUntil(() => textOf('#weather-place'), (text) => text === place, `the card to show ${place}`);
}

function screenshot(name) {
  return page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

function sessionToken() {
  return page.evaluate((key) => window.sessionStorage.getItem(key), TOKEN_KEY);
}

before(
  async () => {
    await mkdir(resultsDir, { recursive: true });
    stack = await startStack();
    origin = new URL(stack.ready.url).origin;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
    });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await watchContext(context);
    page = await context.newPage();
  },
  { timeout: BUILD_TIMEOUT_MS + READY_TIMEOUT_MS + 60_000 },
);

after(async () => {
  await browser?.close();
  if (stack) {
    await stopStack(stack);
  }
});

test('stack serves sample data', () => {
  assert.equal(stack.ready.sample_data, true, 'ready file sample_data, want true without OPENWEATHER_API_KEY');
});

test('wrong password shows the problem detail', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.goto(`${origin}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  await page.getByLabel('Username').fill('dev');
  await page.getByLabel('Password').fill('not the password');
  expectedFailures.add('401 /api/login');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), 'Sign-in failed: Username or password is incorrect.');
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'password field after failure, want empty');
  assert.equal(new URL(page.url()).pathname, '/');
});

test('sign-in greets Dev User', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByLabel('Username').fill('dev');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForURL(`${origin}/welcome`);
  await page.getByRole('heading', { name: 'Welcome, Dev User!' }).waitFor();
  await screenshot('welcome');

  accessToken = await sessionToken();
  assert.equal(accessToken?.split('.').length, 3, `stored token ${accessToken}, want a JWT`);
});

test('weather card shows Bengaluru', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByRole('link', { name: 'Show the weather' }).click();
  await page.waitForURL(`${origin}/weather`);

  await waitForPlace('Bengaluru, IN');
  assert.match(await textOf('#weather-temperature'), /^-?\d+(\.\d)? °C$/);
  assert.match(await textOf('#weather-wind'), /^\d+(\.\d)? m\/s/);
  assert.ok(await page.getByText('Sample data', { exact: true }).isVisible(), 'sample data badge, want visible');
  assert.match(await lastUpdatedText(), LAST_UPDATED);
  assert.equal(await page.getByRole('alert').count(), 0, 'alerts on the weather page, want none');
  await screenshot('weather');
});

test('choosing Mumbai updates the card', { timeout: STEP_TIMEOUT_MS }, async () => {
  const response = page.waitForResponse((r) => r.url().includes('/api/weather?city=Mumbai'));
  await page.getByLabel('City', { exact: true }).selectOption('Mumbai');

  assert.equal((await response).status(), 200);
  await waitForPlace('Mumbai, IN');
  assert.match(await textOf('#weather-temperature'), /°C$/);
});

test('imperial units show °F and mph', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByText('°F, mph', { exact: true }).click();
  await waitUntil(() => textOf('#weather-temperature'), (text) => text.endsWith('°F'), 'a temperature in °F');
  assert.match(await textOf('#weather-wind'), /^\d+(\.\d)? mph/);

  await page.getByText('°C, m/s', { exact: true }).click();
  await waitUntil(() => textOf('#weather-temperature'), (text) => text.endsWith('°C'), 'a temperature in °C');
});

test('other city shows London', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByLabel('City', { exact: true }).selectOption({ label: 'Other…' });
  const cityName = page.getByLabel('City name');
  await cityName.waitFor();

  await cityName.fill('London');
  await page.getByRole('button', { name: 'Show' }).click();

  await waitForPlace('London, GB');
});

test('unknown city shows an error and keeps the card', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByLabel('City name').fill('Atlantis');
  expectedFailures.add('404 /api/weather');
  await page.getByRole('button', { name: 'Show' }).click();

  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(
    (await alert.textContent()).trim(),
    'Could not update the weather for Atlantis: City "Atlantis" not found. The card shows the last successful result.',
  );
  assert.ok(await page.locator('#weather-card').isVisible(), 'weather card after the error, want visible');
  assert.equal(await textOf('#weather-place'), 'London, GB');
  await screenshot('error');
});

test('weather refreshes after 10 seconds', { timeout: STEP_TIMEOUT_MS }, async () => {
  const loaded = page.waitForResponse((r) => r.url().includes('/api/weather?city=Bengaluru'));
  await page.getByLabel('City', { exact: true }).selectOption('Bengaluru');
  assert.equal((await loaded).status(), 200);
  await waitForPlace('Bengaluru, IN');
  const previous = await waitUntil(lastUpdatedText, (text) => LAST_UPDATED.test(text), 'a "Last updated" time');
  const loadedAt = Date.now();
  assert.equal(await page.getByRole('alert').count(), 0, 'alerts after a good load, want none');

  // A city half typed into "Other…" and not yet submitted must not reach
  // the refresh: it keeps showing the last applied city.
  await page.getByLabel('City', { exact: true }).selectOption({ label: 'Other…' });
  await page.getByLabel('City name').fill('Lon');

  // The next request must come from the page's own schedule, because this
  // test starts no load after the one above.
  const refresh = await page.waitForRequest((r) => r.url().includes('/api/weather?'), { timeout: REFRESH_MAX_MS });
  const elapsed = Date.now() - loadedAt;
  assert.ok(elapsed >= REFRESH_MIN_MS, `refresh request after ${elapsed} ms, want at least ${REFRESH_MIN_MS} ms`);
  assert.equal(new URL(refresh.url()).searchParams.get('city'), 'Bengaluru');

  const current = await waitUntil(lastUpdatedText, (text) => text !== previous, 'the "Last updated" time to change');
  assert.match(current, LAST_UPDATED);
});

test('sign-out returns to the sign-in page', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.waitForURL(`${origin}/login`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await sessionToken(), null, 'token after sign-out, want none');
});

test('tampered token on /weather shows the expired notice', { timeout: STEP_TIMEOUT_MS }, async () => {
  // Changing the first signature character changes the first signature byte,
  // so the token no longer verifies.
  const [header, payload, signature] = accessToken.split('.');
  const tampered = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  await page.evaluate(([key, token]) => window.sessionStorage.setItem(key, token), [TOKEN_KEY, tampered]);
  expectedFailures.add('401 /api/weather');

  await page.goto(`${origin}/weather`);

  await page.waitForURL(`${origin}/login`);
  const notice = page.getByRole('status').filter({ hasText: 'session expired' });
  await notice.waitFor();
  assert.equal((await notice.textContent()).trim(), 'Your session expired, please sign in again.');
  assert.equal(await sessionToken(), null, 'token after the 401, want none');
  await screenshot('session-expired');
});

test('every request stays on the stack origin', () => {
  assert.ok(requests.length > 0, 'no requests recorded');
  assert.deepEqual(foreignRequests, []);
});

test('no unexpected error responses', () => {
  assert.deepEqual(unexpectedResponses, []);
});

test('no console errors or page errors', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
});

test('no Content Security Policy violations', () => {
  assert.deepEqual(cspViolations, []);
});

test('stack log contains no password or token', () => {
  const log = stackLog(stack);
  assert.ok(!log.includes(PASSWORD), 'stack log contains the dev password');
  assert.ok(!log.includes(accessToken), 'stack log contains the access token');
});

// Runs after the checks above because it causes a violation on purpose, to
// show that the watchers catch one.
test('CSP watchers catch an inline style', { timeout: STEP_TIMEOUT_MS }, async () => {
  await page.goto(`${origin}/login`);
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red; }';
    document.head.append(style);
  });

  await waitUntil(() => cspViolations.length, (count) => count >= 2, 'a violation event and a console message');
  assert.ok(
    cspViolations.some((violation) => violation.directive?.startsWith('style-src')),
    `violations ${JSON.stringify(cspViolations)}, want a style-src event`,
  );
  assert.ok(
    cspViolations.some((violation) => violation.console !== undefined),
    `violations ${JSON.stringify(cspViolations)}, want a console message`,
  );
});
