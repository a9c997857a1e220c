// Session keeps the access token and a one-time notice for the next page in
// Web Storage. The pages use window.sessionStorage, so both end with the tab.

const TOKEN_KEY = 'weather-portal.access-token';
const NOTICE_KEY = 'weather-portal.notice';

/** Notice shown on the sign-in page after the API rejected the token. */
export const SESSION_EXPIRED_NOTICE = 'Your session expired, please sign in again.';

export class Session {
  /**
   * @param {Storage} storage Web Storage, or any object with getItem,
   *   setItem and removeItem. Storage errors (for example a browser that
   *   blocks storage) are treated as an empty session.
   */
  constructor(storage) {
    this.storage = storage;
  }

  /** Returns the stored access token, or null when there is none. */
  token() {
    return this.read(TOKEN_KEY);
  }

  /** Stores the access token. Throws when storage rejects the write. */
  signIn(token) {
    if (typeof token !== 'string' || token === '') {
      throw new TypeError('access token must be a non-empty string');
    }
    this.storage.setItem(TOKEN_KEY, token);
  }

  /** Removes the access token and any pending notice. */
  signOut() {
    this.remove(TOKEN_KEY);
    this.remove(NOTICE_KEY);
  }

  /** Removes the access token and leaves SESSION_EXPIRED_NOTICE for the sign-in page. */
  expire() {
    this.remove(TOKEN_KEY);
    try {
      this.storage.setItem(NOTICE_KEY, SESSION_EXPIRED_NOTICE);
    } catch {
      // Without storage the sign-in page shows no notice, which is acceptable.
    }
  }

  /** Returns the pending notice and removes it, or returns null when there is none. */
  takeNotice() {
    const notice = this.read(NOTICE_KEY);
    this.remove(NOTICE_KEY);
    return notice;
  }

  read(key) {
    try {
      return this.storage.getItem(key);
    } catch {
      return null;
    }
  }

  remove(key) {
    try {
      this.storage.removeItem(key);
    } catch {
      // Nothing is stored when storage is unavailable.
    }
  }
}
