import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ApiError, createApi, errorFromResponse } from '../../static/site/js/api.js';

function jsonResponse(status, body, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

function setup(respond, token = 'jwt-token') {
  const calls = [];
  const unauthorized = { count: 0 };
  const api = createApi({
    fetch: async (url, init) => {
      calls.push({ url, init });
      return respond(url, init);
    },
    session: { token: () => token },
    onUnauthorized: () => {
      unauthorized.count++;
    },
  });
  return { api, calls, unauthorized };
}

describe('createApi', () => {
  it('login posts JSON without a token', async () => {
    const body = { access_token: 'jwt', token_type: 'Bearer', expires_in: 900, scope: 'weather:read' };
    const { api, calls } = setup(() => jsonResponse(200, body));

    const got = await api.login('dev', 'secret');

    assert.deepEqual(got, body);
    assert.equal(calls[0].url, '/api/login');
    assert.equal(calls[0].init.method, 'POST');
    assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
    assert.equal(calls[0].init.headers.Authorization, undefined);
    assert.deepEqual(JSON.parse(calls[0].init.body), { username: 'dev', password: 'secret' });
  });

  it('login 401 shows detail and keeps the page', async () => {
    const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'invalid username or password', code: 'unauthorized' };
    const { api, unauthorized } = setup(() => jsonResponse(401, problem, 'application/problem+json'));

    await assert.rejects(api.login('dev', 'wrong'), (err) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 401);
      assert.equal(err.message, 'Invalid username or password');
      return true;
    });
    assert.equal(unauthorized.count, 0);
  });

  it('welcome sends the bearer token', async () => {
    const { api, calls } = setup(() => jsonResponse(200, { message: 'Welcome, Dev User!', name: 'Dev User', username: 'dev' }));

    const got = await api.welcome();

    assert.equal(got.message, 'Welcome, Dev User!');
    assert.equal(calls[0].url, '/api/welcome');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer jwt-token');
  });

  it('weather encodes the query', async () => {
    const { api, calls } = setup(() => jsonResponse(200, { city: 'São Paulo' }));

    await api.weather('São Paulo&x=1', 'imperial');

    const url = new URL(calls[0].url, 'https://portal.invalid');
    assert.equal(url.pathname, '/api/weather');
    assert.equal(url.searchParams.get('city'), 'São Paulo&x=1');
    assert.equal(url.searchParams.get('units'), 'imperial');
  });

  it('gateway 401 calls onUnauthorized', async () => {
    const { api, unauthorized } = setup(() => jsonResponse(401, { message: 'Unauthorized' }));

    await assert.rejects(api.weather('Delhi', 'metric'), { status: 401 });
    assert.equal(unauthorized.count, 1);
  });

  it('404 problem keeps its detail', async () => {
    const problem = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'city "Atlantis" not found', code: 'not_found' };
    const { api } = setup(() => jsonResponse(404, problem, 'application/problem+json'));

    await assert.rejects(api.weather('Atlantis', 'metric'), {
      status: 404,
      code: 'not_found',
      message: 'City "Atlantis" not found',
    });
  });

  it('network failure becomes status 0', async () => {
    const { api } = setup(() => {
      throw new TypeError('fetch failed');
    });

    await assert.rejects(api.weather('Delhi', 'metric'), {
      status: 0,
      code: 'network',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  });

  it('timeout becomes status 0', async () => {
    const { api } = setup(() => {
      throw new DOMException('signal timed out', 'TimeoutError');
    });

    await assert.rejects(api.weather('Delhi', 'metric'), { status: 0, code: 'timeout' });
  });

  it('success without JSON is an error', async () => {
    const { api } = setup(() => new Response('<html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));

    await assert.rejects(api.welcome(), { status: 200, code: 'invalid_response' });
  });

  it('error without JSON names the status', async () => {
    const { api } = setup(() => new Response('Bad Gateway', { status: 502 }));

    await assert.rejects(api.weather('Delhi', 'metric'), {
      status: 502,
      message: 'The request failed with HTTP status 502.',
    });
  });
});

describe('errorFromResponse', () => {
  const cases = [
    {
      name: 'problem detail',
      status: 504,
      payload: { title: 'Gateway Timeout', status: 504, detail: 'weather service timed out', code: 'gateway_timeout' },
      wantMessage: 'Weather service timed out',
      wantCode: 'gateway_timeout',
    },
    {
      name: 'gateway forbidden',
      status: 403,
      payload: { message: 'Forbidden' },
      wantMessage: 'Your account is not allowed to do this.',
      wantCode: 'forbidden',
    },
    {
      name: 'gateway message',
      status: 429,
      payload: { message: 'Too Many Requests' },
      wantMessage: 'Too Many Requests',
      wantCode: 'http_429',
    },
    {
      name: 'no body',
      status: 500,
      payload: undefined,
      wantMessage: 'The request failed with HTTP status 500.',
      wantCode: 'http_500',
    },
  ];
  for (const { name, status, payload, wantMessage, wantCode } of cases) {
    it(name, () => {
      const got = errorFromResponse(status, payload);
      assert.equal(got.status, status);
      assert.equal(got.message, wantMessage);
      assert.equal(got.code, wantCode);
    });
  }
});
