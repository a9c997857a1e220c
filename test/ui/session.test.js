import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SESSION_EXPIRED_NOTICE, Session } from '../../static/site/js/session.js';

class MemoryStorage {
  constructor() {
    this.items = new Map();
  }

  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }

  setItem(key, value) {
    this.items.set(key, String(value));
  }

  removeItem(key) {
    this.items.delete(key);
  }
}

class BlockedStorage {
  getItem() {
    throw new Error('storage is blocked');
  }

  setItem() {
    throw new Error('storage is blocked');
  }

  removeItem() {
    throw new Error('storage is blocked');
  }
}

describe('Session', () => {
  it('returns null before sign-in', () => {
    const session = new Session(new MemoryStorage());
    assert.equal(session.token(), null);
  });

  it('returns the token after sign-in', () => {
    const session = new Session(new MemoryStorage());
    session.signIn('header.payload.signature');
    assert.equal(session.token(), 'header.payload.signature');
  });

  it('rejects an empty token', () => {
    const session = new Session(new MemoryStorage());
    for (const token of ['', undefined, null, 42]) {
      assert.throws(() => session.signIn(token), TypeError, `token ${String(token)}`);
    }
  });

  it('sign-out removes token and notice', () => {
    const storage = new MemoryStorage();
    const session = new Session(storage);
    session.signIn('jwt');
    session.expire();

    session.signOut();

    assert.equal(session.token(), null);
    assert.equal(session.takeNotice(), null);
    assert.equal(storage.items.size, 0);
  });

  it('expire removes token and leaves notice', () => {
    const session = new Session(new MemoryStorage());
    session.signIn('jwt');

    session.expire();

    assert.equal(session.token(), null);
    assert.equal(session.takeNotice(), SESSION_EXPIRED_NOTICE);
  });

  it('notice is returned only once', () => {
    const session = new Session(new MemoryStorage());
    session.expire();

    assert.equal(session.takeNotice(), 'Your session expired, please sign in again.');
    assert.equal(session.takeNotice(), null);
  });

  it('blocked storage reads as an empty session', () => {
    const session = new Session(new BlockedStorage());

    assert.equal(session.token(), null);
    assert.doesNotThrow(() => session.signOut());
    assert.doesNotThrow(() => session.expire());
    assert.equal(session.takeNotice(), null);
  });
});
