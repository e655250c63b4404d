// fast-check generators of StatefulWeb cases: props and mutator calls, for the property of
// test/property.test.ts (npm test) and of test/cluster/property.cluster.test.ts (the API server).
// Every prop has a generator of values a user may write (VALID); values at the API's limits and
// past them (EDGES), values of other kinds than the prop's (wrongValues, from the table of
// lib/validation/prop-kinds.ts) and misspelt prop keys come in as faults, zero to two per case.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  AccessMode,
  AllowFrom,
  ClaimRetention,
  DisruptionBudget,
  EnvValue,
  ImagePullPolicy,
  LifecycleHandler,
  PodAntiAffinity,
  PodManagementPolicy,
  PodSecurityCheck,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  TaintEffect,
  TolerationOperator,
  UpdateStrategy,
  VolumeMode,
  VolumeSource,
  WebProbe,
  WhenUnsatisfiable,
} from '../lib';
import { RuntimeKind } from '../lib/validation/kinds';
import { STRUCT_FIELDS } from '../lib/validation/prop-kinds';

const INT32_MAX = 2147483647;
/** Kubernetes' limit on the annotations of one object. */
const ANNOTATIONS_LIMIT = 262144;

/**
 * A value made by a library function that may throw (`PodUser.fixed(-1)`): made when the case is
 * built (`buildCase`), so that the throw is StatefulWeb's answer to the case, not a fault of the
 * generator.
 */
export class Deferred<T> {
  constructor(public readonly make: () => T) {}
}
const defer =
  <A, T>(make: (a: A) => T) =>
  (a: A) =>
    new Deferred(() => make(a));

/** Generated props, with some values still to be made (see Deferred). */
export type GeneratedProps = { readonly [prop: string]: unknown };

/** A mutator call: the method and its arguments, some still to be made. */
export interface GeneratedCall {
  readonly method: 'addVolume' | 'addEnv' | 'addVolumeClaimTemplate';
  readonly args: readonly unknown[];
}

/** A generated case: props, mutator calls, and what was made a fault (for the report of a failure). */
export interface GeneratedCase {
  readonly props: GeneratedProps;
  readonly calls: readonly GeneratedCall[];
  readonly faults: readonly string[];
}

/** A value with its Deferred parts made; throws what a library function throws for a bad value. */
function made(v: unknown): unknown {
  if (v instanceof Deferred) return v.make();
  if (Array.isArray(v)) return v.map(made);
  const proto = v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto === Object.prototype || proto === null) {
    // fast-check's dictionaries have no prototype
    return Object.fromEntries(Object.entries(v as object).map(([k, inner]) => [k, made(inner)]));
  }
  return v;
}

/** The props of a generated case; throws what a library function throws for a bad value. */
export function buildProps(generated: GeneratedProps): StatefulWebProps {
  return made(generated) as StatefulWebProps;
}

/** Makes the case's StatefulWeb in `chart`... as a user would: the props, then the calls. Throws what StatefulWeb throws. */
export function buildCase(generated: GeneratedCase): { props: StatefulWebProps; extend: (web: StatefulWeb) => void } {
  const props = buildProps(generated.props);
  return {
    props,
    extend: (web) => {
      for (const call of generated.calls) (web[call.method] as (...args: unknown[]) => void)(...(made(call.args) as unknown[]));
    },
  };
}

/** Mostly `valid`, now and then one of `edges`. */
const mostly = <T>(valid: fc.Arbitrary<T>, ...edges: T[]) =>
  fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
const seconds = (max: number, min = 0) => fc.integer({ min, max }).map((s) => Duration.seconds(s));
const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const labelValue = fc.stringMatching(/^([a-zA-Z0-9]([a-zA-Z0-9_.-]{0,20}[a-zA-Z0-9])?)?$/);
const labelKey = fc.oneof(
  dnsLabel,
  fc.tuple(dnsLabel, dnsLabel).map(([a, b]) => `${a}.example.com/${b}`),
);
const labels = (minKeys = 0) => fc.dictionary(labelKey, labelValue, { minKeys, maxKeys: 2 });
// Annotation keys: label keys, and prefixes in upper case, which the API server lowercases.
const annotationKey = fc.oneof(
  labelKey,
  fc.tuple(dnsLabel, dnsLabel).map(([a, b]) => `${a.toUpperCase()}.Example.COM/${b}`),
);
const annotations = fc.dictionary(annotationKey, fc.string({ maxLength: 20 }), { maxKeys: 2 });
const mebibytes = (min: number, max: number) => fc.integer({ min, max }).map((n) => Size.mebibytes(n));
const configKey = fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/);
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/);

// The pod annotations Kubernetes validates beyond their keys, and the security ones, with values
// allowed and not: the pod's container is "nginx" unless containerName says otherwise.
const podAnnotation = fc.oneof(
  fc
    .tuple(fc.constantFrom('nginx', 'web'), fc.constantFrom('runtime/default', 'localhost/web', '', 'unconfined', 'strict'))
    .map(([c, v]) => [`container.apparmor.security.beta.kubernetes.io/${c}`, v] as const),
  fc.constantFrom('runtime/default', 'docker/default', 'unconfined').map((v) => ['seccomp.security.alpha.kubernetes.io/pod', v] as const),
  fc
    .tuple(
      fc.constantFrom('nginx', 'web'),
      fc.constantFrom('runtime/default', 'localhost/profiles/web.json', 'unconfined', 'localhost/../x', 'default'),
    )
    .map(([c, v]) => [`container.seccomp.security.alpha.kubernetes.io/${c}`, v] as const),
  fc.constantFrom('0', '5', '-3', '+1', '07', '2147483648').map((v) => ['controller.kubernetes.io/pod-deletion-cost', v] as const),
  fc.constantFrom('', '[]').map((v) => ['scheduler.alpha.kubernetes.io/tolerations', v] as const),
);
const podAnnotations = fc
  .tuple(
    annotations,
    fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(podAnnotation, { minLength: 1, maxLength: 2 }) }),
  )
  .map(([plain, special]) => ({ ...plain, ...Object.fromEntries(special) }));

const storage = fc.oneof(
  fc.integer({ min: 1, max: 1024 }).map((n) => Size.gibibytes(n)),
  mebibytes(1, 8192),
  fc.integer({ min: 1, max: 64 }).map((n) => Size.tebibytes(n)),
  // Up to just below 8 EiB, the largest quantity Kubernetes keeps.
  fc.integer({ min: 1, max: 8191 }).map((n) => Size.pebibyte(n)),
);

const probeOptions = fc.record(
  {
    initialDelay: seconds(300),
    period: seconds(60, 1),
    timeout: seconds(30, 1),
    failureThreshold: fc.integer({ min: 1, max: 10 }),
  },
  { requiredKeys: [] },
);
const probe = fc.oneof(
  fc
    .tuple(fc.constantFrom('/', '/healthz', '/status?full=1'), probeOptions)
    .map(defer(([path, options]) => WebProbe.httpGet(path, options))),
  probeOptions.map(defer((options) => WebProbe.tcpSocket(options))),
  fc.constant(WebProbe.none()),
);

const allowFrom = fc.oneof(
  fc.constant(AllowFrom.anywhere()),
  labels(1).map(defer((l) => AllowFrom.pods(l))),
  labels(1).map(defer((l) => AllowFrom.namespaces(l))),
  fc.tuple(labels(), labels()).map(defer(([p, n]) => AllowFrom.podsInNamespaces(p, n))),
);

const envValue = fc.oneof(
  fc.string({ maxLength: 20 }).map(defer((v) => EnvValue.fromValue(v))),
  fc.tuple(dnsLabel, configKey).map(defer(([name, key]) => EnvValue.fromConfigMap(name, key))),
  fc.tuple(dnsLabel, configKey, fc.boolean()).map(defer(([name, key, optional]) => EnvValue.fromSecret(name, key, { optional }))),
);

/** The PriorityClass that the generated priorityClassName names (test/cluster/property.cluster.test.ts creates it). */
export const PROPERTY_PRIORITY_CLASS = 'web-property';

/** A generator of valid values for every prop (the type makes a new prop fail `npm run typecheck` until it has one). */
export const VALID: { readonly [P in keyof Required<StatefulWebProps>]: fc.Arbitrary<unknown> } = {
  image: fc.constantFrom('bitnami/nginx', 'registry.example.com/team/web:1.2.3', `nginx@sha256:${'0'.repeat(64)}`, 'localhost:5000/web:1'),
  name: dnsLabel,
  serviceName: dnsLabel,
  containerName: fc.oneof(dnsLabel, fc.constant('nginx')),
  replicas: fc.integer({ min: 0, max: 10 }),
  port: fc.integer({ min: 1, max: 65535 }),
  portName: fc.constantFrom('web', 'http', 'h', 'http-alt', 'a'.repeat(15)),
  labels: labels(1),
  storage,
  storageClassName: fc.oneof(dnsLabel, fc.constantFrom('', 'ebs.csi.aws.com')),
  // ReadWriteOncePod goes alone (Kubernetes refuses it beside another mode, and so does StatefulWeb).
  accessModes: fc.oneof(
    fc.constant<AccessMode[]>([AccessMode.READ_WRITE_ONCE_POD]),
    fc.subarray(
      Object.values(AccessMode).filter((m) => m !== AccessMode.READ_WRITE_ONCE_POD),
      { minLength: 1 },
    ),
  ),
  volumeName: dnsLabel,
  mountPath: fc.constantFrom('/data', '/app', '/var/www/html', '/srv', '/dev/xvdb'),
  podUser: fc.oneof(
    fc.constant(PodUser.assignedByPlatform()),
    fc
      .tuple(
        fc.integer({ min: 1, max: 70000 }),
        fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined }),
      )
      .map(defer(([user, group, fsGroup]) => PodUser.fixed(user, group, fsGroup))),
  ),
  readOnlyRootFilesystem: fc.boolean(),
  writablePaths: fc.subarray(['/tmp', '/var/run', '/opt/app/tmp', '/var/cache/nginx']),
  capabilityNetBindService: fc.boolean(),
  imagePullPolicy: fc.constantFrom(...Object.values(ImagePullPolicy)),
  imagePullSecrets: fc.uniqueArray(dnsLabel, { maxLength: 2 }),
  // ServiceAccounts the cluster property's namespace has (the ServiceAccount admission refuses pods without theirs).
  serviceAccountName: fc.constantFrom('default', 'web'),
  automountServiceAccountToken: fc.boolean(),
  podSecurityExemptions: fc.uniqueArray(fc.constantFrom(...Object.values(PodSecurityCheck)), { minLength: 1, maxLength: 2 }),
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
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  command: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 2 }),
  args: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
  volumeMode: fc.constantFrom(...Object.values(VolumeMode)),
  claimLabels: labels(),
  claimRecommendedLabels: fc.boolean(),
  claimAnnotations: annotations,
  claimRetentionWhenDeleted: fc.constantFrom(...Object.values(ClaimRetention)),
  claimRetentionWhenScaled: fc.constantFrom(...Object.values(ClaimRetention)),
  podManagementPolicy: fc.constantFrom(...Object.values(PodManagementPolicy)),
  updateStrategy: fc.oneof(
    fc.constant(UpdateStrategy.onDelete()),
    fc
      .record({ partition: fc.integer({ min: 0, max: 10 }), maxUnavailable: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: [] })
      .map(defer((o) => UpdateStrategy.rollingUpdate(o))),
  ),
  minReady: seconds(600),
  revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
  ordinalsStart: fc.integer({ min: 0, max: 100 }),
  terminationGracePeriod: seconds(3600),
  disruptionBudget: fc.oneof(
    fc.integer({ min: 1, max: 3 }).map(defer((n) => DisruptionBudget.maxUnavailable(n))),
    fc.integer({ min: 0, max: 3 }).map(defer((n) => DisruptionBudget.minAvailable(n))),
  ),
  podAntiAffinity: fc.constantFrom(...Object.values(PodAntiAffinity)),
  // Two constraints may have the same topologyKey and whenUnsatisfiable, which Kubernetes refuses.
  topologySpread: fc.array(
    fc.record(
      {
        topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'example.com/rack'),
        maxSkew: fc.integer({ min: 1, max: 5 }),
        whenUnsatisfiable: fc.constantFrom(...Object.values(WhenUnsatisfiable)),
      },
      { requiredKeys: ['topologyKey'] },
    ),
    { maxLength: 2 },
  ),
  publishNotReadyAddresses: fc.boolean(),
  serviceAnnotations: annotations,
  clientService: fc.boolean(),
  clientServiceName: dnsLabel,
  networkPolicyAllowFrom: fc.array(allowFrom, { minLength: 1, maxLength: 2 }),
  appName: fc.oneof(dnsLabel, labelValue),
  metadataLabels: labels(),
  metadataAnnotations: annotations,
  podLabels: labels(),
  podAnnotations,
  nodeSelector: labels(),
  // Tolerations as the API validates them: Exists takes no value, an empty key needs Exists,
  // tolerationSeconds goes with NoExecute only.
  tolerations: fc.array(
    fc.oneof(
      fc.record(
        {
          key: labelKey,
          operator: fc.constant(TolerationOperator.EQUAL),
          value: labelValue,
          effect: fc.constantFrom(TaintEffect.NO_SCHEDULE, TaintEffect.PREFER_NO_SCHEDULE),
        },
        { requiredKeys: ['key'] },
      ),
      fc.record(
        {
          key: labelKey,
          operator: fc.constant(TolerationOperator.EXISTS),
          effect: fc.constant(TaintEffect.NO_EXECUTE),
          tolerationSeconds: seconds(3600),
        },
        { requiredKeys: ['operator'] },
      ),
      fc.constantFrom({ operator: TolerationOperator.EXISTS }, { key: '', operator: TolerationOperator.EXISTS }),
    ),
    { maxLength: 2 },
  ),
  // A PriorityClass the cluster property creates (the Priority admission refuses pods naming a missing one).
  priorityClassName: fc.constant(PROPERTY_PRIORITY_CLASS),
  // A sleep shorter than the default grace period (30 s), or a command.
  preStop: fc.oneof(
    fc.integer({ min: 1, max: 29 }).map(defer((n) => LifecycleHandler.sleep(Duration.seconds(n)))),
    fc.constant<string[]>(['/bin/sh', '-c', 'nginx -s quit']).map(defer((c) => LifecycleHandler.exec(c))),
  ),
};

/** Annotations of `bytes` bytes in all (keys and values), made once. */
const annotationsOf = (key: string, bytes: number) => ({ [key]: 'x'.repeat(bytes - key.length) });
const BIG = annotationsOf('big', ANNOTATIONS_LIMIT + 1);
const FULL = annotationsOf('full', ANNOTATIONS_LIMIT);
const HALF = annotationsOf('half', ANNOTATIONS_LIMIT / 2);

/** Values at the API's limits and past them, by prop: some allowed, most refused. */
export const EDGES: { readonly [P in keyof StatefulWebProps]?: readonly unknown[] } = {
  image: ['', 'nginx latest', 'acme/My_App:1'],
  name: ['a'.repeat(52), 'a'.repeat(53), 'Web', 'web.v2', '1web'],
  serviceName: ['1web', 'a'.repeat(63), 'a'.repeat(64)],
  containerName: ['Nginx', 'a'.repeat(63), 'a'.repeat(64)],
  replicas: [0, INT32_MAX, INT32_MAX + 1, -1, 1.5, NaN, Infinity],
  port: [0, 1, 65535, 65536, 80.5],
  portName: ['a'.repeat(16), 'Web', '8080', 'a--b', '-web'],
  labels: [{}, { 'Example.com/app': 'web' }, { app: 'v'.repeat(63) }, { app: 'v'.repeat(64) }, { [`${'p'.repeat(253)}/app`]: 'web' }],
  storage: [Size.pebibyte(8192), Size.kibibytes(0.5), Size.kibibytes(0.0001), Size.gibibytes(0), Size.gibibytes(NaN)],
  storageClassName: ['Fast_SSD', 'ebs.csi.aws.com.', 'a'.repeat(253), 'a'.repeat(254)],
  accessModes: [
    [],
    [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE],
    [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_ONCE],
    ['ReadWrite'],
  ],
  volumeName: ['tmp-0', 'tmp-1', 'data.v2', 'a'.repeat(64)],
  mountPath: ['app', '/dev/../xvda', '/tmp'],
  podUser: [0, INT32_MAX, INT32_MAX + 1, -1, NaN].map((user) => new Deferred(() => PodUser.fixed(user))),
  writablePaths: [['/app'], ['tmp'], ['/tmp', '/tmp'], ['/data']],
  imagePullPolicy: ['Sometimes'],
  imagePullSecrets: [['Registry_Creds'], [''], ['regcred', 'regcred']],
  serviceAccountName: ['Shop Account', ''],
  podSecurityExemptions: [[], ['procMount'], [PodSecurityCheck.RUN_AS_USER, PodSecurityCheck.RUN_AS_USER]],
  cpuRequest: [Cpu.millis(0), Cpu.units(-1), Cpu.units(1e19), Cpu.millis(NaN), Cpu.units(0.5)],
  cpuLimit: [Cpu.millis(1), Cpu.units(1e19)],
  memoryRequest: [Size.mebibytes(300), Size.pebibyte(8192), Size.mebibytes(0)],
  memoryLimit: [Size.mebibytes(1), Size.pebibyte(8191)],
  ephemeralStorageRequest: [Size.gibibytes(2), Size.kibibytes(0.001)],
  ephemeralStorageLimit: [Size.mebibytes(1)],
  readinessProbe: [
    new Deferred(() => WebProbe.httpGet('healthz')),
    new Deferred(() => WebProbe.tcpSocket({ period: Duration.seconds(0) })),
    new Deferred(() => WebProbe.tcpSocket({ timeout: Duration.millis(1500) })),
    new Deferred(() => WebProbe.tcpSocket({ failureThreshold: INT32_MAX + 1 })),
    new Deferred(() => WebProbe.tcpSocket({ period: 5 } as any)),
  ],
  livenessProbe: [new Deferred(() => WebProbe.tcpSocket({ initialDelay: Duration.seconds(INT32_MAX + 1) }))],
  env: [
    { '1ST': EnvValue.fromValue('x') },
    { '..': EnvValue.fromValue('x') },
    { A: new Deferred(() => EnvValue.fromConfigMap('', 'k')) },
    { A: new Deferred(() => EnvValue.fromSecret('creds', '..')) },
    { A: new Deferred(() => EnvValue.fromValue(5 as any)) },
  ],
  command: [[''], ['x'.repeat(2000)]],
  volumeMode: ['Raw'],
  claimLabels: [{ backup: 'every day' }],
  claimAnnotations: [BIG, FULL, { 'bad key': 'x' }],
  claimRetentionWhenDeleted: ['Keep'],
  updateStrategy: [
    new Deferred(() => UpdateStrategy.rollingUpdate({ partition: -1 })),
    new Deferred(() => UpdateStrategy.rollingUpdate({ maxUnavailable: 0 })),
  ],
  minReady: [Duration.millis(1500), Duration.seconds(INT32_MAX), Duration.seconds(INT32_MAX + 1)],
  revisionHistoryLimit: [-1, INT32_MAX, INT32_MAX + 1],
  ordinalsStart: [-1, INT32_MAX, INT32_MAX + 1],
  terminationGracePeriod: [Duration.seconds(INT32_MAX + 1), Duration.seconds(2 ** 53), Duration.millis(500)],
  disruptionBudget: [new Deferred(() => DisruptionBudget.minAvailable(5)), new Deferred(() => DisruptionBudget.maxUnavailable(0))],
  podAntiAffinity: ['Sometimes'],
  topologySpread: [
    [{ topologyKey: 'zone' }, { topologyKey: 'zone', maxSkew: 2 }],
    [{ topologyKey: 'node name' }],
    [{ topologyKey: 'zone', maxSkew: 0 }],
  ],
  serviceAnnotations: [{ '/x': 'y' }, HALF, BIG],
  clientServiceName: ['9web', 'a'.repeat(64)],
  networkPolicyAllowFrom: [[], [new Deferred(() => AllowFrom.pods({ 'a b': 'c' }))]],
  appName: ['a'.repeat(64), 'my app'],
  metadataLabels: [{ app: 'other' }, { 'a b': 'c' }],
  metadataAnnotations: [BIG, FULL, HALF, { 'x/y/z': '1' }, { 'stateful-web.cdk8s.io/pss-exempt': 'runAsRoot' }],
  podLabels: [{ app: 'other' }],
  podAnnotations: [BIG, FULL, { 'kubernetes.io/config.mirror': 'x' }, { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/x' }],
};

/** Values of other kinds than `kind` (the table's `type`), for props and arguments. */
export function wrongValues(kind: RuntimeKind): unknown[] {
  const common = [null, Symbol('s'), 10n, () => 1];
  switch (kind.type) {
    case 'string':
      return [...common, 42, ['a'], {}];
    case 'number':
      return [...common, '3', true, [1]];
    case 'boolean':
      return [...common, 'true', 1];
    case 'Size':
      return [...common, 1024, '1Gi', { amount: 1 }];
    case 'Duration':
      return [...common, 30, '30s'];
    case 'Cpu':
      return [...common, '250m', 0.25, { amount: 250 }];
    case '{[key:string]:string}':
      return [...common, 'app=web', ['a'], { a: 1 }, { a: null }, new Map([['a', 'b']])];
    case '{[key:string]:EnvValue}':
      return [...common, 'x', { A: 'x' }, { A: { value: 'x' } }];
    case 'string[]':
      return [...common, 'a', [42], [undefined], { 0: 'a', length: 1 }];
    case 'TopologySpread[]':
      return [...common, {}, [{}], [{ topologyKey: 1 }], [{ topologyKey: 'zone', maxSkew: '2' }]];
    default:
      if (kind.type.endsWith('[]')) return [...common, 'x', [42], [{}]];
      // A struct: an object of other fields; anything else: an object that is no instance.
      if (kind.type in STRUCT_FIELDS || kind.type === 'AppProps')
        return [...common, 'x', 1, [], ...(kind.type === 'AppProps' ? [] : [{ nope: 1 }])];
      return [...common, 'x', 1, {}, []];
  }
}

const PROPS = Object.keys(STRUCT_FIELDS.StatefulWebProps) as Array<keyof StatefulWebProps>;
const EDGE_PROPS = Object.keys(EDGES) as Array<keyof StatefulWebProps>;

/** A prop key misspelt: a letter dropped, doubled or in the other case. */
const typo = fc
  .tuple(fc.constantFrom(...PROPS), fc.nat(), fc.constantFrom('drop', 'double', 'case'))
  .map(([prop, at, how]) => {
    const i = at % prop.length;
    const c = prop[i];
    const key =
      how === 'drop'
        ? prop.slice(0, i) + prop.slice(i + 1)
        : how === 'double'
          ? prop.slice(0, i) + c + prop.slice(i)
          : prop.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + prop.slice(i + 1);
    return key;
  })
  .filter((key) => !PROPS.includes(key as keyof StatefulWebProps));

/**
 * A fault: a value put under a prop key (an edge value, a value of another kind, any value under a
 * misspelt key). `what` is what the case records, and it must hold for the value sent: a case
 * never puts two faults under one key, where the second would replace the first (see
 * statefulWebCases).
 */
export interface Fault {
  readonly what: string;
  readonly key: string;
  readonly value: unknown;
}

const fault: fc.Arbitrary<Fault> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...EDGE_PROPS)
      .chain((prop) => fc.constantFrom(...EDGES[prop]!).map((value): Fault => ({ what: `edge ${prop}`, key: prop, value }))),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(...PROPS)
      .chain((prop) =>
        fc
          .constantFrom(...wrongValues(STRUCT_FIELDS.StatefulWebProps[prop].kind))
          .map((value): Fault => ({ what: `wrong type ${prop}`, key: prop, value })),
      ),
  },
  { weight: 1, arbitrary: fc.tuple(typo, fc.integer()).map(([key, value]): Fault => ({ what: `misspelt ${key}`, key, value })) },
);

/**
 * Valid props with zero (about half of the cases), one or two faults, each under a key of its own,
 * and the faults: exactly those whose values the props hold.
 */
export const faultyProps: fc.Arbitrary<{ props: { [prop: string]: unknown }; faults: Fault[] }> = fc
  .tuple(
    fc.record(VALID, { requiredKeys: ['image'] }),
    fc.oneof(fc.constant<Fault[]>([]), fc.uniqueArray(fault, { minLength: 1, maxLength: 2, selector: (f) => f.key })),
  )
  .map(([valid, faults]) => {
    const props: { [prop: string]: unknown } = { ...valid };
    for (const f of faults) props[f.key] = f.value;
    return { props, faults };
  });

const volumeSource = fc.oneof(
  fc.record({ sizeLimit: mebibytes(1, 512), memory: fc.boolean() }, { requiredKeys: [] }).map(defer((o) => VolumeSource.emptyDir(o))),
  mostly(dnsLabel, '').map(defer((n) => VolumeSource.configMap(n))),
  dnsLabel.map(defer((n) => VolumeSource.secret(n))),
  // items: none (every key), paths that never overlap, and now and then two that do.
  fc
    .tuple(
      dnsLabel,
      mostly(
        fc.uniqueArray(fc.record({ key: configKey, path: fc.constantFrom('site.conf', 'conf.d/a.conf', 'conf.d/b.conf', 'bin/run.sh') }), {
          selector: (i) => i.path,
          maxLength: 3,
        }),
        [
          { key: 'a', path: 'conf' },
          { key: 'b', path: 'conf' },
        ],
        [
          { key: 'a', path: 'conf' },
          { key: 'b', path: 'conf/extra.conf' },
        ],
      ),
    )
    .map(defer(([name, items]) => VolumeSource.configMap(name, { items }))),
);

const call: fc.Arbitrary<GeneratedCall> = fc.oneof(
  fc
    .tuple(
      mostly(dnsLabel, 'tmp-0', 'Cache', 'data'),
      volumeSource,
      mostly(fc.constantFrom('/cache', '/etc/conf', '/var/lib/web'), '/app', 'rel'),
      fc.record(
        { readOnly: fc.boolean(), subPath: mostly(fc.constantFrom('conf', 'a/b.conf', 'a..b', ''), '/abs', '../x', 'a/../..') },
        { requiredKeys: [] },
      ),
    )
    .map(([name, source, mountPath, options]): GeneratedCall => ({ method: 'addVolume', args: [name, source, mountPath, options] })),
  fc.tuple(mostly(envName, '1A', '..'), envValue).map(([name, value]): GeneratedCall => ({ method: 'addEnv', args: [name, value] })),
  fc
    .tuple(
      mostly(dnsLabel, 'data', 'Logs'),
      fc.record(
        {
          mountPath: mostly(fc.constantFrom('/logs', '/dev/xvdc'), '/dev/../x', 'logs'),
          storage,
          volumeMode: fc.constantFrom(...Object.values(VolumeMode)),
          annotations,
          labels: labels(),
        },
        { requiredKeys: ['mountPath'] },
      ),
    )
    .map(([name, options]): GeneratedCall => ({ method: 'addVolumeClaimTemplate', args: [name, options] })),
);

/**
 * StatefulWeb cases: every optional prop present or absent with a valid value, and in about half
 * of the cases one or two faults (an edge value, a value of another kind, a misspelt key); up to
 * two mutator calls.
 */
export const statefulWebCases: fc.Arbitrary<GeneratedCase> = fc
  .tuple(faultyProps, fc.array(call, { maxLength: 2 }))
  .map(([{ props, faults }, calls]) => ({ props, calls, faults: faults.map((f) => f.what) }));
