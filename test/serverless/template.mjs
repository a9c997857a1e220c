// Helpers for reading a compiled CloudFormation template.

// Returns the [logicalId, resource] pairs of the given resource type.
export function resourcesOfType(template, type) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

// Returns value as an array: [] for undefined, value itself for an array,
// [value] otherwise. CloudFormation accepts a single item or a list in
// DependsOn and in a policy's Action and Resource.
export function asList(value) {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

// Returns the logical id named by { Ref: id }, or undefined.
export function refTarget(value) {
  return value !== null && typeof value === 'object' && typeof value.Ref === 'string' ? value.Ref : undefined;
}

// Returns the logical id named by { 'Fn::GetAtt': [id, attribute] }, or undefined.
export function getAttTarget(value) {
  const args = value?.['Fn::GetAtt'];
  return Array.isArray(args) ? args[0] : undefined;
}
