// Validates a compiled CloudFormation template against the CloudFormation
// resource specification that @aws-cdk/cfnspec ships as JSON. The check is
// static: it cannot see values that intrinsic functions produce at deploy
// time, and the specification is only as new as the package version.
import { createRequire } from 'node:module';

import { isIntrinsic } from './intrinsic.mjs';

const require = createRequire(import.meta.url);

// The attributes that CloudFormation allows on a resource besides Type.
const resourceAttributes = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
]);

// Loads the resource specification from @aws-cdk/cfnspec (about 10 MB of
// JSON). Its ResourceSpecificationVersion names the CloudFormation release
// that it describes.
export function loadSpecification() {
  return require('@aws-cdk/cfnspec/spec/specification.json');
}

// Checks every resource: a known type, only known resource attributes, only
// property names that the type defines, all required properties present, and
// literal values of the specified primitive type, descending into property
// types, lists and maps. Values that are intrinsic functions are not checked.
// Like CloudFormation, it accepts numeric strings for numbers and "true" or
// "false" for booleans.
export function checkResourceSpec(template, spec) {
  const problems = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const attribute of Object.keys(resource)) {
      if (!resourceAttributes.has(attribute)) {
        problems.push(`${id}: unknown resource attribute ${attribute}`);
      }
    }

    const typeSpec = spec.ResourceTypes[resource.Type];
    if (!typeSpec) {
      problems.push(`${id}: unknown resource type ${resource.Type}`);
      continue;
    }

    const validator = new Validator(spec, resource.Type, problems);
    validator.checkObject(resource.Properties ?? {}, typeSpec.Properties ?? {}, `${id}.Properties`);
  }
  return problems;
}

// Validator walks the properties of one resource, appending to problems.
class Validator {
  constructor(spec, resourceType, problems) {
    this.spec = spec;
    this.resourceType = resourceType;
    this.problems = problems;
  }

  checkObject(value, propertySpecs, path) {
    if (isIntrinsic(value)) {
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(`${path}: is ${JSON.stringify(value)}, expected an object`);
      return;
    }

    for (const [name, property] of Object.entries(value)) {
      if (!Object.hasOwn(propertySpecs, name)) {
        this.problems.push(`${path}: unknown property ${name}`);
        continue;
      }
      this.checkValue(property, propertySpecs[name], `${path}.${name}`);
    }
    for (const [name, propertySpec] of Object.entries(propertySpecs)) {
      if (propertySpec.Required && !Object.hasOwn(value, name)) {
        this.problems.push(`${path}: missing required property ${name}`);
      }
    }
  }

  checkValue(value, propertySpec, path) {
    if (isIntrinsic(value)) {
      return;
    }

    if (propertySpec.PrimitiveType) {
      this.checkPrimitive(value, propertySpec.PrimitiveType, path);
    } else if (propertySpec.Type === 'List') {
      if (!Array.isArray(value)) {
        this.problems.push(`${path}: is ${JSON.stringify(value)}, expected a list`);
        return;
      }
      value.forEach((item, index) => this.checkItem(item, propertySpec, `${path}[${index}]`));
    } else if (propertySpec.Type === 'Map') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        this.problems.push(`${path}: is ${JSON.stringify(value)}, expected a map`);
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        this.checkItem(item, propertySpec, `${path}.${key}`);
      }
    } else {
      this.checkNamed(value, propertySpec.Type, path);
    }
  }

  checkItem(item, propertySpec, path) {
    if (isIntrinsic(item)) {
      return;
    }
    if (propertySpec.PrimitiveItemType) {
      this.checkPrimitive(item, propertySpec.PrimitiveItemType, path);
    } else {
      this.checkNamed(item, propertySpec.ItemType, path);
    }
  }

  // checkNamed checks a value of a property type such as
  // AWS::Lambda::Function.TracingConfig, or of the shared type Tag.
  checkNamed(value, typeName, path) {
    const typeSpec = this.spec.PropertyTypes[`${this.resourceType}.${typeName}`] ?? this.spec.PropertyTypes[typeName];
    if (!typeSpec) {
      this.problems.push(`${path}: unknown property type ${typeName} of ${this.resourceType}`);
      return;
    }
    if (typeSpec.PrimitiveType) {
      this.checkPrimitive(value, typeSpec.PrimitiveType, path);
      return;
    }
    this.checkObject(value, typeSpec.Properties ?? {}, path);
  }

  checkPrimitive(value, primitiveType, path) {
    if (!matchesPrimitive(value, primitiveType)) {
      this.problems.push(`${path}: is ${JSON.stringify(value)}, expected ${primitiveType}`);
    }
  }
}

function matchesPrimitive(value, primitiveType) {
  switch (primitiveType) {
    case 'String':
    case 'Timestamp':
      return typeof value === 'string';
    case 'Integer':
    case 'Long':
      return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
    case 'Double':
      return Number.isFinite(value) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
    case 'Boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'Json':
      return (value !== null && typeof value === 'object') || typeof value === 'string';
    default:
      return false;
  }
}
