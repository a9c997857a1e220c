// Runs `osls package` offline and without AWS credentials and reads the
// compiled CloudFormation template. The project plugin in tools/serverless
// builds the Go zips first, into .build/lambda.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

// Packages the service for stage and region into a temporary directory and
// returns { template, state }: the update-stack template and osls's
// serverless-state.json. Throws with osls's output when packaging fails.
// Packaging also writes .build/lambda, so two calls must not run at once.
export async function packageService({ stage, region }) {
  const out = await mkdtemp(join(tmpdir(), `weather-portal-package-${stage}-`));
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    delete env[name];
  }

  const args = ['package', '--stage', stage, '--package', out];
  if (region) {
    args.push('--region', region);
  }

  try {
    await run(join(root, 'node_modules', '.bin', 'osls'), args, { cwd: root, env, timeout: 120_000 });
    const template = JSON.parse(await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
    const state = JSON.parse(await readFile(join(out, 'serverless-state.json'), 'utf8'));
    return { template, state };
  } catch (error) {
    throw new Error(`osls ${args.join(' ')} failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
