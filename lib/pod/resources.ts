import { Size } from 'cdk8s';
import type { ResourceRequirements } from '../../imports/k8s';
import { bytesOf, millicoresOf, storageQuantity } from '../quantities';
import type { ResolvedProps } from '../resolve';
import { Manifest } from '../synth/manifest';
import { PropChecker } from '../validation/prop-checker';

/** The container's requests and limits for cpu, memory and ephemeral-storage; a limit is at least its request. */
export function renderResources(check: PropChecker, props: ResolvedProps): Manifest<ResourceRequirements> {
  const cpuRequest = props.cpuRequest.amount;
  const cpuLimit = props.cpuLimit?.amount;
  check.cpu('cpuRequest', cpuRequest);
  if (cpuLimit !== undefined) {
    check.cpu('cpuLimit', cpuLimit);
    check.that('cpuLimit', cpuLimit, millicoresOf(cpuLimit) >= millicoresOf(cpuRequest), `at least cpuRequest (${cpuRequest})`);
  }
  check.size('memoryRequest', props.memoryRequest);
  check.size('ephemeralStorageRequest', props.ephemeralStorageRequest);
  checkLimit(check, 'memoryLimit', props.memoryLimit, 'memoryRequest', props.memoryRequest);
  checkLimit(check, 'ephemeralStorageLimit', props.ephemeralStorageLimit, 'ephemeralStorageRequest', props.ephemeralStorageRequest);

  const requests: { [key: string]: string } = {
    'cpu': cpuRequest,
    'memory': storageQuantity(props.memoryRequest),
    'ephemeral-storage': storageQuantity(props.ephemeralStorageRequest),
  };
  const limits: { [key: string]: string } = {
    'memory': storageQuantity(props.memoryLimit),
    'ephemeral-storage': storageQuantity(props.ephemeralStorageLimit),
  };
  if (cpuLimit !== undefined) limits.cpu = cpuLimit;
  return { requests, limits };
}

function checkLimit(check: PropChecker, prop: string, limit: Size, requestProp: string, request: Size): void {
  check.size(prop, limit);
  check.that(prop, limit, bytesOf(limit) >= bytesOf(request), `at least ${requestProp} (${request.asString()})`);
}
