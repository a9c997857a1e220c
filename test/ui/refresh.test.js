import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createRefresher } from '../../static/site/js/refresh.js';

/** FakeTimers records setTimeout calls and runs them only when fire is called. */
class FakeTimers {
  constructor() {
    this.nextId = 1;
    this.pending = new Map();
    this.setTimeout = (callback, delay) => {
      const id = this.nextId++;
      this.pending.set(id, { callback, delay });
      return id;
    };
    this.clearTimeout = (id) => {
      this.pending.delete(id);
    };
  }

  delays() {
    return [...this.pending.values()].map((timer) => timer.delay);
  }

  /** Runs every pending timer once and waits for the task it starts. */
  async fire() {
    const timers = [...this.pending.entries()];
    this.pending.clear();
    for (const [, timer] of timers) {
      timer.callback();
    }
    await settle();
  }
}

class FakeDocument extends EventTarget {
  constructor(hidden = false) {
    super();
    this.hidden = hidden;
  }

  async setHidden(hidden) {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
    await settle();
  }
}

function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

function setup({ hidden = false, task } = {}) {
  const timers = new FakeTimers();
  const doc = new FakeDocument(hidden);
  const runs = { count: 0 };
  const errors = [];
  const refresher = createRefresher({
    task:
      task ??
      (async () => {
        runs.count++;
      }),
    document: doc,
    intervalMs: 10000,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    onError: (err) => errors.push(err),
  });
  return { timers, doc, runs, errors, refresher };
}

describe('createRefresher', () => {
  it('start runs at once and schedules the next run', async () => {
    const { timers, runs, refresher } = setup();

    refresher.start();
    await settle();

    assert.equal(runs.count, 1);
    assert.deepEqual(timers.delays(), [10000]);
  });

  it('timer runs the task again', async () => {
    const { timers, runs, refresher } = setup();
    refresher.start();
    await settle();

    await timers.fire();
    await timers.fire();

    assert.equal(runs.count, 3);
    assert.deepEqual(timers.delays(), [10000]);
  });

  it('hidden document cancels the timer', async () => {
    const { timers, doc, runs, refresher } = setup();
    refresher.start();
    await settle();

    await doc.setHidden(true);

    assert.equal(runs.count, 1);
    assert.deepEqual(timers.delays(), []);
  });

  it('visible document runs at once', async () => {
    const { timers, doc, runs, refresher } = setup();
    refresher.start();
    await settle();
    await doc.setHidden(true);

    await doc.setHidden(false);

    assert.equal(runs.count, 2);
    assert.deepEqual(timers.delays(), [10000]);
  });

  it('start while hidden waits for visibility', async () => {
    const { timers, doc, runs, refresher } = setup({ hidden: true });

    refresher.start();
    await settle();

    assert.equal(runs.count, 0);
    assert.deepEqual(timers.delays(), []);

    await doc.setHidden(false);

    assert.equal(runs.count, 1);
    assert.deepEqual(timers.delays(), [10000]);
  });

  it('run ending while hidden schedules nothing', async () => {
    let finish;
    const timers = new FakeTimers();
    const doc = new FakeDocument();
    const refresher = createRefresher({
      task: () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
      document: doc,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });

    refresher.start();
    await doc.setHidden(true);
    finish();
    await settle();

    assert.deepEqual(timers.delays(), []);
  });

  it('refreshNow restarts the interval', async () => {
    const { timers, runs, refresher } = setup();
    refresher.start();
    await settle();

    await refresher.refreshNow();

    assert.equal(runs.count, 2);
    assert.equal(timers.pending.size, 1);
  });

  it('failed task keeps the schedule', async () => {
    const failure = new Error('network down');
    const { timers, errors, refresher } = setup({
      task: async () => {
        throw failure;
      },
    });

    refresher.start();
    await settle();

    assert.deepEqual(errors, [failure]);
    assert.deepEqual(timers.delays(), [10000]);
  });

  it('stop cancels timer and listener', async () => {
    const { timers, doc, runs, refresher } = setup();
    refresher.start();
    await settle();

    refresher.stop();
    await doc.setHidden(true);
    await doc.setHidden(false);

    assert.equal(runs.count, 1);
    assert.deepEqual(timers.delays(), []);
  });

  it('start twice runs once', async () => {
    const { runs, refresher } = setup();

    refresher.start();
    refresher.start();
    await settle();

    assert.equal(runs.count, 1);
  });
});
