// Checks on the CloudFormation template that `osls package` compiles. Each
// check is a pure function of the template and of the expected values. It
// returns a list of problems, one sentence each, and an empty list means the
// template passes.
import { isDeepStrictEqual } from 'node:util';

import { asList, getAttTarget, refTarget, resourcesOfType } from './template.mjs';

export { resourcesOfType } from './template.mjs';
export { checkExecutionRoles, checkPermissions, checkPolicyWildcards, permissionsOf } from './iam-checks.mjs';

// Maps each route key to its logical id, the FunctionName its integration
// invokes, and its authorization settings.
export function routeTable(template) {
  const table = {};
  for (const [logicalId, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const props = route.Properties;
    const integrationId = refTarget(props.Target?.['Fn::Join']?.[1]?.[1]);
    const integration = template.Resources[integrationId];
    const functionId = getAttTarget(integration?.Properties?.IntegrationUri);

    table[props.RouteKey] = {
      logicalId,
      function: template.Resources[functionId]?.Properties?.FunctionName,
      authorization: props.AuthorizationType ?? 'NONE',
      authorizerId: refTarget(props.AuthorizerId),
      scopes: props.AuthorizationScopes ?? [],
    };
  }
  return table;
}

// Checks that the routes are exactly the keys of want and that each invokes
// the function named by its value (a FunctionName).
export function checkRoutes(template, want) {
  const table = routeTable(template);
  const problems = [];

  for (const [routeKey, functionName] of Object.entries(want)) {
    if (!table[routeKey]) {
      problems.push(`route ${routeKey} is missing`);
    } else if (table[routeKey].function !== functionName) {
      problems.push(`route ${routeKey} invokes ${table[routeKey].function}, expected ${functionName}`);
    }
  }
  for (const routeKey of Object.keys(table)) {
    if (!Object.hasOwn(want, routeKey)) {
      problems.push(`route ${routeKey} is not expected`);
    }
  }
  return problems;
}

// Checks that the JWT authorizer guards exactly the routes named in want,
// each with exactly the listed scopes, and that every other route is public.
export function checkAuthorization(template, want) {
  const table = routeTable(template);
  const problems = [];

  for (const [routeKey, route] of Object.entries(table)) {
    if (!Object.hasOwn(want, routeKey)) {
      if (route.authorization !== 'NONE' || route.authorizerId) {
        problems.push(`route ${routeKey} has authorization ${route.authorization}, expected NONE`);
      }
      continue;
    }

    const authorizer = template.Resources[route.authorizerId];
    if (route.authorization !== 'JWT') {
      problems.push(`route ${routeKey} has authorization ${route.authorization}, expected JWT`);
    }
    if (authorizer?.Type !== 'AWS::ApiGatewayV2::Authorizer' || authorizer.Properties.AuthorizerType !== 'JWT') {
      problems.push(`route ${routeKey} does not reference a JWT authorizer`);
    }
    if (!isDeepStrictEqual([...route.scopes].sort(), [...want[routeKey]].sort())) {
      problems.push(`route ${routeKey} requires scopes ${JSON.stringify(route.scopes)}, expected ${JSON.stringify(want[routeKey])}`);
    }
  }
  for (const routeKey of Object.keys(want)) {
    if (!table[routeKey]) {
      problems.push(`protected route ${routeKey} is missing`);
    }
  }
  return problems;
}

// Checks every Lambda function's runtime, handler, architecture, memory size
// (MB), active tracing and maximum timeout (seconds).
export function checkFunctions(template, want) {
  const problems = [];
  for (const [id, { Properties: props }] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const got = {
      runtime: props.Runtime,
      handler: props.Handler,
      architectures: props.Architectures,
      memorySize: props.MemorySize,
      tracing: props.TracingConfig?.Mode,
    };
    const expected = {
      runtime: want.runtime,
      handler: want.handler,
      architectures: [want.architecture],
      memorySize: want.memorySize,
      tracing: 'Active',
    };
    for (const key of Object.keys(expected)) {
      if (!isDeepStrictEqual(got[key], expected[key])) {
        problems.push(`${id}: ${key} is ${JSON.stringify(got[key])}, expected ${JSON.stringify(expected[key])}`);
      }
    }
    if (!(props.Timeout <= want.maxTimeout)) {
      problems.push(`${id}: timeout is ${props.Timeout} s, expected at most ${want.maxTimeout} s`);
    }
  }
  return problems;
}

// Checks that each function has its own log group /aws/lambda/<FunctionName>,
// that the function DependsOn it, and that every log group keeps its events
// for the given number of days.
export function checkLogGroups(template, retentionInDays) {
  const problems = [];
  const groupsByName = new Map(
    resourcesOfType(template, 'AWS::Logs::LogGroup').map(([id, group]) => [group.Properties.LogGroupName, id]),
  );

  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const name = `/aws/lambda/${fn.Properties.FunctionName}`;
    const groupId = groupsByName.get(name);
    if (!groupId) {
      problems.push(`${id}: no log group named ${name}`);
    } else if (!asList(fn.DependsOn).includes(groupId)) {
      problems.push(`${id}: does not DependsOn its log group ${groupId}`);
    }
  }
  for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
    if (group.Properties.RetentionInDays !== retentionInDays) {
      problems.push(`${id}: RetentionInDays is ${group.Properties.RetentionInDays}, expected ${retentionInDays}`);
    }
  }
  return problems;
}

// Checks that the HTTP API stage throttles routeKey with exactly the given
// burst limit (requests) and rate limit (requests per second), and that the
// stage DependsOn the route, which must exist when the stage is created.
export function checkRouteThrottling(template, routeKey, want) {
  const stages = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
  if (stages.length !== 1) {
    return [`found ${stages.length} HTTP API stages, expected 1`];
  }

  const [stageId, stage] = stages[0];
  const problems = [];
  const settings = stage.Properties.RouteSettings?.[routeKey];
  const got = { burstLimit: settings?.ThrottlingBurstLimit, rateLimit: settings?.ThrottlingRateLimit };
  for (const key of ['burstLimit', 'rateLimit']) {
    if (got[key] !== want[key]) {
      problems.push(`${stageId}: ${routeKey} ${key} is ${JSON.stringify(got[key])}, expected ${want[key]}`);
    }
  }

  const route = routeTable(template)[routeKey];
  if (!route) {
    problems.push(`${stageId}: throttled route ${routeKey} does not exist`);
  } else if (!asList(stage.DependsOn).includes(route.logicalId)) {
    problems.push(`${stageId}: does not DependsOn ${route.logicalId} (${routeKey})`);
  }
  return problems;
}
