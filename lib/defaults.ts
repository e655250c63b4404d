// The defaults of the props, in one table: what a prop is when it is left out. lib/resolve.ts
// applies them once, and the render functions read the resolved props. A test
// (test/defaults.test.ts) checks every `@default` of the props' doc comments against this table,
// so that the docs (and API.md) say what the code does.
//
// Not here: defaults derived from other props (`name` from the construct id, `serviceName` from
// `name`, ...: lib/resolve.ts), and fields left out of the manifest for Kubernetes to default
// (their docs say `@default - field omitted: ...`).
import { Duration, Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { WhenUnsatisfiable } from './availability';
import { WebProbe } from './pod/probes';
import { PodUser } from './pod/security';
import { PodManagementPolicy, UpdateStrategy } from './rollout';
import { AccessMode, ClaimRetention } from './storage';

/** The defaults of a claim template's options, for the main volume and `addVolumeClaimTemplate` alike. */
const CLAIM_TEMPLATE = {
  storage: Size.gibibytes(1),
  accessModes: [AccessMode.READ_WRITE_ONCE] as AccessMode[],
};

// As cdk8s-plus-28's Cpu.millis(100) has it: the library loads cdk8s-plus only when a chart uses
// its interop (lib/interop/cdk8s-plus.ts).
const CPU_REQUEST: Cpu = { amount: '100m' };

/** The defaults of a container's resources, for the web server's container and the added ones alike. */
const CONTAINER_RESOURCES = {
  cpuRequest: CPU_REQUEST,
  memoryRequest: Size.mebibytes(128),
  memoryLimit: Size.mebibytes(256),
  ephemeralStorageRequest: Size.mebibytes(64),
  ephemeralStorageLimit: Size.gibibytes(1),
};

/** The defaults, by the interface whose props they are, by prop. */
export const DEFAULTS = {
  StatefulWebProps: {
    replicas: 1,
    port: 8080,
    portName: 'http',
    storage: CLAIM_TEMPLATE.storage,
    accessModes: CLAIM_TEMPLATE.accessModes,
    volumeName: 'data',
    mountPath: '/app',
    podUser: PodUser.assignedByPlatform(),
    readOnlyRootFilesystem: false,
    capabilityNetBindService: false,
    automountServiceAccountToken: false,
    readinessProbe: WebProbe.tcpSocket(),
    // Less sensitive than the readiness probe: see the livenessProbe prop.
    livenessProbe: WebProbe.tcpSocket({
      initialDelay: Duration.seconds(30),
      period: Duration.seconds(20),
      timeout: Duration.seconds(5),
      failureThreshold: 6,
    }),
    startupProbe: WebProbe.none(),
    claimRetentionWhenDeleted: ClaimRetention.RETAIN,
    claimRetentionWhenScaled: ClaimRetention.RETAIN,
    podManagementPolicy: PodManagementPolicy.ORDERED_READY,
    updateStrategy: UpdateStrategy.rollingUpdate(),
    clientService: false,
    claimRecommendedLabels: false,
  },
  VolumeClaimTemplateOptions: CLAIM_TEMPLATE,
  ContainerResources: CONTAINER_RESOURCES,
  TopologySpread: {
    maxSkew: 1,
    whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY,
  },
};

/** The defaults of StatefulWebProps, with those of the interface it extends (ContainerResources). */
export const STATEFUL_WEB_PROPS_DEFAULTS = { ...DEFAULTS.ContainerResources, ...DEFAULTS.StatefulWebProps };

/**
 * `props` with `defaults` for the props left out (undefined). The defaults are shared: nothing
 * that reads the result may change them.
 */
export function withDefaults<P extends object, D extends Partial<P>>(defaults: D, props: P): P & D {
  const resolved: { [key: string]: unknown } = { ...defaults };
  for (const [key, value] of Object.entries(props)) if (value !== undefined) resolved[key] = value;
  return resolved as P & D;
}
