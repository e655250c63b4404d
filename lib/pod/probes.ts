import { Duration } from 'cdk8s';
import type { Probe } from '../../imports/k8s';
import { Manifest } from '../manifest';
import { secondsOf } from '../quantities';
import { PropChecker } from '../validation/prop-checker';
import { factoryChecker } from '../validation/prop-kinds';
import { instanceOf, registerKind } from '../validation/kinds';

/** Timings and thresholds of a probe. */
export interface WebProbeOptions {
  /**
   * "Number of seconds after the container has started before liveness probes are initiated."
   *
   * @default - Kubernetes' default, 0 seconds
   */
  readonly initialDelay?: Duration;
  /**
   * "How often (in seconds) to perform the probe."
   *
   * @default - Kubernetes' default, 10 seconds
   */
  readonly period?: Duration;
  /**
   * "Number of seconds after which the probe times out."
   *
   * @default - Kubernetes' default, 1 second
   */
  readonly timeout?: Duration;
  /**
   * "Minimum consecutive failures for the probe to be considered failed after having succeeded."
   *
   * @default - Kubernetes' default, 3
   */
  readonly failureThreshold?: number;
}

/** Which request a probe makes. */
export enum WebProbeKind {
  /** An HTTP GET on the web port. */
  HTTP_GET = 'httpGet',
  /** A TCP connection to the web port. */
  TCP_SOCKET = 'tcpSocket',
  /** No probe. */
  NONE = 'none',
}

/**
 * A probe of the container's web port: an HTTP GET of a path, or a TCP connection.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export class WebProbe {
  /**
   * "HTTPGet specifies the http request to perform": a GET of `path` on the web port, which
   * succeeds with a status from 200 to 399.
   *
   * @param path the path to request, starting with '/'
   */
  public static httpGet(path: string, options: WebProbeOptions = {}): WebProbe {
    const check = factoryChecker('WebProbe.httpGet', [path, options]);
    check.that(
      'path',
      path,
      path.startsWith('/') && !/\s/.test(path),
      'an HTTP path starting with "/", without whitespace (e.g. "/healthz")',
    );
    return new WebProbe(WebProbeKind.HTTP_GET, checkOptions(check, options), path);
  }

  /**
   * "TCPSocket specifies an action involving a TCP port": succeeds when a connection to the web
   * port opens. It does not depend on what the server answers, so it suits a server whose pages
   * live on a volume that may still be empty.
   */
  public static tcpSocket(options: WebProbeOptions = {}): WebProbe {
    const check = factoryChecker('WebProbe.tcpSocket', [options]);
    return new WebProbe(WebProbeKind.TCP_SOCKET, checkOptions(check, options));
  }

  /** No probe of this kind. */
  public static none(): WebProbe {
    return new WebProbe(WebProbeKind.NONE, {});
  }

  private constructor(
    /** Which request the probe makes. */
    public readonly kind: WebProbeKind,
    /** Its timings and thresholds. */
    public readonly options: WebProbeOptions,
    /** The path of an HTTP GET probe. */
    public readonly path?: string,
  ) {}
}

/**
 * Checks a probe's timings and thresholds, as Kubernetes allows them, and returns a copy: the
 * options as checked, whatever happens to the caller's object later.
 */
function checkOptions(check: PropChecker, options: WebProbeOptions): WebProbeOptions {
  const { initialDelay, period, timeout, failureThreshold } = options;
  if (initialDelay !== undefined) check.seconds('initialDelay', initialDelay, 0);
  if (period !== undefined) check.seconds('period', period, 1);
  if (timeout !== undefined) check.seconds('timeout', timeout, 1);
  if (failureThreshold !== undefined) check.integer('failureThreshold', failureThreshold, 1);
  return Object.freeze({ initialDelay, period, timeout, failureThreshold });
}

/**
 * The Kubernetes Probe for `probe` on `port` (a container port's name, or its number), or
 * undefined for `WebProbe.none()`.
 */
export function renderProbe(probe: WebProbe, port: string | number): Manifest<Probe> | undefined {
  if (probe.kind === WebProbeKind.NONE) return undefined;
  const o = probe.options;
  return {
    httpGet: probe.kind === WebProbeKind.HTTP_GET ? { path: probe.path, port } : undefined,
    tcpSocket: probe.kind === WebProbeKind.TCP_SOCKET ? { port } : undefined,
    initialDelaySeconds: o.initialDelay && secondsOf(o.initialDelay),
    periodSeconds: o.period && secondsOf(o.period),
    timeoutSeconds: o.timeout && secondsOf(o.timeout),
    failureThreshold: o.failureThreshold,
  };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(instanceOf('WebProbe', WebProbe, 'WebProbe.httpGet(), tcpSocket() or none()'));
