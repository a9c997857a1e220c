// Resolves the CloudFormation intrinsic functions that the execution roles use
// in their ARNs, so that tests can compare ARNs as plain strings.

// Placeholder values for the pseudo parameters. A resolved ARN reads
// "arn:aws:ssm:REGION:ACCOUNT:parameter/…".
export const pseudoParameters = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'REGION',
  'AWS::AccountId': 'ACCOUNT',
  'AWS::URLSuffix': 'amazonaws.com',
};

// Resolves a literal string, { Ref } to a pseudo parameter, { 'Fn::Sub' }
// (string form, or [string, variables]) and { 'Fn::Join' } to a string.
// Throws on any other intrinsic function and on a Ref or ${…} that names a
// resource, because those values exist only after deployment.
export function resolveString(value, parameters = pseudoParameters) {
  if (typeof value === 'string') {
    return value;
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`cannot resolve ${JSON.stringify(value)}: expected a string or an intrinsic function`);
  }

  const keys = Object.keys(value);
  if (keys.length !== 1) {
    throw new Error(`cannot resolve ${JSON.stringify(value)}: an intrinsic function has exactly one key`);
  }

  const [name] = keys;
  const argument = value[name];
  switch (name) {
    case 'Ref':
      return lookUp(argument, parameters, value);
    case 'Fn::Join':
      return resolveJoin(argument, parameters);
    case 'Fn::Sub':
      return resolveSub(argument, parameters);
    default:
      throw new Error(`cannot resolve ${JSON.stringify(value)}: ${name} is not supported`);
  }
}

function lookUp(name, parameters, context) {
  if (!Object.hasOwn(parameters, name)) {
    throw new Error(`cannot resolve ${JSON.stringify(context)}: ${name} is not a known parameter`);
  }
  return parameters[name];
}

function resolveJoin(argument, parameters) {
  if (!Array.isArray(argument) || argument.length !== 2 || !Array.isArray(argument[1])) {
    throw new Error(`cannot resolve Fn::Join ${JSON.stringify(argument)}: expected [delimiter, [values]]`);
  }

  const [delimiter, parts] = argument;
  return parts.map((part) => resolveString(part, parameters)).join(delimiter);
}

function resolveSub(argument, parameters) {
  let text = argument;
  let variables = parameters;
  if (Array.isArray(argument)) {
    const [template, extra] = argument;
    text = template;
    variables = { ...parameters };
    for (const [key, nested] of Object.entries(extra ?? {})) {
      variables[key] = resolveString(nested, parameters);
    }
  }

  if (typeof text !== 'string') {
    throw new Error(`cannot resolve Fn::Sub ${JSON.stringify(argument)}: expected a string template`);
  }

  // "${!Literal}" is CloudFormation's escape for a literal "${Literal}".
  return text.replace(/\$\{(!?)([^}]*)\}/g, (match, escape, name) => {
    if (escape === '!') {
      return '${' + name + '}';
    }
    return lookUp(name, variables, argument);
  });
}

// Reports whether value is a CloudFormation intrinsic function or a Ref,
// whose result is known only at deploy time.
export function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }

  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}
