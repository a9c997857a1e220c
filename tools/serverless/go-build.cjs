'use strict';

// A project-local Serverless plugin that builds the Go functions before osls
// packages or deploys them, so `npx osls package`, `npx osls deploy` and
// `npx osls deploy function -f NAME` need no separate build step. Each
// function's package.artifact must be .build/lambda/<name>.zip, the path
// that tools/lambdabuild writes.

const { execFileSync } = require('node:child_process');
const path = require('node:path');

class GoBuildPlugin {
  constructor(serverless, options, { log } = {}) {
    this.serverless = serverless;
    this.options = options;
    this.log = log ?? { notice: console.log };

    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.build(this.functionNames()),
      'before:deploy:function:packageFunction': () => this.build([this.options.function]),
    };
  }

  functionNames() {
    return this.serverless.service.getAllFunctions();
  }

  build(names) {
    const root = this.serverless.serviceDir;
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
    run('go', ['run', './tools/vendorassets'], root);
    run('go', ['run', './tools/lambdabuild', '-arch', architecture, ...names], root);
  }
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

module.exports = GoBuildPlugin;
