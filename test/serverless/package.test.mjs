// Packages the service with the real Serverless CLI (osls) for two stages,
// offline and without AWS credentials, and runs the checks in checks.mjs,
// dashboard-checks.mjs and cfnspec.mjs on the compiled CloudFormation
// templates. The last suite feeds
// the same checks mutated copies of a template to show that they fail.
import { test, before, describe } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkAuthorization,
  checkExecutionRoles,
  checkFunctions,
  checkLogGroups,
  checkPermissions,
  checkPolicyWildcards,
  checkRoutes,
  checkRouteThrottling,
  resourcesOfType,
} from './checks.mjs';
import { checkResourceSpec, loadSpecification } from './cfnspec.mjs';
import { checkAlarms, checkDashboards } from './dashboard-checks.mjs';
import { packageService } from './osls.mjs';

// The stage settings that serverless.yml sets in custom.stageSettings. "ci"
// has no entry there, so it gets the defaults. The prod run also passes
// --region.
const stages = [
  {
    stage: 'ci',
    region: undefined,
    wantRegion: 'eu-west-1',
    memorySize: 256,
    logLevel: 'info',
    logRetentionInDays: 14,
    tokenLifetime: '15m',
    weatherCacheTtl: '60s',
    paramCacheTtl: '5m',
    loginThrottling: { burstLimit: 10, rateLimit: 5 },
    alarms: { lambdaErrorsThreshold: 0, errors5xxThreshold: 0, alarmTopicArn: '' },
  },
  {
    stage: 'prod',
    region: 'us-east-1',
    wantRegion: 'us-east-1',
    memorySize: 512,
    logLevel: 'warn',
    logRetentionInDays: 90,
    tokenLifetime: '15m',
    weatherCacheTtl: '60s',
    paramCacheTtl: '5m',
    loginThrottling: { burstLimit: 20, rateLimit: 10 },
    alarms: { lambdaErrorsThreshold: 0, errors5xxThreshold: 3, alarmTopicArn: '' },
  },
];

const protectedRoutes = {
  'GET /api/welcome': [],
  'GET /api/weather': ['weather:read'],
};

function functionName(stage, fn) {
  return `weather-portal-${stage}-${fn}`;
}

function wantRoutes(stage) {
  const routes = {
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
  return Object.fromEntries(Object.entries(routes).map(([key, fn]) => [key, functionName(stage, fn)]));
}

// Returns the exact permissions of each function's role, with the pseudo
// parameters resolved to the placeholders of intrinsic.mjs.
function wantPermissions(stage) {
  const basics = (fn) => {
    const logGroup = `arn:aws:logs:REGION:ACCOUNT:log-group:/aws/lambda/${functionName(stage, fn)}`;
    return [
      `logs:CreateLogStream ${logGroup}:*`,
      `logs:PutLogEvents ${logGroup}:log-stream:*`,
      'xray:PutTelemetryRecords *',
      'xray:PutTraceSegments *',
    ];
  };
  const parameter = (name) => `arn:aws:ssm:REGION:ACCOUNT:parameter/weather-portal/${stage}/${name}`;

  return {
    [functionName(stage, 'pages')]: basics('pages'),
    [functionName(stage, 'welcome')]: basics('welcome'),
    [functionName(stage, 'login')]: [
      ...basics('login'),
      `ssm:GetParameter ${parameter('users/*')}`,
      `ssm:GetParameter ${parameter('auth/active-kid')}`,
      `ssm:GetParametersByPath ${parameter('auth/signing-keys')}`,
    ],
    [functionName(stage, 'weather')]: [...basics('weather'), `ssm:GetParameter ${parameter('openweather/api-key')}`],
  };
}

const packaged = {};
let spec;

before(async () => {
  // One at a time, because each run rebuilds the zips in .build/lambda.
  for (const { stage, region } of stages) {
    packaged[stage] = await packageService({ stage, region });
  }
  spec = loadSpecification();
});

for (const settings of stages) {
  const { stage } = settings;

  describe(`stage ${stage}`, () => {
    const template = () => packaged[stage].template;

    test('region comes from --region or the default', () => {
      assert.equal(packaged[stage].state.service.provider.region, settings.wantRegion);
    });

    test('routes go to their functions', () => {
      assert.deepEqual(checkRoutes(template(), wantRoutes(stage)), []);
    });

    test('authorizer guards exactly the API routes', () => {
      assert.deepEqual(checkAuthorization(template(), protectedRoutes), []);
    });

    test('JWT authorizer trusts the API itself', () => {
      const authorizers = resourcesOfType(template(), 'AWS::ApiGatewayV2::Authorizer');
      assert.equal(authorizers.length, 1);

      const props = authorizers[0][1].Properties;
      assert.equal(props.AuthorizerType, 'JWT');
      assert.deepEqual(props.IdentitySource, ['$request.header.Authorization']);
      assert.deepEqual(props.JwtConfiguration.Audience, ['weather-portal']);
      assert.deepEqual(props.JwtConfiguration.Issuer, { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
    });

    test('functions run Go on arm64 with tracing', () => {
      const want = {
        runtime: 'provided.al2023',
        handler: 'bootstrap',
        architecture: 'arm64',
        memorySize: settings.memorySize,
        maxTimeout: 10,
      };
      assert.equal(resourcesOfType(template(), 'AWS::Lambda::Function').length, 4);
      assert.deepEqual(checkFunctions(template(), want), []);
    });

    test('log groups keep the stage retention', () => {
      assert.equal(resourcesOfType(template(), 'AWS::Logs::LogGroup').length, 4);
      assert.deepEqual(checkLogGroups(template(), settings.logRetentionInDays), []);
    });

    test('each function has its own role', () => {
      assert.equal(resourcesOfType(template(), 'AWS::IAM::Role').length, 4);
      assert.deepEqual(checkExecutionRoles(template()), []);
    });

    test('roles grant exactly the needed permissions', () => {
      assert.deepEqual(checkPermissions(template(), wantPermissions(stage)), []);
    });

    test('policies have no wildcards except X-Ray', () => {
      assert.deepEqual(checkPolicyWildcards(template()), []);
    });

    test('login route has its own throttling', () => {
      assert.deepEqual(checkRouteThrottling(template(), 'POST /api/login', settings.loginThrottling), []);
    });

    test('each function has its own dashboard', () => {
      assert.equal(resourcesOfType(template(), 'AWS::CloudWatch::Dashboard').length, 4);
      assert.deepEqual(checkDashboards(template()), []);
    });

    test('alarms use the stage thresholds', () => {
      assert.equal(resourcesOfType(template(), 'AWS::CloudWatch::Alarm').length, 8);
      assert.deepEqual(checkAlarms(template(), settings.alarms), []);
    });

    test('resources match the CloudFormation specification', () => {
      assert.deepEqual(checkResourceSpec(template(), spec), []);
    });

    test('stage settings reach the functions', () => {
      const variables = Object.fromEntries(
        resourcesOfType(template(), 'AWS::Lambda::Function').map(([id, fn]) => [id, fn.Properties.Environment.Variables]),
      );
      for (const [id, env] of Object.entries(variables)) {
        assert.equal(env.LOG_LEVEL, settings.logLevel, `${id} LOG_LEVEL`);
        assert.equal(env.PARAM_PREFIX, `/weather-portal/${stage}`, `${id} PARAM_PREFIX`);
        assert.equal(env.PARAM_CACHE_TTL, settings.paramCacheTtl, `${id} PARAM_CACHE_TTL`);
      }

      assert.equal(variables.WeatherLambdaFunction.WEATHER_CACHE_TTL, settings.weatherCacheTtl);
      assert.equal(variables.LoginLambdaFunction.TOKEN_LIFETIME, settings.tokenLifetime);
      assert.equal(variables.LoginLambdaFunction.TOKEN_AUDIENCE, 'weather-portal');
      assert.deepEqual(variables.LoginLambdaFunction.TOKEN_ISSUER, { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
    });
  });
}

// Each case mutates a copy of the ci template and names the check that must
// report it, with a pattern for the expected problem.
const mutations = [
  {
    name: 'weather route loses its authorizer',
    mutate(template) {
      const route = template.Resources.HttpApiRouteGetApiWeather.Properties;
      delete route.AuthorizationType;
      delete route.AuthorizerId;
      delete route.AuthorizationScopes;
    },
    check: (template) => checkAuthorization(template, protectedRoutes),
    want: /^route GET \/api\/weather has authorization NONE, expected JWT$/,
  },
  {
    name: 'weather route loses its scope',
    mutate(template) {
      template.Resources.HttpApiRouteGetApiWeather.Properties.AuthorizationScopes = [];
    },
    check: (template) => checkAuthorization(template, protectedRoutes),
    want: /^route GET \/api\/weather requires scopes \[\], expected \["weather:read"\]$/,
  },
  {
    name: 'pages route gains an authorizer',
    mutate(template) {
      template.Resources.HttpApiRouteGetHealth.Properties.AuthorizationType = 'JWT';
      template.Resources.HttpApiRouteGetHealth.Properties.AuthorizerId = { Ref: 'HttpApiAuthorizerJwt' };
    },
    check: (template) => checkAuthorization(template, protectedRoutes),
    want: /^route GET \/health has authorization JWT, expected NONE$/,
  },
  {
    name: 'role gains ssm:* (wildcard check)',
    mutate: (template) => statementsOf(template, 'WeatherExecutionRole').push(ssmWildcardStatement),
    check: checkPolicyWildcards,
    want: /^WeatherExecutionRole policy execution: wildcard action "ssm:\*"$/,
  },
  {
    name: 'role gains ssm:* (permission check)',
    mutate: (template) => statementsOf(template, 'WeatherExecutionRole').push(ssmWildcardStatement),
    check: (template) => checkPermissions(template, wantPermissions('ci')),
    want: /^WeatherExecutionRole: unexpected permission ssm:\* arn:aws:ssm:REGION:ACCOUNT:parameter\/weather-portal\/ci\/\*$/,
  },
  {
    name: 'role gains Resource "*" (wildcard check)',
    mutate: (template) => {
      ssmStatementOf(template, 'WeatherExecutionRole').Resource = '*';
    },
    check: checkPolicyWildcards,
    want: /^WeatherExecutionRole policy execution: Resource "\*" on \["ssm:GetParameter"\]$/,
  },
  {
    name: 'role gains Resource "*" (permission check)',
    mutate: (template) => {
      ssmStatementOf(template, 'WeatherExecutionRole').Resource = '*';
    },
    check: (template) => checkPermissions(template, wantPermissions('ci')),
    want: /^WeatherExecutionRole: unexpected permission ssm:GetParameter \*$/,
  },
  {
    name: 'pages gains an SSM read',
    mutate: (template) =>
      statementsOf(template, 'PagesExecutionRole').push(structuredClone(ssmStatementOf(template, 'WeatherExecutionRole'))),
    check: (template) => checkPermissions(template, wantPermissions('ci')),
    want: /^PagesExecutionRole: unexpected permission ssm:GetParameter .*openweather\/api-key$/,
  },
  {
    name: 'two functions share a role',
    mutate(template) {
      template.Resources.WelcomeLambdaFunction.Properties.Role = { 'Fn::GetAtt': ['LoginExecutionRole', 'Arn'] };
    },
    check: checkExecutionRoles,
    want: /^LoginExecutionRole: used by 2 functions \(LoginLambdaFunction, WelcomeLambdaFunction\), expected 1$/,
  },
  {
    name: 'login throttling removed',
    mutate(template) {
      delete template.Resources.HttpApiStage.Properties.RouteSettings;
    },
    check: (template) => checkRouteThrottling(template, 'POST /api/login', stages[0].loginThrottling),
    want: /^HttpApiStage: POST \/api\/login burstLimit is undefined, expected 10$/,
  },
  {
    name: 'dashboard shows another function',
    mutate(template) {
      const sub = template.Resources.WeatherDashboard.Properties.DashboardBody['Fn::Join'][1][1]['Fn::Sub'];
      sub[1].FunctionName = { Ref: 'LoginLambdaFunction' };
    },
    check: checkDashboards,
    want: /^WeatherDashboard: no widget shows AWS\/Lambda Errors Sum for \{"FunctionName":"weather-portal-ci-weather"\}$/,
  },
  {
    name: 'dashboard queries another log group',
    mutate(template) {
      const sub = template.Resources.PagesDashboard.Properties.DashboardBody['Fn::Join'][1][1]['Fn::Sub'];
      sub[1].LogGroup = { Ref: 'LoginLogGroup' };
    },
    check: checkDashboards,
    want: /^PagesDashboard: no log widget queries SOURCE '\/aws\/lambda\/weather-portal-ci-pages'$/,
  },
  {
    name: 'dashboard body is not JSON',
    mutate(template) {
      template.Resources.LoginDashboard.Properties.DashboardBody['Fn::Join'][1][2] = ']';
    },
    check: checkDashboards,
    want: /^LoginDashboard: body is not valid JSON after substitution: /,
  },
  {
    name: 'function loses its dashboard',
    mutate(template) {
      delete template.Resources.WelcomeDashboard;
    },
    check: checkDashboards,
    want: /^WelcomeLambdaFunction: 0 dashboards named weather-portal-ci-welcome, expected 1$/,
  },
  {
    name: 'alarm threshold differs from the stage',
    mutate(template) {
      template.Resources.LoginErrors5xxAlarm.Properties.Threshold = 5;
    },
    check: (template) => checkAlarms(template, stages[0].alarms),
    want: /^LoginErrors5xxAlarm: threshold is 5, expected 0$/,
  },
  {
    name: 'alarm notifies without a topic',
    mutate(template) {
      template.Resources.WeatherErrorsAlarm.Properties.AlarmActions = ['arn:aws:sns:eu-west-1:123456789012:ops'];
    },
    check: (template) => checkAlarms(template, stages[0].alarms),
    want: /^WeatherErrorsAlarm: AlarmActions is \["arn:aws:sns:eu-west-1:123456789012:ops"\], expected undefined$/,
  },
  {
    name: 'misspelt function property',
    mutate(template) {
      const props = template.Resources.WeatherLambdaFunction.Properties;
      props.MemmorySize = props.MemorySize;
      delete props.MemorySize;
    },
    check: (template) => checkResourceSpec(template, spec),
    want: /^WeatherLambdaFunction\.Properties: unknown property MemmorySize$/,
  },
  {
    name: 'misspelt nested property',
    mutate(template) {
      template.Resources.WeatherLambdaFunction.Properties.TracingConfig = { Mod: 'Active' };
    },
    check: (template) => checkResourceSpec(template, spec),
    want: /^WeatherLambdaFunction\.Properties\.TracingConfig: unknown property Mod$/,
  },
  {
    name: 'missing required property',
    mutate(template) {
      delete template.Resources.WeatherExecutionRole.Properties.AssumeRolePolicyDocument;
    },
    check: (template) => checkResourceSpec(template, spec),
    want: /^WeatherExecutionRole\.Properties: missing required property AssumeRolePolicyDocument$/,
  },
  {
    name: 'literal of the wrong type',
    mutate(template) {
      template.Resources.WeatherLambdaFunction.Properties.MemorySize = 'large';
    },
    check: (template) => checkResourceSpec(template, spec),
    want: /^WeatherLambdaFunction\.Properties\.MemorySize: is "large", expected Integer$/,
  },
  {
    name: 'unknown resource type',
    mutate(template) {
      template.Resources.WeatherLogGroup.Type = 'AWS::Logs::Group';
    },
    check: (template) => checkResourceSpec(template, spec),
    want: /^WeatherLogGroup: unknown resource type AWS::Logs::Group$/,
  },
];

const ssmWildcardStatement = {
  Effect: 'Allow',
  Action: 'ssm:*',
  Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/weather-portal/ci/*' },
};

function statementsOf(template, roleId) {
  return template.Resources[roleId].Properties.Policies[0].PolicyDocument.Statement;
}

function ssmStatementOf(template, roleId) {
  return statementsOf(template, roleId).find((statement) => String(statement.Action).startsWith('ssm:'));
}

describe('checks on mutated templates', () => {
  for (const { name, mutate, check, want } of mutations) {
    test(name, () => {
      const original = packaged.ci.template;
      assert.deepEqual(check(original), [], 'the unmutated template must pass');

      const mutated = structuredClone(original);
      mutate(mutated);
      const problems = check(mutated);

      assert.ok(
        problems.some((problem) => want.test(problem)),
        `got problems ${JSON.stringify(problems)}, want one matching ${want}`,
      );
    });
  }
});
