// fast-check generators of StatefulWeb props: values a user may write, edge values at the API's
// limits, and values past them, which StatefulWeb must refuse with a prop error.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AccessMode, AllowFrom, ClaimRetention, DisruptionBudget, EnvValue, ImagePullPolicy, PodAntiAffinity,
  PodManagementPolicy, PodUser, StatefulWebProps, UpdateStrategy, VolumeMode, WebProbe, WhenUnsatisfiable,
} from '../../lib';

const INT32_MAX = 2147483647;

/**
 * A value made by a library function that may throw (`PodUser.fixed(-1)`): made when the props
 * are built (`buildProps`), so that the throw is StatefulWeb's answer to the case, not a fault of
 * the generator.
 */
export class Deferred<T> {
  constructor(public readonly make: () => T) {}
}
const defer = <A, T>(make: (a: A) => T) => (a: A) => new Deferred(() => make(a));

/** Generated props, with some values still to be made (see Deferred). */
export type GeneratedProps = { readonly image: string; readonly [prop: string]: unknown };

/** The props of a generated case; throws what a library function throws for a bad value. */
export function buildProps(generated: GeneratedProps): StatefulWebProps {
  const made = (v: unknown): unknown => {
    if (v instanceof Deferred) return v.make();
    if (Array.isArray(v)) return v.map(made);
    const proto = v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
    if (proto === Object.prototype || proto === null) {  // fast-check's dictionaries have no prototype
      return Object.fromEntries(Object.entries(v as object).map(([k, inner]) => [k, made(inner)]));
    }
    return v;
  };
  const props: { [prop: string]: unknown } = {};
  for (const key of Object.keys(generated)) props[key] = made(generated[key]);
  return props as unknown as StatefulWebProps;
}
/**
 * Mostly `valid`, now and then one of `edges` (values at or past the API's limits): about one
 * case in three sets some edge value, so that both sides of the property get exercised.
 */
const mostly = <T>(valid: fc.Arbitrary<T>, ...edges: T[]) => fc.oneof(
  { weight: 40, arbitrary: valid },
  { weight: 1, arbitrary: fc.constantFrom(...edges) },
);
/** A small count, an edge of int32, or past it. */
const count = (max: number) => mostly(fc.integer({ min: 0, max }), INT32_MAX, INT32_MAX + 1, -1, 1.5);
const seconds = (max: number, min = 0) => mostly(fc.integer({ min, max }).map((s) => Duration.seconds(s)),
  Duration.millis(1500), Duration.seconds(INT32_MAX), Duration.seconds(INT32_MAX + 1), Duration.days(30));
const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const labelValue = fc.stringMatching(/^([a-zA-Z0-9]([a-zA-Z0-9_.-]{0,20}[a-zA-Z0-9])?)?$/);
const labelKey = fc.oneof(dnsLabel, fc.tuple(dnsLabel, dnsLabel).map(([a, b]) => `${a}.example.com/${b}`));
const mebibytes = (min: number, max: number) => fc.integer({ min, max }).map((n) => Size.mebibytes(n));

const storage = fc.oneof(
  fc.integer({ min: 1, max: 1024 }).map((n) => Size.gibibytes(n)),
  mebibytes(1, 8192),
  fc.integer({ min: 1, max: 64 }).map((n) => Size.tebibytes(n)),
  fc.integer({ min: 1, max: 16 }).map((n) => Size.pebibyte(n)),
);

const probeOptions = fc.record({
  initialDelay: seconds(300), period: seconds(60, 1), timeout: seconds(30, 1),
  failureThreshold: mostly(fc.integer({ min: 1, max: 10 }), 0, INT32_MAX, INT32_MAX + 1),
}, { requiredKeys: [] });
const probe = fc.oneof(
  fc.tuple(fc.constantFrom('/', '/healthz', '/status?full=1'), probeOptions).map(defer(([path, options]) => WebProbe.httpGet(path, options))),
  probeOptions.map(defer((options) => WebProbe.tcpSocket(options))),
  fc.constant(WebProbe.none()),
);

const allowFrom = fc.oneof(
  fc.constant(AllowFrom.anywhere()),
  fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 }).map(defer((l) => AllowFrom.pods(l))),
  fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 }).map(defer((l) => AllowFrom.namespaces(l))),
);

const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const env = fc.dictionary(envName, fc.oneof(
  fc.string({ maxLength: 20 }).map(defer((v) => EnvValue.fromValue(v))),
  fc.tuple(dnsLabel, fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/)).map(defer(([name, key]) => EnvValue.fromConfigMap(name, key))),
  fc.tuple(dnsLabel, fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/), fc.boolean()).map(defer(([name, key, optional]) => EnvValue.fromSecret(name, key, { optional }))),
), { maxKeys: 3 });

/** StatefulWeb props, every optional one present or absent. */
export const statefulWebProps: fc.Arbitrary<GeneratedProps> = fc.record({
  image: fc.constantFrom('bitnami/nginx', 'registry.example.com/team/web:1.2.3', `nginx@sha256:${'0'.repeat(64)}`),
  name: dnsLabel,
  serviceName: dnsLabel,
  containerName: dnsLabel,
  replicas: count(10),
  port: mostly(fc.integer({ min: 1, max: 65535 }), 0, 65536),
  portName: mostly(fc.constantFrom('web', 'http', 'h', 'http-alt', 'a'.repeat(15)), 'a'.repeat(16), 'Web', '8080'),
  labels: fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 3 }),
  storage,
  storageClassName: dnsLabel,
  // ReadWriteOncePod goes alone (Kubernetes refuses it beside another mode, and so does StatefulWeb).
  accessModes: mostly<AccessMode[]>(fc.oneof(fc.constant<AccessMode[]>([AccessMode.READ_WRITE_ONCE_POD]),
    fc.subarray(Object.values(AccessMode).filter((m) => m !== AccessMode.READ_WRITE_ONCE_POD), { minLength: 1 })),
  [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE]),
  volumeName: dnsLabel,
  mountPath: fc.constantFrom('/data', '/app', '/var/www/html', '/srv'),
  podUser: fc.oneof(
    fc.constant(PodUser.assignedByPlatform()),
    fc.tuple(mostly(fc.integer({ min: 1, max: 70000 }), 0, INT32_MAX, INT32_MAX + 1), fc.option(count(70000), { nil: undefined }), fc.option(count(70000), { nil: undefined }))
      .map(defer(([user, group, fsGroup]) => PodUser.fixed(user, group, fsGroup))),
  ),
  readOnlyRootFilesystem: fc.boolean(),
  writablePaths: fc.subarray(['/tmp', '/var/run', '/opt/app/tmp', '/var/cache/nginx']),
  capabilityNetBindService: fc.boolean(),
  imagePullPolicy: fc.constantFrom(...Object.values(ImagePullPolicy)),
  imagePullSecrets: fc.uniqueArray(dnsLabel, { maxLength: 2 }),
  automountServiceAccountToken: fc.boolean(),
  // Requests up to the limits' lowest values (and to the default limits), limits from there.
  cpuRequest: fc.integer({ min: 1, max: 1000 }).map((m) => Cpu.millis(m)),
  cpuLimit: fc.integer({ min: 1, max: 16 }).map((u) => Cpu.units(u)),
  memoryRequest: mebibytes(1, 256),
  memoryLimit: mebibytes(256, 8192),
  ephemeralStorageRequest: mebibytes(1, 1024),
  ephemeralStorageLimit: mebibytes(1024, 8192),
  readinessProbe: probe,
  livenessProbe: probe,
  startupProbe: probe,
  env,
  command: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 2 }),
  args: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
  volumeMode: fc.constantFrom(...Object.values(VolumeMode)),
  claimLabels: fc.dictionary(labelKey, labelValue, { maxKeys: 2 }),
  claimAnnotations: fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  claimRetentionWhenDeleted: fc.constantFrom(...Object.values(ClaimRetention)),
  claimRetentionWhenScaled: fc.constantFrom(...Object.values(ClaimRetention)),
  podManagementPolicy: fc.constantFrom(...Object.values(PodManagementPolicy)),
  updateStrategy: fc.oneof(
    fc.constant(UpdateStrategy.onDelete()),
    fc.record({ partition: count(10), maxUnavailable: mostly(fc.integer({ min: 1, max: 5 }), 0, INT32_MAX + 1) }, { requiredKeys: [] })
      .map(defer((o) => UpdateStrategy.rollingUpdate(o))),
  ),
  minReady: seconds(600),
  revisionHistoryLimit: count(20),
  ordinalsStart: count(100),
  terminationGracePeriod: seconds(3600),
  disruptionBudget: fc.oneof(mostly(fc.integer({ min: 1, max: 3 }), 0, INT32_MAX + 1).map(defer((n) => DisruptionBudget.maxUnavailable(n))), count(3).map(defer((n) => DisruptionBudget.minAvailable(n)))),
  podAntiAffinity: fc.constantFrom(...Object.values(PodAntiAffinity)),
  topologySpread: fc.uniqueArray(fc.record({
    topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'example.com/rack'),
    maxSkew: mostly(fc.integer({ min: 1, max: 5 }), 0, INT32_MAX + 1),
    whenUnsatisfiable: fc.constantFrom(...Object.values(WhenUnsatisfiable)),
  }, { requiredKeys: ['topologyKey'] }), { maxLength: 2, selector: (t) => t.topologyKey }),
  publishNotReadyAddresses: fc.boolean(),
  serviceAnnotations: fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  clientService: fc.boolean(),
  networkPolicyAllowFrom: fc.array(allowFrom, { minLength: 1, maxLength: 2 }),
  appName: dnsLabel,
  metadataLabels: fc.dictionary(labelKey, labelValue, { maxKeys: 2 }),
  metadataAnnotations: fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 }),
  podLabels: fc.dictionary(labelKey, labelValue, { maxKeys: 2 }),
  podAnnotations: fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 }),
}, { requiredKeys: ['image'] });
