'use strict';

// A project-local Serverless plugin for Go functions on provided.* runtimes.
//
// - Before osls packages or deploys, it builds each function into
//   .build/lambda/<name>.zip (tools/lambdabuild), so `npx osls package`,
//   `npx osls deploy` and `npx osls deploy function -f NAME` need no separate
//   build step. Each function's package.artifact must be that path.
// - `npx osls invoke local` runs the function's real compiled binary under
//   the Lambda Runtime Interface Emulator (tools/invoke) in place of the
//   stock Docker image, with the function's environment from serverless.yml
//   and the local SSM and OpenWeather stand-ins. `--docker` keeps the stock
//   behaviour.

const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

class GoBuildPlugin {
  constructor(serverless, options, { log } = {}) {
    this.serverless = serverless;
    this.options = options;
    this.log = log ?? { notice: console.log, warning: console.warn };
    // runCommand runs a build step; tests replace it to record the calls.
    this.runCommand = (command, args) =>
      execFileSync(command, args, { cwd: this.serverless.serviceDir, stdio: ['ignore', 'ignore', 'inherit'] });

    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.build(this.serverless.service.getAllFunctions()),
      'before:deploy:function:packageFunction': () => this.build([this.options.function]),
      // The stock invoke local plugin resolves the environment in its own
      // before:invoke:local:loadEnvVars hook, which runs before any hook of
      // this plugin for that event, so the switch happens at initialize.
      initialize: () => this.takeOverInvokeLocal(),
    };
  }

  build(names) {
    const architecture = this.serverless.service.provider.architecture ?? 'x86_64';

    for (const name of names) {
      const artifact = this.serverless.service.getFunction(name).package?.artifact;
      const expected = path.join('.build', 'lambda', `${name}.zip`);
      if (path.normalize(artifact ?? '') !== expected) {
        throw new this.serverless.classes.Error(
          `Function "${name}" must set package.artifact to ${expected}, where the Go build writes it.`,
        );
      }
    }

    this.log.notice(`Building ${names.join(', ')} for linux/${architecture}`);
    this.runCommand('go', ['run', './tools/vendorassets']);
    this.runCommand('go', ['run', './tools/lambdabuild', '-arch', architecture, ...names]);
  }

  // Replaces the stock invoke local steps for provided.* runtimes. The stock
  // plugin would resolve CloudFormation references in the environment (which
  // needs AWS credentials) and then start a Docker image.
  takeOverInvokeLocal() {
    const [command, subcommand] = this.serverless.processedInput.commands;
    if (command !== 'invoke' || subcommand !== 'local') {
      return;
    }

    const stock = this.serverless.pluginManager.plugins.find((plugin) => plugin.constructor.name === 'AwsInvokeLocal');
    const runtime = this.serverless.service.getFunction(this.options.function).runtime
      ?? this.serverless.service.provider.runtime;
    if (!stock || this.options.docker || !String(runtime).startsWith('provided')) {
      return;
    }

    stock.loadEnvVars = async () => {};
    stock.invokeLocal = async () => this.invokeWithEmulator(stock.options);
  }

  // Runs tools/invoke with the event and context that the stock validation
  // already read from -p, -d, stdin, --context or --contextPath.
  invokeWithEmulator(validated) {
    const service = this.serverless.service;
    const name = this.options.function;
    const fn = service.getFunction(name);
    const scratch = mkdtempSync(path.join(tmpdir(), 'weather-portal-invoke-'));

    try {
      const eventFile = path.join(scratch, 'event.json');
      writeFileSync(eventFile, JSON.stringify(validated.data ?? {}));
      const envFile = path.join(scratch, 'env.json');
      const overrides = [].concat(this.options.env ?? []);
      writeFileSync(envFile, JSON.stringify(this.configuredEnvironment(fn, overrides)));

      const args = [
        'run', './tools/invoke',
        '-function', name,
        '-stage', this.serverless.service.provider.stage,
        '-region', this.serverless.service.provider.region,
        '-timeout', `${fn.timeout ?? service.provider.timeout ?? 6}s`,
        '-memory', String(fn.memorySize ?? service.provider.memorySize ?? 1024),
        '-env-file', envFile,
        '-event-file', eventFile,
      ];
      if (validated.context !== undefined && validated.context !== '') {
        const contextFile = path.join(scratch, 'context.json');
        writeFileSync(contextFile, this.clientContextJSON(validated.context));
        args.push('-context-file', contextFile);
      }
      for (const pair of overrides) {
        args.push('-env', pair);
      }

      const result = spawnSync('go', args, { cwd: this.serverless.serviceDir, stdio: 'inherit' });
      if (result.error) {
        throw new this.serverless.classes.Error(`Could not run go: ${result.error.message}`);
      }
      if (result.status !== 0) {
        throw new this.serverless.classes.Error(`Function "${name}" failed (exit status ${result.status}); see the output above.`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  // Returns the client context as JSON text. --context arrives as the raw
  // text, --contextPath as parsed JSON.
  clientContextJSON(context) {
    if (typeof context !== 'string') {
      return JSON.stringify(context);
    }
    try {
      JSON.parse(context);
    } catch (error) {
      throw new this.serverless.classes.Error(`--context is not valid JSON: ${error.message}`);
    }
    return context;
  }

  // Returns provider and function environment variables that have a literal
  // value. CloudFormation references (Fn::GetAtt, Ref, ...) exist only in a
  // deployed stack, so they are left out, with a notice unless an --env
  // override (KEY=VALUE) sets them.
  configuredEnvironment(fn, overrides = []) {
    const merged = { ...(this.serverless.service.provider.environment ?? {}), ...(fn.environment ?? {}) };
    const overridden = new Set(overrides.map((pair) => pair.split('=')[0]));
    const literal = {};
    for (const [key, value] of Object.entries(merged)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        literal[key] = String(value);
      } else if (!overridden.has(key)) {
        this.log.notice(`Leaving out ${key}: its value is resolved only in a deployed stack (pass --env ${key}=... to set it)`);
      }
    }
    return literal;
  }
}

module.exports = GoBuildPlugin;
