// A refused synth, left uncaught by the app (the usual case: `app.synth()` is its last line),
// ends the process with the refusal's message and exit code 1: no stack trace, which would point
// into this library and bury the message, and no dump of the error's fields.
//
// The error is still thrown, so that code that calls synth() can catch it. Only when nothing
// catches it does Node call the `uncaughtException` listener installed here; it handles this
// library's refusals and hands any other error back to Node's own handling, unchanged.
//
// Not under jsii (JSII_AGENT is set): there the error crosses into the app's language, Python,
// Java or Go, which reports it.

const reported = new WeakSet<Error>();
let installed = false;

/** Returns `error`, marked so that, if nothing catches it, the process prints its message and exits 1. */
export function reportWhenUncaught<T extends Error>(error: T): T {
  if (process.env.JSII_AGENT) return error;
  reported.add(error);
  if (!installed) {
    installed = true;
    process.on('uncaughtException', onUncaught);
  }
  return error;
}

function onUncaught(error: unknown): void {
  if (error instanceof Error && reported.has(error)) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Not ours, and the app handles uncaught errors itself: leave it to its listener.
  if (process.listenerCount('uncaughtException') > 1) return;
  // Not ours: without this listener, Node prints it and exits with code 1. Remove the listener
  // and throw it again from a new tick, which leaves it to Node as if the listener never was.
  process.removeListener('uncaughtException', onUncaught);
  installed = false;
  process.nextTick(() => {
    throw error;
  });
}
