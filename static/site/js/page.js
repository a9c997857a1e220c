// Wiring shared by the pages: the session in sessionStorage, the API client,
// and the redirects to /login when there is no valid token.

import { createApi } from './api.js';
import { Session } from './session.js';

/** The session of this browser tab. */
export const session = new Session(window.sessionStorage);

/**
 * The API client. A 401 from an authenticated call ends the session and
 * sends the user to /login with the expired-session notice.
 */
export const api = createApi({
  fetch: (...args) => window.fetch(...args),
  session,
  onUnauthorized() {
    session.expire();
    window.location.assign('/login');
  },
});

/**
 * Sends the user to /login and returns false when there is no token, and
 * returns true otherwise.
 */
export function requireSignIn() {
  if (session.token()) {
    return true;
  }
  window.location.replace('/login');
  return false;
}

/** Makes button end the session and go to /login. */
export function bindSignOut(button) {
  button.addEventListener('click', () => {
    session.signOut();
    window.location.assign('/login');
  });
}
