import { test } from 'node:test';
import assert from 'node:assert/strict';

import { isIntrinsic, resolveString } from './intrinsic.mjs';

test('resolveString resolves ARNs', async (t) => {
  const cases = [
    { name: 'literal', value: 'arn:aws:s3:::bucket', want: 'arn:aws:s3:::bucket' },
    { name: 'pseudo parameter Ref', value: { Ref: 'AWS::Region' }, want: 'REGION' },
    {
      name: 'Fn::Join',
      value: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':x']] },
      want: 'arn:aws:ssm:REGION:x',
    },
    {
      name: 'Fn::Sub string',
      value: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/a:*' },
      want: 'arn:aws:logs:REGION:ACCOUNT:log-group:/a:*',
    },
    {
      name: 'Fn::Sub with variables',
      value: { 'Fn::Sub': ['${Prefix}/${AWS::AccountId}', { Prefix: { Ref: 'AWS::Partition' } }] },
      want: 'aws/ACCOUNT',
    },
    { name: 'Fn::Sub escape', value: { 'Fn::Sub': '${!Literal}-${AWS::Region}' }, want: '${Literal}-REGION' },
  ];

  for (const { name, value, want } of cases) {
    await t.test(name, () => {
      assert.equal(resolveString(value), want);
    });
  }
});

test('resolveString rejects deploy-time values', async (t) => {
  const cases = [
    { name: 'resource Ref', value: { Ref: 'HttpApi' }, want: /HttpApi is not a known parameter/ },
    { name: 'resource in Fn::Sub', value: { 'Fn::Sub': 'arn:${MyRole.Arn}' }, want: /MyRole.Arn is not a known parameter/ },
    { name: 'Fn::GetAtt', value: { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] }, want: /Fn::GetAtt is not supported/ },
    { name: 'malformed Fn::Join', value: { 'Fn::Join': ['', 'x'] }, want: /expected \[delimiter, \[values\]\]/ },
    { name: 'number', value: 5, want: /expected a string or an intrinsic function/ },
  ];

  for (const { name, value, want } of cases) {
    await t.test(name, () => {
      assert.throws(() => resolveString(value), want);
    });
  }
});

test('isIntrinsic tells functions from literals', () => {
  assert.equal(isIntrinsic({ Ref: 'HttpApi' }), true);
  assert.equal(isIntrinsic({ 'Fn::Sub': 'x' }), true);
  assert.equal(isIntrinsic({ Mode: 'Active' }), false);
  assert.equal(isIntrinsic({ Ref: 'HttpApi', Extra: 1 }), false);
  assert.equal(isIntrinsic(['Ref']), false);
  assert.equal(isIntrinsic('Ref'), false);
  assert.equal(isIntrinsic(null), false);
});
