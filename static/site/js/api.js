// The client for the JSON API. Every failure, including network errors,
// timeouts and bodies that are not JSON, becomes an ApiError whose message
// can be shown to the user.

/** Milliseconds to wait for a response before giving up. */
export const REQUEST_TIMEOUT_MS = 20000;

/** ApiError is a failed API call. status is 0 when no response arrived. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 for network failures and timeouts.
   * @param {string} message Text to show to the user.
   * @param {string} code Problem code from the response ("not_found"), or
   *   "network", "timeout" or "invalid_response".
   */
  constructor(status, message, code) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Creates the API client.
 *
 * @param {object} options
 * @param {typeof fetch} options.fetch The fetch function to call.
 * @param {{token(): (string|null)}} options.session Source of the bearer token.
 * @param {() => void} options.onUnauthorized Called when an authenticated
 *   request gets 401, before the ApiError is thrown.
 * @param {number} [options.timeoutMs] Request timeout in milliseconds.
 */
export function createApi({ fetch, session, onUnauthorized, timeoutMs = REQUEST_TIMEOUT_MS }) {
  async function request(path, { method = 'GET', body, authenticated = true } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (authenticated) {
      const token = session.token();
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }
    }

    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      if (err && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new ApiError(0, `The server did not respond within ${timeoutMs / 1000} seconds.`, 'timeout');
      }
      throw new ApiError(0, 'Could not reach the server. Check your connection and try again.', 'network');
    }

    const payload = await readJSON(response);

    if (response.ok) {
      if (payload === undefined) {
        throw new ApiError(response.status, 'The server sent a response that is not valid JSON.', 'invalid_response');
      }
      return payload;
    }

    if (response.status === 401 && authenticated) {
      onUnauthorized();
    }
    throw errorFromResponse(response.status, payload);
  }

  return {
    /** Signs in and returns {access_token, token_type, expires_in, scope}. */
    login(username, password) {
      return request('/api/login', { method: 'POST', body: { username, password }, authenticated: false });
    },

    /** Returns {message, name, username} for the signed-in user. */
    welcome() {
      return request('/api/welcome');
    },

    /** Returns the current weather report for city in units. */
    weather(city, units) {
      const query = new URLSearchParams({ city, units });
      return request(`/api/weather?${query}`);
    },
  };
}

async function readJSON(response) {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * Builds the ApiError for a response with an error status. It prefers the
 * problem+json detail, then the API Gateway {"message": …} body, then a
 * sentence naming the status.
 */
export function errorFromResponse(status, payload) {
  const code = typeof payload?.code === 'string' ? payload.code : `http_${status}`;

  if (typeof payload?.detail === 'string' && payload.detail !== '') {
    return new ApiError(status, capitalize(payload.detail), code);
  }
  if (status === 401) {
    return new ApiError(status, 'You are not signed in, or your session expired.', 'unauthorized');
  }
  if (status === 403) {
    return new ApiError(status, 'Your account is not allowed to do this.', 'forbidden');
  }
  if (typeof payload?.message === 'string' && payload.message !== '') {
    return new ApiError(status, capitalize(payload.message), code);
  }
  return new ApiError(status, `The request failed with HTTP status ${status}.`, code);
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
