// Runs `osls invoke local` for real: the project plugin builds the function,
// runs its binary under the Lambda Runtime Interface Emulator against the
// local SSM and OpenWeather stand-ins, and prints the response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const password = 'invoke-test-password';
let stateDir;

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'weather-portal-invoke-state-'));
});

after(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

// Runs osls with args and returns its exit code and output.
function osls(args, extraEnv = {}) {
  return new Promise((resolvePromise, reject) => {
    const env = {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      LOCAL_STATE_DIR: stateDir,
      DEV_PASSWORD: password,
      ...extraEnv,
    };
    delete env.OPENWEATHER_API_KEY;
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    const child = spawn(join(root, 'node_modules', '.bin', 'osls'), args, { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

// Returns the last JSON object that osls printed on stdout.
function response(stdout) {
  const start = stdout.indexOf('{\n');
  assert.notEqual(start, -1, `no JSON response in output:\n${stdout}`);
  return JSON.parse(stdout.slice(start));
}

test('weather event returns sample weather', { timeout: 180_000 }, async () => {
  const result = await osls(['invoke', 'local', '-f', 'weather', '-p', 'events/weather.json']);
  assert.equal(result.code, 0, result.stderr);

  const resp = response(result.stdout);
  assert.equal(resp.statusCode, 200);
  const body = JSON.parse(resp.body);
  assert.equal(body.city, 'Bengaluru');
  assert.equal(body.sample, true);
  assert.match(result.stderr, /\[weather#1\] REPORT RequestId/, 'function logs are shown');
});

test('env override reaches the function', { timeout: 180_000 }, async () => {
  const result = await osls([
    'invoke', 'local', '-f', 'weather', '-p', 'events/weather.json', '--env', 'WEATHER_SAMPLE_DATA=false',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(response(result.stdout).body).sample, false);
});

test('login signs in the seeded user', { timeout: 180_000 }, async () => {
  const event = JSON.stringify({
    rawPath: '/api/login',
    requestContext: { http: { method: 'POST' }, domainName: 'api.example.test' },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dev', password }),
  });
  const result = await osls(['invoke', 'local', '-f', 'login', '-d', event]);
  assert.equal(result.code, 0, result.stderr);

  const resp = response(result.stdout);
  assert.equal(resp.statusCode, 200);
  assert.equal(JSON.parse(resp.body).token_type, 'Bearer');
  assert.ok(!result.stderr.includes(password), 'the password does not reach the logs');
});

// The emulator delivery of the client context itself is tested in
// tools/internal/lambdapool; this checks the option's path through osls.
test('context option takes a JSON object', { timeout: 180_000 }, async () => {
  const result = await osls([
    'invoke', 'local', '-f', 'welcome', '-p', 'events/welcome.json', '--context', '{"custom":{"tenant":"acme"}}',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(response(result.stdout).body).name, 'Dev User');

  const invalid = await osls(['invoke', 'local', '-f', 'welcome', '-p', 'events/welcome.json', '--context', 'nope']);
  assert.notEqual(invalid.code, 0);
  assert.match(invalid.stdout + invalid.stderr, /--context is not valid JSON/);
});

test('function failure exits non-zero', { timeout: 180_000 }, async () => {
  const result = await osls(['invoke', 'local', '-f', 'weather', '-d', '"not an event"']);
  assert.notEqual(result.code, 0);
  assert.match(result.stdout + result.stderr, /errorMessage|failed/);
});

test('every sample event gets a 2xx from its function', { timeout: 600_000 }, async () => {
  const cases = {
    'pages.json': 'pages',
    'pages-login.json': 'pages',
    'pages-welcome.json': 'pages',
    'pages-weather.json': 'pages',
    'pages-static.json': 'pages',
    'pages-favicon.json': 'pages',
    'pages-health.json': 'pages',
    'login-openid-configuration.json': 'login',
    'login-jwks.json': 'login',
    'welcome.json': 'welcome',
  };
  for (const [file, fn] of Object.entries(cases)) {
    const result = await osls(['invoke', 'local', '-f', fn, '-p', `events/${file}`]);
    assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    const status = response(result.stdout).statusCode;
    assert.ok(status >= 200, `${file}: status ${status}, want 2xx`);
    assert.ok(status < 300, `${file}: status ${status}, want 2xx`);
  }
});
