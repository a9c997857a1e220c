// Packages the service with the real Serverless CLI (osls), offline and
// without AWS credentials, and checks the compiled CloudFormation template.
// The project plugin in tools/serverless builds the Go zips first.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

let resources;

before(async () => {
  const out = await mkdtemp(join(tmpdir(), 'weather-portal-package-'));
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    delete env[name];
  }

  await run(join(root, 'node_modules', '.bin', 'osls'), ['package', '--stage', 'ci', '--package', out], {
    cwd: root,
    env,
    timeout: 120_000,
  });
  const template = JSON.parse(await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
});

function ofType(type) {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

// Maps each route key to the function its integration invokes.
function routeTable() {
  const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration'));
  const functionsByLogicalId = Object.fromEntries(
    ofType('AWS::Lambda::Function').map(([id, resource]) => [id, resource.Properties.FunctionName]),
  );

  const table = {};
  for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
    const props = route.Properties;
    const integrationId = props.Target['Fn::Join'][1][1].Ref;
    const uri = integrations[integrationId].Properties.IntegrationUri;
    const functionId = uri['Fn::GetAtt'][0];
    table[props.RouteKey] = {
      function: functionsByLogicalId[functionId],
      authorization: props.AuthorizationType ?? 'NONE',
      scopes: props.AuthorizationScopes ?? [],
    };
  }
  return table;
}

test('every route goes to its function', () => {
  const table = routeTable();
  const want = {
    'GET /': 'pages',
    'GET /login': 'pages',
    'GET /welcome': 'pages',
    'GET /weather': 'pages',
    'GET /static/{proxy+}': 'pages',
    'GET /favicon.ico': 'pages',
    'GET /health': 'pages',
    'POST /api/login': 'login',
    'GET /.well-known/openid-configuration': 'login',
    'GET /.well-known/jwks.json': 'login',
    'GET /api/welcome': 'welcome',
    'GET /api/weather': 'weather',
  };

  assert.deepEqual(Object.keys(table).sort(), Object.keys(want).sort());
  for (const [routeKey, fn] of Object.entries(want)) {
    assert.equal(table[routeKey].function, `weather-portal-ci-${fn}`, routeKey);
  }
});

test('authorizer guards exactly the API routes', () => {
  const table = routeTable();
  const protectedRoutes = Object.keys(table).filter((key) => table[key].authorization === 'JWT').sort();

  assert.deepEqual(protectedRoutes, ['GET /api/weather', 'GET /api/welcome']);
  assert.deepEqual(table['GET /api/weather'].scopes, ['weather:read']);
  assert.deepEqual(table['GET /api/welcome'].scopes, []);
});

test('JWT authorizer trusts the API itself', () => {
  const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
  assert.equal(authorizers.length, 1);

  const props = authorizers[0][1].Properties;
  assert.equal(props.AuthorizerType, 'JWT');
  assert.deepEqual(props.IdentitySource, ['$request.header.Authorization']);
  assert.deepEqual(props.JwtConfiguration.Audience, ['weather-portal']);
  assert.deepEqual(props.JwtConfiguration.Issuer, { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
});

test('functions run Go on arm64 with tracing', () => {
  const functions = ofType('AWS::Lambda::Function');
  assert.equal(functions.length, 4);

  for (const [id, { Properties: props }] of functions) {
    assert.equal(props.Runtime, 'provided.al2023', id);
    assert.equal(props.Handler, 'bootstrap', id);
    assert.deepEqual(props.Architectures, ['arm64'], id);
    assert.deepEqual(props.TracingConfig, { Mode: 'Active' }, id);
    assert.ok(props.Timeout <= 10, `${id} timeout ${props.Timeout}`);
    assert.equal(props.Environment.Variables.PARAM_PREFIX, '/weather-portal/ci', id);
  }
});

test('logs are kept for a bounded time', () => {
  const groups = ofType('AWS::Logs::LogGroup');
  assert.equal(groups.length, 4);
  for (const [id, group] of groups) {
    assert.equal(group.Properties.RetentionInDays, 14, id);
  }
});

test('functions read only the stage parameters', () => {
  const statements = ofType('AWS::IAM::Role').flatMap(([, role]) =>
    role.Properties.Policies.flatMap((policy) => policy.PolicyDocument.Statement),
  );
  const ssm = statements.filter((statement) => statement.Action.some((action) => action.startsWith('ssm:')));

  assert.equal(ssm.length, 1);
  assert.deepEqual(ssm[0].Action.sort(), ['ssm:GetParameter', 'ssm:GetParametersByPath']);
  for (const resource of ssm[0].Resource) {
    const parts = resource['Fn::Join'][1];
    const suffix = parts[parts.length - 1];
    assert.match(suffix, /^:parameter\/weather-portal\/ci\//);
    assert.doesNotMatch(JSON.stringify(resource), /"\*"/);
  }
  for (const statement of statements) {
    assert.ok(!statement.Action.includes('*'), `wildcard action in ${JSON.stringify(statement)}`);
  }
});

test('login gets the issuer and the token settings', () => {
  const login = resources.LoginLambdaFunction.Properties.Environment.Variables;
  assert.deepEqual(login.TOKEN_ISSUER, { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
  assert.equal(login.TOKEN_AUDIENCE, 'weather-portal');
  assert.equal(login.TOKEN_LIFETIME, '15m');
});
