// Checks on the IAM execution roles in a compiled CloudFormation template.
// Like checks.mjs, each check returns a list of problems, and an empty list
// means the template passes.
import { isDeepStrictEqual } from 'node:util';

import { resolveString } from './intrinsic.mjs';
import { asList, getAttTarget, resourcesOfType } from './template.mjs';

// The X-Ray actions that Lambda active tracing needs. They support no
// resource-level permissions, so they are the only actions allowed on "*".
export const xrayActions = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

const lambdaTrustStatement = {
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: 'sts:AssumeRole',
};

// Returns every statement of every inline role policy and of every
// AWS::IAM::Policy and AWS::IAM::ManagedPolicy, each with where it is.
function policyStatements(template) {
  const found = [];
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of role.Properties.Policies ?? []) {
      for (const statement of asList(policy.PolicyDocument.Statement)) {
        found.push({ where: `${id} policy ${policy.PolicyName}`, statement });
      }
    }
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of resourcesOfType(template, type)) {
      for (const statement of asList(policy.Properties.PolicyDocument.Statement)) {
        found.push({ where: id, statement });
      }
    }
  }
  return found;
}

// Maps each function's logical id to the logical id of its role, or to
// undefined when the role is not a role of this template.
function roleOfFunction(template) {
  const roles = new Set(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id));
  const result = new Map();
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const roleId = getAttTarget(fn.Properties.Role);
    result.set(id, roles.has(roleId) && fn.Properties.Role['Fn::GetAtt'][1] === 'Arn' ? roleId : undefined);
  }
  return result;
}

// Checks that every function has its own role from this template, that no
// role is shared or unused, that each role trusts only Lambda, and that no
// role attaches managed policies, whose permissions the template cannot show.
export function checkExecutionRoles(template) {
  const problems = [];
  const functionsByRole = new Map();

  for (const [functionId, roleId] of roleOfFunction(template)) {
    if (!roleId) {
      problems.push(`${functionId}: Role is not the Arn of an AWS::IAM::Role in this template`);
      continue;
    }
    functionsByRole.set(roleId, [...(functionsByRole.get(roleId) ?? []), functionId]);
  }

  for (const [roleId, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const users = functionsByRole.get(roleId) ?? [];
    if (users.length !== 1) {
      problems.push(`${roleId}: used by ${users.length} functions (${users.join(', ')}), expected 1`);
    }

    const trust = asList(role.Properties.AssumeRolePolicyDocument?.Statement);
    if (!isDeepStrictEqual(trust, [lambdaTrustStatement])) {
      problems.push(`${roleId}: trust policy is ${JSON.stringify(trust)}, expected only lambda.amazonaws.com`);
    }
    if (role.Properties.ManagedPolicyArns?.length) {
      problems.push(`${roleId}: attaches managed policies ${JSON.stringify(role.Properties.ManagedPolicyArns)}`);
    }
  }
  return problems;
}

// Returns the sorted "action resource" pairs that the Allow statements of a
// role grant, with each resource resolved to a string (see intrinsic.mjs).
// Throws when a resource cannot be resolved.
export function permissionsOf(template, roleId) {
  const pairs = [];
  for (const policy of template.Resources[roleId].Properties.Policies ?? []) {
    for (const statement of asList(policy.PolicyDocument.Statement)) {
      if (statement.Effect !== 'Allow') {
        continue;
      }
      for (const action of asList(statement.Action)) {
        for (const resource of asList(statement.Resource)) {
          pairs.push(`${action} ${resolveString(resource)}`);
        }
      }
    }
  }
  return pairs.sort();
}

// Checks that the role of each function grants exactly the permissions in
// want, which maps FunctionName to a list of "action resource" pairs with
// resources written as permissionsOf resolves them.
export function checkPermissions(template, want) {
  const problems = [];
  const roles = roleOfFunction(template);
  const seen = new Set();

  for (const [functionId, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const name = fn.Properties.FunctionName;
    seen.add(name);
    if (!Object.hasOwn(want, name)) {
      problems.push(`${functionId}: function ${name} is not expected`);
      continue;
    }

    const roleId = roles.get(functionId);
    if (!roleId) {
      problems.push(`${functionId}: has no role in this template`);
      continue;
    }

    let got;
    try {
      got = permissionsOf(template, roleId);
    } catch (error) {
      problems.push(`${roleId}: ${error.message}`);
      continue;
    }
    for (const pair of want[name]) {
      if (!got.includes(pair)) {
        problems.push(`${roleId}: missing permission ${pair}`);
      }
    }
    for (const pair of got) {
      if (!want[name].includes(pair)) {
        problems.push(`${roleId}: unexpected permission ${pair}`);
      }
    }
  }

  for (const name of Object.keys(want)) {
    if (!seen.has(name)) {
      problems.push(`function ${name} is missing`);
    }
  }
  return problems;
}

// Checks every policy statement in the template: no "*" in any Action, no
// NotAction or NotResource, and Resource "*" only on a statement whose
// actions are all X-Ray actions from xrayActions.
export function checkPolicyWildcards(template) {
  const problems = [];
  for (const { where, statement } of policyStatements(template)) {
    const actions = asList(statement.Action);
    for (const action of actions) {
      if (typeof action !== 'string' || action.includes('*')) {
        problems.push(`${where}: wildcard action ${JSON.stringify(action)}`);
      }
    }
    for (const key of ['NotAction', 'NotResource']) {
      if (Object.hasOwn(statement, key)) {
        problems.push(`${where}: uses ${key}`);
      }
    }

    const onlyXray = actions.length > 0 && actions.every((action) => xrayActions.includes(action));
    if (asList(statement.Resource).includes('*') && !onlyXray) {
      problems.push(`${where}: Resource "*" on ${JSON.stringify(actions)}`);
    }
  }
  return problems;
}
