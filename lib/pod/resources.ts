import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import type { ResourceRequirements } from '../../imports/k8s';
import { Manifest } from '../synth/manifest';
import { PropChecker } from '../validation/prop-checker';
import { StatefulWebProps } from '../props';

// Modest defaults for a small web server: what the scheduler reserves, and a ceiling on memory and
// local disk. No CPU limit by default: it throttles a server at its busiest moment.
const DEFAULT_CPU_REQUEST = '100m';
const DEFAULT_MEMORY_REQUEST = Size.mebibytes(128);
const DEFAULT_MEMORY_LIMIT = Size.mebibytes(256);
const DEFAULT_EPHEMERAL_REQUEST = Size.mebibytes(64);
const DEFAULT_EPHEMERAL_LIMIT = Size.gibibytes(1);

// A CPU quantity as cdk8s-plus's Cpu writes it: cores ("1", "0.5") or millicores ("250m").
const CPU_QUANTITY = /^(\d+(\.\d+)?|\d+m)$/;

/** The container's requests and limits for cpu, memory and ephemeral-storage; a limit is at least its request. */
export function renderResources(check: PropChecker, props: StatefulWebProps): Manifest<ResourceRequirements> {
  const cpuRequest = props.cpuRequest ? cpu(check, 'cpuRequest', props.cpuRequest) : DEFAULT_CPU_REQUEST;
  const cpuLimit = props.cpuLimit ? cpu(check, 'cpuLimit', props.cpuLimit) : undefined;
  if (cpuLimit) {
    check.that('cpuLimit', cpuLimit, millicores(cpuLimit) >= millicores(cpuRequest), `at least cpuRequest (${cpuRequest})`);
  }
  const memoryRequest = props.memoryRequest ?? DEFAULT_MEMORY_REQUEST;
  const memoryLimit = props.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const ephemeralRequest = props.ephemeralStorageRequest ?? DEFAULT_EPHEMERAL_REQUEST;
  const ephemeralLimit = props.ephemeralStorageLimit ?? DEFAULT_EPHEMERAL_LIMIT;

  const requests: { [key: string]: string } = {
    'cpu': cpuRequest,
    'memory': check.size('memoryRequest', memoryRequest),
    'ephemeral-storage': check.size('ephemeralStorageRequest', ephemeralRequest),
  };
  const limits: { [key: string]: string } = {
    'memory': limitOf(check, 'memoryLimit', memoryLimit, 'memoryRequest', memoryRequest),
    'ephemeral-storage': limitOf(check, 'ephemeralStorageLimit', ephemeralLimit, 'ephemeralStorageRequest', ephemeralRequest),
  };
  if (cpuLimit) limits.cpu = cpuLimit;
  return { requests, limits };
}

function cpu(check: PropChecker, prop: string, value: Cpu): string {
  check.that(prop, value.amount, CPU_QUANTITY.test(value.amount) && millicores(value.amount) > 0,
    'a CPU amount greater than zero (e.g. Cpu.millis(250) or Cpu.units(1))');
  return value.amount;
}

function millicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

function limitOf(check: PropChecker, prop: string, limit: Size, requestProp: string, request: Size): string {
  const quantity = check.size(prop, limit);
  const kib = (size: Size) => size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  check.that(prop, limit, kib(limit) >= kib(request), `at least ${requestProp} (${request.asString()})`);
  return quantity;
}
