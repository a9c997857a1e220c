// Checks on the CloudWatch dashboards and alarms in a compiled CloudFormation
// template. Like checks.mjs, each check returns a list of problems, and an
// empty list means the template passes.
import { isDeepStrictEqual } from 'node:util';

import { pseudoParameters, resolveString } from './intrinsic.mjs';
import { refTarget, resourcesOfType } from './template.mjs';

// The placeholder that a { Ref: HttpApi } in a dashboard resolves to.
export const apiIdPlaceholder = 'API_ID';

// The metrics that every function's dashboard must show, each as
// "namespace metric statistic". The dimension is the function's name for the
// AWS/Lambda and WeatherPortal metrics, and the API id for AWS/ApiGateway.
export const requiredDashboardMetrics = [
  'AWS/Lambda Invocations Sum',
  'AWS/Lambda Errors Sum',
  'AWS/Lambda Throttles Sum',
  'AWS/Lambda Duration p50',
  'AWS/Lambda Duration p90',
  'AWS/Lambda Duration p99',
  'AWS/Lambda ConcurrentExecutions Maximum',
  'WeatherPortal Requests Sum',
  'WeatherPortal Errors4xx Sum',
  'WeatherPortal Errors5xx Sum',
  'WeatherPortal Latency p50',
  'WeatherPortal Latency p99',
  'WeatherPortal ColdStart Sum',
  'AWS/ApiGateway 4xx Sum',
  'AWS/ApiGateway 5xx Sum',
  'AWS/ApiGateway Latency p99',
];

// Returns the values that a Ref to each function, log group and the HTTP API
// takes at deploy time: the FunctionName, the LogGroupName and
// apiIdPlaceholder, next to the pseudo parameters of intrinsic.mjs.
export function deployParameters(template) {
  const parameters = { ...pseudoParameters, HttpApi: apiIdPlaceholder };
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    parameters[id] = fn.Properties.FunctionName;
  }
  for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
    parameters[id] = group.Properties.LogGroupName;
  }
  return parameters;
}

// Returns the dashboard's body resolved to a string with deployParameters and
// parsed as JSON. Throws when the body cannot be resolved or is not JSON.
export function dashboardBody(template, dashboardId) {
  const text = resolveString(template.Resources[dashboardId].Properties.DashboardBody, deployParameters(template));
  return JSON.parse(text);
}

// Returns every metric of a dashboard as { widget, namespace, name,
// dimensions, stat }. It expands the "." shorthand, which repeats the item at
// the same position of the previous row, and takes the statistic from the
// row's options or else from the widget.
export function dashboardMetrics(body) {
  const found = [];
  for (const widget of body.widgets ?? []) {
    if (widget.type !== 'metric') {
      continue;
    }

    let previous = [];
    for (const row of widget.properties?.metrics ?? []) {
      const last = row.at(-1);
      const options = last !== null && typeof last === 'object' ? last : {};
      const items = (options === last ? row.slice(0, -1) : row).map((item, i) => (item === '.' ? previous[i] : item));
      previous = items;

      const [namespace, name, ...pairs] = items;
      const dimensions = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        dimensions[pairs[i]] = pairs[i + 1];
      }
      found.push({ widget: widget.properties.title, namespace, name, dimensions, stat: options.stat ?? widget.properties.stat });
    }
  }
  return found;
}

// Checks that each function has exactly one dashboard, named like the
// function (<service>-<stage>-<name>), and that its body is JSON with the
// requiredDashboardMetrics for that function and the API, only metrics of
// that function, every widget in the stack's region, and a Logs Insights
// widget on that function's log group. No dashboard may be left without a
// function.
export function checkDashboards(template) {
  const problems = [];
  const dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
  const functionNames = new Set();

  for (const [functionId, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const name = fn.Properties.FunctionName;
    functionNames.add(name);

    const matches = dashboards.filter(([, dashboard]) => dashboard.Properties.DashboardName === name);
    if (matches.length !== 1) {
      problems.push(`${functionId}: ${matches.length} dashboards named ${name}, expected 1`);
      continue;
    }

    const [dashboardId] = matches[0];
    let body;
    try {
      body = dashboardBody(template, dashboardId);
    } catch (error) {
      problems.push(`${dashboardId}: body is not valid JSON after substitution: ${error.message}`);
      continue;
    }
    problems.push(...checkDashboardBody(dashboardId, body, name));
  }

  for (const [dashboardId, dashboard] of dashboards) {
    if (!functionNames.has(dashboard.Properties.DashboardName)) {
      problems.push(`${dashboardId}: dashboard ${dashboard.Properties.DashboardName} names no function`);
    }
  }
  return problems;
}

function checkDashboardBody(dashboardId, body, functionName) {
  const problems = [];
  if (!Array.isArray(body.widgets) || body.widgets.length === 0) {
    return [`${dashboardId}: body has no widgets`];
  }

  const metrics = dashboardMetrics(body);
  for (const required of requiredDashboardMetrics) {
    const [namespace, name, stat] = required.split(' ');
    const dimensions = namespace === 'AWS/ApiGateway' ? { ApiId: apiIdPlaceholder } : { FunctionName: functionName };
    const present = metrics.some(
      (metric) =>
        metric.namespace === namespace &&
        metric.name === name &&
        metric.stat === stat &&
        isDeepStrictEqual(metric.dimensions, dimensions),
    );
    if (!present) {
      problems.push(`${dashboardId}: no widget shows ${required} for ${JSON.stringify(dimensions)}`);
    }
  }

  for (const metric of metrics) {
    const other = metric.dimensions.FunctionName;
    if (other !== undefined && other !== functionName) {
      problems.push(`${dashboardId}: widget "${metric.widget}" shows ${metric.name} of ${other}, expected ${functionName}`);
    }
  }

  for (const widget of body.widgets) {
    if (widget.properties?.region !== pseudoParameters['AWS::Region']) {
      problems.push(`${dashboardId}: widget "${widget.properties?.title}" has region ${widget.properties?.region}, expected the stack's`);
    }
  }

  const source = `SOURCE '/aws/lambda/${functionName}'`;
  const logWidgets = body.widgets.filter((widget) => widget.type === 'log');
  if (!logWidgets.some((widget) => widget.properties?.query?.startsWith(`${source} |`))) {
    problems.push(`${dashboardId}: no log widget queries ${source}`);
  }
  return problems;
}

// Checks that each function has an alarm on AWS/Lambda Errors and one on
// WeatherPortal Errors5xx, each on its own FunctionName. Each must fire when
// the sum over one 5-minute period exceeds the stage threshold, and notify
// [want.alarmTopicArn], with no alarm actions when that is empty. want has
// lambdaErrorsThreshold, errors5xxThreshold and alarmTopicArn.
export function checkAlarms(template, want) {
  const problems = [];
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
  const expected = [
    { namespace: 'AWS/Lambda', metric: 'Errors', threshold: want.lambdaErrorsThreshold },
    { namespace: 'WeatherPortal', metric: 'Errors5xx', threshold: want.errors5xxThreshold },
  ];
  const wantActions = want.alarmTopicArn ? [want.alarmTopicArn] : undefined;

  for (const [functionId] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    for (const { namespace, metric, threshold } of expected) {
      const matches = alarms.filter(
        ([, alarm]) =>
          alarm.Properties.Namespace === namespace &&
          alarm.Properties.MetricName === metric &&
          alarm.Properties.Dimensions?.length === 1 &&
          alarm.Properties.Dimensions[0].Name === 'FunctionName' &&
          refTarget(alarm.Properties.Dimensions[0].Value) === functionId,
      );
      if (matches.length !== 1) {
        problems.push(`${functionId}: ${matches.length} alarms on ${namespace} ${metric}, expected 1`);
        continue;
      }

      const [alarmId, { Properties: props }] = matches[0];
      const got = {
        statistic: props.Statistic,
        period: props.Period,
        evaluationPeriods: props.EvaluationPeriods,
        comparison: props.ComparisonOperator,
        threshold: props.Threshold,
      };
      const wantSettings = { statistic: 'Sum', period: 300, evaluationPeriods: 1, comparison: 'GreaterThanThreshold', threshold };
      for (const key of Object.keys(wantSettings)) {
        if (got[key] !== wantSettings[key]) {
          problems.push(`${alarmId}: ${key} is ${JSON.stringify(got[key])}, expected ${JSON.stringify(wantSettings[key])}`);
        }
      }

      for (const key of ['AlarmActions', 'OKActions']) {
        let actions;
        try {
          actions = evaluateCondition(template, props[key]);
        } catch (error) {
          problems.push(`${alarmId}: ${key}: ${error.message}`);
          continue;
        }
        if (!isDeepStrictEqual(actions, wantActions)) {
          problems.push(`${alarmId}: ${key} is ${JSON.stringify(actions)}, expected ${JSON.stringify(wantActions)}`);
        }
      }
    }
  }
  return problems;
}

// Returns value with Fn::If resolved through the template's Conditions, and
// undefined for { Ref: AWS::NoValue }. It supports the Fn::Not, Fn::Equals
// and Condition forms on literal strings and throws on anything else.
function evaluateCondition(template, value) {
  if (refTarget(value) === 'AWS::NoValue') {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, 'Fn::If')) {
    return value;
  }

  const [name, whenTrue, whenFalse] = value['Fn::If'];
  return evaluateCondition(template, isTrue(template, template.Conditions?.[name], name) ? whenTrue : whenFalse);
}

function isTrue(template, condition, name) {
  if (condition?.['Fn::Not']) {
    return !isTrue(template, condition['Fn::Not'][0], name);
  }
  if (condition?.['Fn::Equals']) {
    const [left, right] = condition['Fn::Equals'];
    if (typeof left !== 'string' || typeof right !== 'string') {
      throw new Error(`condition ${name} compares ${JSON.stringify([left, right])}, expected two strings`);
    }
    return left === right;
  }
  if (condition?.Condition) {
    return isTrue(template, template.Conditions?.[condition.Condition], condition.Condition);
  }
  throw new Error(`condition ${name} is ${JSON.stringify(condition)}, which this check cannot evaluate`);
}
