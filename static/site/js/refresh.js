// The refresh schedule of the weather page: run a task now, then again a
// fixed interval after each run ends, pause while the document is hidden,
// and run at once when it becomes visible again.

/** Milliseconds between the end of one refresh and the start of the next. */
export const REFRESH_INTERVAL_MS = 10000;

/**
 * Creates a refresher. At most one timer is pending at any time. Runs that
 * overlap, because refreshNow was called during a run, are allowed, and the
 * task must ignore results that arrive out of order.
 *
 * @param {object} options
 * @param {() => Promise<void>} options.task The refresh. A rejection is
 *   passed to onError and does not stop the schedule.
 * @param {{hidden: boolean, addEventListener: Function, removeEventListener: Function}} options.document
 * @param {number} [options.intervalMs]
 * @param {typeof setTimeout} [options.setTimeout]
 * @param {typeof clearTimeout} [options.clearTimeout]
 * @param {(err: unknown) => void} [options.onError]
 */
export function createRefresher({
  task,
  document,
  intervalMs = REFRESH_INTERVAL_MS,
  setTimeout = globalThis.setTimeout,
  clearTimeout = globalThis.clearTimeout,
  onError = () => {},
}) {
  let timer = null;
  let running = false;

  function cancelTimer() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function schedule() {
    cancelTimer();
    if (running && !document.hidden) {
      timer = setTimeout(refreshNow, intervalMs);
    }
  }

  async function refreshNow() {
    if (!running) {
      return;
    }
    cancelTimer();

    try {
      await task();
    } catch (err) {
      onError(err);
    }

    schedule();
  }

  function onVisibilityChange() {
    if (document.hidden) {
      cancelTimer();
      return;
    }
    refreshNow();
  }

  return {
    /** Starts the schedule and runs the task at once unless the document is hidden. */
    start() {
      if (running) {
        return;
      }
      running = true;
      document.addEventListener('visibilitychange', onVisibilityChange);
      if (!document.hidden) {
        refreshNow();
      }
    },

    /** Runs the task now and restarts the interval when it ends. */
    refreshNow,

    /** Stops the schedule. A run in progress finishes but schedules nothing. */
    stop() {
      running = false;
      cancelTimer();
      document.removeEventListener('visibilitychange', onVisibilityChange);
    },

    /** Reports whether a timer is pending, for tests. */
    get pending() {
      return timer !== null;
    },
  };
}
