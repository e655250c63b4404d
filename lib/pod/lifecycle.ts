import { Duration } from 'cdk8s';
import type { Lifecycle } from '../../imports/k8s';
import { secondsOf } from '../quantities';
import { Manifest } from '../manifest';
import { show } from '../validation/show';
import { PropChecker } from '../validation/prop-checker';
import { factoryChecker } from '../validation/prop-kinds';
import { instanceOf, registerKind } from '../validation/kinds';

/** Kubernetes' terminationGracePeriodSeconds when the field is left out. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

/**
 * "LifecycleHandler defines a specific action that should be taken in a lifecycle hook": what the
 * kubelet runs in the container before it stops it (`preStop`).
 *
 * A sleep is written as an exec of `sleep <seconds>`, not as Kubernetes' `sleep` action: that
 * action is not in the Kubernetes 1.28 API (PodLifecycleSleepAction: alpha in 1.29, beta and on
 * by default from 1.30), so a 1.28 API server refuses it. The exec needs a `sleep` program in the
 * image (bitnami/nginx has one; a distroless image has none: use `exec` with a command of the image).
 *
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 */
export class LifecycleHandler {
  /**
   * "Exec specifies the action to take": runs `command` in the container. "The command is simply
   * exec'd, it is not run inside a shell." The container is stopped (SIGTERM) when it exits, or
   * when the grace period is over.
   *
   * @param command the program and its arguments, e.g. `['/opt/bitnami/scripts/nginx/stop.sh']`
   */
  public static exec(command: string[]): LifecycleHandler {
    const check = factoryChecker('LifecycleHandler.exec', [command]);
    check.that(
      'command',
      command,
      Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string' && c.length > 0),
      'a non-empty list of non-empty strings: the program, then its arguments (e.g. ["/bin/stop-server"])',
    );
    return new LifecycleHandler([...command]);
  }

  /**
   * Waits `duration` before the container is sent SIGTERM: time for the endpoints controller,
   * kube-proxy and Ingress controllers to stop sending new requests to a terminating pod. Shorter
   * than the pod's `terminationGracePeriod`, which the sleep counts against. Written as an exec
   * of `sleep <seconds>` (see the class).
   *
   * @param duration whole seconds, at least 1
   */
  public static sleep(duration: Duration): LifecycleHandler {
    factoryChecker('LifecycleHandler.sleep', [duration]).seconds('duration', duration, 1);
    return new LifecycleHandler(['sleep', String(secondsOf(duration))], duration);
  }

  private constructor(
    /** @internal the command of the exec action */
    public readonly _command: string[],
    /** @internal the sleep, for a handler made by `sleep()` */
    public readonly _sleep?: Duration,
  ) {}
}

/**
 * The container's `lifecycle` with `preStop`, checked against the grace period: a sleep must end
 * before it, or the server is killed (SIGKILL) without a chance to stop cleanly.
 */
export function resolvePreStop(
  check: PropChecker,
  preStop: LifecycleHandler | undefined,
  terminationGracePeriod: Duration | undefined,
): Manifest<Lifecycle> | undefined {
  if (preStop === undefined) return undefined;
  check.that(
    'preStop',
    preStop,
    preStop instanceof LifecycleHandler,
    'a LifecycleHandler (LifecycleHandler.exec() or LifecycleHandler.sleep())',
  );
  if (preStop._sleep !== undefined && (terminationGracePeriod === undefined || terminationGracePeriod instanceof Duration)) {
    const grace = terminationGracePeriod === undefined ? DEFAULT_TERMINATION_GRACE_SECONDS : secondsOf(terminationGracePeriod);
    const graceShown =
      terminationGracePeriod === undefined
        ? `${DEFAULT_TERMINATION_GRACE_SECONDS} seconds, Kubernetes' default when terminationGracePeriod is left out`
        : show(terminationGracePeriod);
    check.that(
      'preStop sleep',
      preStop._sleep,
      secondsOf(preStop._sleep) < grace,
      `shorter than terminationGracePeriod (${graceShown}): the sleep counts against the grace period, and the server needs time to stop after it`,
    );
  }
  return { preStop: { exec: { command: [...preStop._command] } } };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(instanceOf('LifecycleHandler', LifecycleHandler, 'LifecycleHandler.exec() or sleep()'));
