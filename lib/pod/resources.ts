import { Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import type { ResourceRequirements } from '../../imports/k8s';
import { bytesOf, millicoresOf, storageQuantity } from '../quantities';
import { Manifest } from '../manifest';
import { PropChecker } from '../validation/prop-checker';

/**
 * The resources of a container: its requests and limits of CPU, memory and ephemeral storage.
 * The props of a StatefulWeb (its web server's container) and the options of an added container
 * take them, with the same defaults.
 */
export interface ContainerResources {
  /**
   * CPU request: what the scheduler reserves for the container (`Cpu` of cdk8s-plus-28).
   *
   * @default Cpu.millis(100)
   */
  readonly cpuRequest?: Cpu;

  /**
   * CPU limit. None by default: a CPU limit throttles a web server at its busiest moment.
   *
   * @default - no limit
   */
  readonly cpuLimit?: Cpu;

  /**
   * Memory request.
   *
   * @default Size.mebibytes(128)
   */
  readonly memoryRequest?: Size;

  /**
   * Memory limit: the container is killed (OOMKilled) above it. At least `memoryRequest`.
   *
   * @default Size.mebibytes(256)
   */
  readonly memoryLimit?: Size;

  /**
   * Ephemeral-storage request (logs, emptyDir volumes, writable layer).
   *
   * @default Size.mebibytes(64)
   */
  readonly ephemeralStorageRequest?: Size;

  /**
   * Ephemeral-storage limit: the pod is evicted above it. At least `ephemeralStorageRequest`.
   *
   * @default Size.gibibytes(1)
   */
  readonly ephemeralStorageLimit?: Size;
}

/** A container's resources with their defaults applied: every request and limit but the CPU limit. */
export type ResolvedResources = ContainerResources &
  Required<Pick<ContainerResources, 'cpuRequest' | 'memoryRequest' | 'memoryLimit' | 'ephemeralStorageRequest' | 'ephemeralStorageLimit'>>;

/**
 * The container's requests and limits for cpu, memory and ephemeral-storage; a limit is at least
 * its request. `given` are the resources as given: when one side of a request and its limit is a
 * default, the message names the prop that was set and says what the default is.
 */
export function resolveResources(check: PropChecker, props: ResolvedResources, given: ContainerResources): Manifest<ResourceRequirements> {
  const cpuRequest = props.cpuRequest.amount;
  const cpuLimit = props.cpuLimit?.amount;
  check.cpu('cpuRequest', cpuRequest);
  if (cpuLimit !== undefined) {
    check.cpu('cpuLimit', cpuLimit);
    const defaultRequest = given.cpuRequest === undefined ? ', its default; set cpuRequest to lower it' : '';
    check.that(
      'cpuLimit',
      cpuLimit,
      millicoresOf(cpuLimit) >= millicoresOf(cpuRequest),
      `at least cpuRequest (${cpuRequest}${defaultRequest})`,
    );
  }
  check.size('memoryRequest', props.memoryRequest);
  check.size('ephemeralStorageRequest', props.ephemeralStorageRequest);
  checkLimit(check, given, 'memoryLimit', 'memoryRequest', props.memoryLimit, props.memoryRequest);
  checkLimit(check, given, 'ephemeralStorageLimit', 'ephemeralStorageRequest', props.ephemeralStorageLimit, props.ephemeralStorageRequest);

  const requests: { [key: string]: string } = {
    cpu: cpuRequest,
    memory: storageQuantity(props.memoryRequest),
    'ephemeral-storage': storageQuantity(props.ephemeralStorageRequest),
  };
  const limits: { [key: string]: string } = {
    memory: storageQuantity(props.memoryLimit),
    'ephemeral-storage': storageQuantity(props.ephemeralStorageLimit),
  };
  if (cpuLimit !== undefined) limits.cpu = cpuLimit;
  return { requests, limits };
}

/** Checks a limit and that it is at least its request, naming the prop that was set when the other is a default. */
function checkLimit(
  check: PropChecker,
  given: ContainerResources,
  limitProp: 'memoryLimit' | 'ephemeralStorageLimit',
  requestProp: 'memoryRequest' | 'ephemeralStorageRequest',
  limit: Size,
  request: Size,
): void {
  check.size(limitProp, limit);
  if (bytesOf(limit) >= bytesOf(request)) return;
  if (given[limitProp] === undefined) {
    // The request was set above the default limit: the request is what the user wrote.
    check.that(
      requestProp,
      request,
      false,
      `at most ${limitProp} (${storageQuantity(limit)}, its default; set ${limitProp} to at least ${storageQuantity(request)} to allow it)`,
    );
  }
  const defaultRequest = given[requestProp] === undefined ? `, its default; set ${requestProp} to lower it` : '';
  check.that(limitProp, limit, false, `at least ${requestProp} (${storageQuantity(request)}${defaultRequest})`);
}
