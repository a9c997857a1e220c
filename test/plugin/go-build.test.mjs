// Unit tests for the project's Serverless plugin: which functions each
// lifecycle hook builds, with the build commands recorded instead of run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const GoBuildPlugin = require('../../tools/serverless/go-build.cjs');

class FakeServerlessError extends Error {}

function fakeServerless(functions, provider = { architecture: 'arm64' }) {
  return {
    serviceDir: '/repo',
    classes: { Error: FakeServerlessError },
    processedInput: { commands: ['package'] },
    pluginManager: { plugins: [] },
    service: {
      provider,
      getAllFunctions: () => Object.keys(functions),
      getFunction: (name) => functions[name],
    },
  };
}

const functions = {
  pages: { package: { artifact: '.build/lambda/pages.zip' } },
  weather: { package: { artifact: '.build/lambda/weather.zip' } },
};

function withRecorder(plugin) {
  const calls = [];
  plugin.runCommand = (command, args) => calls.push([command, ...args].join(' '));
  return calls;
}

const quiet = { log: { notice() {}, warning() {} } };

test('package builds every function for the provider architecture', () => {
  const plugin = new GoBuildPlugin(fakeServerless(functions), {}, quiet);
  const calls = withRecorder(plugin);

  plugin.hooks['before:package:createDeploymentArtifacts']();

  assert.deepEqual(calls, [
    'go run ./tools/vendorassets',
    'go run ./tools/lambdabuild -arch arm64 pages weather',
  ]);
});

test('deploy function builds only that function', () => {
  const plugin = new GoBuildPlugin(fakeServerless(functions), { function: 'weather' }, quiet);
  const calls = withRecorder(plugin);

  plugin.hooks['before:deploy:function:packageFunction']();

  assert.equal(calls.at(-1), 'go run ./tools/lambdabuild -arch arm64 weather');
});

test('x86_64 is the default architecture', () => {
  const plugin = new GoBuildPlugin(fakeServerless(functions, {}), {}, quiet);
  const calls = withRecorder(plugin);

  plugin.hooks['before:package:createDeploymentArtifacts']();

  assert.equal(calls.at(-1), 'go run ./tools/lambdabuild -arch x86_64 pages weather');
});

test('an artifact outside .build/lambda is rejected', () => {
  const broken = { pages: { package: { artifact: 'dist/pages.zip' } } };
  const plugin = new GoBuildPlugin(fakeServerless(broken), {}, quiet);
  const calls = withRecorder(plugin);

  assert.throws(() => plugin.hooks['before:package:createDeploymentArtifacts'](), /\.build\/lambda\/pages\.zip/);
  assert.deepEqual(calls, []);
});

test('invoke local keeps the stock path with --docker', async () => {
  const stock = { constructor: { name: 'AwsInvokeLocal' } };
  stock.invokeLocal = () => 'stock';
  const serverless = fakeServerless({ pages: { ...functions.pages } }, { runtime: 'provided.al2023' });
  serverless.processedInput.commands = ['invoke', 'local'];
  serverless.pluginManager.plugins = [stock];

  const docker = new GoBuildPlugin(serverless, { function: 'pages', docker: true }, quiet);
  docker.hooks.initialize();
  assert.equal(stock.invokeLocal(), 'stock');

  const emulator = new GoBuildPlugin(serverless, { function: 'pages' }, quiet);
  emulator.invokeWithEmulator = () => 'emulator';
  emulator.hooks.initialize();
  assert.equal(await stock.invokeLocal(), 'emulator');
});

test('invoke local leaves out unresolved values', () => {
  const serverless = fakeServerless({});
  serverless.service.provider.environment = { LOG_LEVEL: 'info', PARAM_CACHE_TTL: 300 };
  const notices = [];
  const plugin = new GoBuildPlugin(serverless, {}, { log: { notice: (text) => notices.push(text) } });
  const fn = { environment: { TOKEN_ISSUER: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] }, OTHER: { Ref: 'X' } } };

  const env = plugin.configuredEnvironment(fn, ['TOKEN_ISSUER=http://127.0.0.1:3000']);

  assert.deepEqual(env, { LOG_LEVEL: 'info', PARAM_CACHE_TTL: '300' });
  assert.equal(notices.length, 1);
  assert.match(notices[0], /OTHER/);
});
