// The runtime kind of every prop, option and argument of the public API, in one table
// (lib/validation/kinds.ts says why they are checked at run time). test/prop-kinds.test.ts reads
// the declarations of lib/ with the TypeScript compiler and fails when a prop, an option or an
// argument has no entry here, an entry no declaration, or a type or optionality other than the
// declaration's: a new prop gets its entry, or the test names it.
//
// The enums and value classes are the domain modules' own: each module registers their kinds
// (`registerKind`, lib/validation/kinds.ts), and this table names them (`registeredKind`). The
// modules import this table to check their own arguments; the table imports none of them.
import { Construct } from 'constructs';
import {
  BOOLEAN,
  checkFields,
  CPU,
  DURATION,
  Fields,
  isPlainObject,
  RuntimeKind,
  listOf,
  mapOf,
  NUMBER,
  opt,
  registeredKind,
  req,
  SIZE,
  STRING,
  STRING_LIST,
  STRING_MAP,
  struct,
} from './kinds';
import { PropChecker } from './prop-checker';

const ACCESS_MODE = registeredKind('AccessMode');
const CLAIM_RETENTION = registeredKind('ClaimRetention');
const VOLUME_MODE = registeredKind('VolumeMode');
const POD_ANTI_AFFINITY = registeredKind('PodAntiAffinity');
const WHEN_UNSATISFIABLE = registeredKind('WhenUnsatisfiable');
const IMAGE_PULL_POLICY = registeredKind('ImagePullPolicy');
const POD_MANAGEMENT_POLICY = registeredKind('PodManagementPolicy');
const POD_SECURITY_CHECK = registeredKind('PodSecurityCheck');
const TOLERATION_OPERATOR = registeredKind('TolerationOperator');
const TAINT_EFFECT = registeredKind('TaintEffect');

const WEB_PROBE = registeredKind('WebProbe');
const ENV_VALUE = registeredKind('EnvValue');
const POD_USER = registeredKind('PodUser');
const DISRUPTION_BUDGET = registeredKind('DisruptionBudget');
const UPDATE_STRATEGY = registeredKind('UpdateStrategy');
const ALLOW_FROM = registeredKind('AllowFrom');
const LIFECYCLE_HANDLER = registeredKind('LifecycleHandler');
const VOLUME_SOURCE = registeredKind('VolumeSource');

// A container's resources (ContainerResources, which StatefulWebProps and ContainerOptions extend).
const CONTAINER_RESOURCES = {
  cpuRequest: opt(CPU),
  cpuLimit: opt(CPU),
  memoryRequest: opt(SIZE),
  memoryLimit: opt(SIZE),
  ephemeralStorageRequest: opt(SIZE),
  ephemeralStorageLimit: opt(SIZE),
};

// The options every added container takes (ContainerOptions; SidecarOptions extends them).
const CONTAINER_OPTIONS = {
  image: req(STRING),
  imagePullPolicy: opt(IMAGE_PULL_POLICY),
  command: opt(STRING_LIST),
  args: opt(STRING_LIST),
  env: opt(mapOf(ENV_VALUE)),
  ...CONTAINER_RESOURCES,
  volumeMounts: opt(listOf(struct('VolumeMount', (): Fields => STRUCT_FIELDS.VolumeMount))),
};

/** The fields of every struct of the public API (the interfaces of props and options), by interface. */
export const STRUCT_FIELDS = {
  StatefulWebProps: {
    image: req(STRING),
    name: opt(STRING),
    serviceName: opt(STRING),
    containerName: opt(STRING),
    replicas: opt(NUMBER),
    port: opt(NUMBER),
    portName: opt(STRING),
    labels: opt(STRING_MAP),
    storage: opt(SIZE),
    storageClassName: opt(STRING),
    accessModes: opt(listOf(ACCESS_MODE)),
    volumeName: opt(STRING),
    mountPath: opt(STRING),
    podUser: opt(POD_USER),
    readOnlyRootFilesystem: opt(BOOLEAN),
    writablePaths: opt(STRING_LIST),
    capabilityNetBindService: opt(BOOLEAN),
    imagePullPolicy: opt(IMAGE_PULL_POLICY),
    imagePullSecrets: opt(STRING_LIST),
    serviceAccountName: opt(STRING),
    automountServiceAccountToken: opt(BOOLEAN),
    podSecurityExemptions: opt(listOf(POD_SECURITY_CHECK)),
    ...CONTAINER_RESOURCES,
    readinessProbe: opt(WEB_PROBE),
    livenessProbe: opt(WEB_PROBE),
    startupProbe: opt(WEB_PROBE),
    env: opt(mapOf(ENV_VALUE)),
    command: opt(STRING_LIST),
    args: opt(STRING_LIST),
    volumeMode: opt(VOLUME_MODE),
    claimLabels: opt(STRING_MAP),
    claimRecommendedLabels: opt(BOOLEAN),
    claimAnnotations: opt(STRING_MAP),
    claimRetentionWhenDeleted: opt(CLAIM_RETENTION),
    claimRetentionWhenScaled: opt(CLAIM_RETENTION),
    podManagementPolicy: opt(POD_MANAGEMENT_POLICY),
    updateStrategy: opt(UPDATE_STRATEGY),
    minReady: opt(DURATION),
    revisionHistoryLimit: opt(NUMBER),
    ordinalsStart: opt(NUMBER),
    terminationGracePeriod: opt(DURATION),
    disruptionBudget: opt(DISRUPTION_BUDGET),
    podAntiAffinity: opt(POD_ANTI_AFFINITY),
    topologySpread: opt(listOf(struct('TopologySpread', (): Fields => STRUCT_FIELDS.TopologySpread))),
    publishNotReadyAddresses: opt(BOOLEAN),
    serviceAnnotations: opt(STRING_MAP),
    clientService: opt(BOOLEAN),
    clientServiceName: opt(STRING),
    networkPolicyAllowFrom: opt(listOf(ALLOW_FROM)),
    appName: opt(STRING),
    metadataLabels: opt(STRING_MAP),
    metadataAnnotations: opt(STRING_MAP),
    podLabels: opt(STRING_MAP),
    podAnnotations: opt(STRING_MAP),
    nodeSelector: opt(STRING_MAP),
    tolerations: opt(listOf(struct('Toleration', (): Fields => STRUCT_FIELDS.Toleration))),
    priorityClassName: opt(STRING),
    preStop: opt(LIFECYCLE_HANDLER),
  },
  Toleration: {
    key: opt(STRING),
    operator: opt(TOLERATION_OPERATOR),
    value: opt(STRING),
    effect: opt(TAINT_EFFECT),
    tolerationSeconds: opt(DURATION),
  },
  VolumeClaimTemplateOptions: {
    mountPath: req(STRING),
    storage: opt(SIZE),
    storageClassName: opt(STRING),
    accessModes: opt(listOf(ACCESS_MODE)),
    volumeMode: opt(VOLUME_MODE),
    labels: opt(STRING_MAP),
    annotations: opt(STRING_MAP),
  },
  TopologySpread: {
    topologyKey: req(STRING),
    maxSkew: opt(NUMBER),
    whenUnsatisfiable: opt(WHEN_UNSATISFIABLE),
  },
  RollingUpdateOptions: {
    partition: opt(NUMBER),
    maxUnavailable: opt(NUMBER),
  },
  EnvValueFromOptions: {
    optional: opt(BOOLEAN),
  },
  WebProbeOptions: {
    initialDelay: opt(DURATION),
    period: opt(DURATION),
    timeout: opt(DURATION),
    failureThreshold: opt(NUMBER),
  },
  EmptyDirOptions: {
    sizeLimit: opt(SIZE),
    memory: opt(BOOLEAN),
  },
  VolumeMountOptions: {
    readOnly: opt(BOOLEAN),
    subPath: opt(STRING),
  },
  KeyToPath: {
    key: req(STRING),
    path: req(STRING),
    mode: opt(NUMBER),
  },
  DataVolumeOptions: {
    items: opt(listOf(struct('KeyToPath', (): Fields => STRUCT_FIELDS.KeyToPath))),
    defaultMode: opt(NUMBER),
    optional: opt(BOOLEAN),
  },
  VolumeMount: {
    name: req(STRING),
    mountPath: req(STRING),
    readOnly: opt(BOOLEAN),
    subPath: opt(STRING),
  },
  ContainerResources: CONTAINER_RESOURCES,
  ContainerOptions: CONTAINER_OPTIONS,
  SidecarPort: {
    name: req(STRING),
    containerPort: req(NUMBER),
  },
  SidecarOptions: {
    ...CONTAINER_OPTIONS,
    ports: opt(listOf(struct('SidecarPort', (): Fields => STRUCT_FIELDS.SidecarPort))),
    readinessProbe: opt(WEB_PROBE),
    livenessProbe: opt(WEB_PROBE),
    startupProbe: opt(WEB_PROBE),
    probePort: opt(STRING),
  },
} satisfies { readonly [struct: string]: Fields };

/** A struct of STRUCT_FIELDS as a kind. */
const structOf = (type: keyof typeof STRUCT_FIELDS): RuntimeKind => struct(type, () => STRUCT_FIELDS[type]);

// cdk8s's AppProps, which ManifestApp passes on to cdk8s's App (which reads them): an object.
const APP_PROPS: RuntimeKind = {
  type: 'AppProps',
  allowed: "an object of cdk8s's AppProps",
  check: (check, prop, value) => check.that(prop, value, isPlainObject(value), "an object of cdk8s's AppProps"),
};
const CONSTRUCT: RuntimeKind = {
  type: 'Construct',
  allowed: 'a construct (a Chart, or a construct in one)',
  check: (check, prop, value) => check.that(prop, value, Construct.isConstruct(value), 'a construct (a Chart, or a construct in one)'),
};

/**
 * The arguments of every public constructor, method and static method, by `<Class>.<method>`
 * (`constructor` for a constructor), in the order of the parameters.
 */
export const METHOD_ARGS = {
  'StatefulWeb.constructor': { scope: req(CONSTRUCT), id: req(STRING), props: req(structOf('StatefulWebProps')) },
  'StatefulWeb.addVolumeClaimTemplate': { name: req(STRING), options: req(structOf('VolumeClaimTemplateOptions')) },
  'StatefulWeb.addVolume': {
    name: req(STRING),
    source: req(VOLUME_SOURCE),
    mountPath: req(STRING),
    options: opt(structOf('VolumeMountOptions')),
  },
  'StatefulWeb.addEnv': { name: req(STRING), value: req(ENV_VALUE) },
  'StatefulWeb.addPort': { name: req(STRING), port: req(NUMBER) },
  'StatefulWeb.addInitContainer': { name: req(STRING), options: req(structOf('ContainerOptions')) },
  'StatefulWeb.addSidecar': { name: req(STRING), options: req(structOf('SidecarOptions')) },
  'StatefulWeb.podDnsName': { ordinal: req(NUMBER), namespace: opt(STRING) },
  'StatefulWeb.claimName': { ordinal: req(NUMBER) },
  'StatefulWeb.ingressBackend': {},
  'StatefulWeb.selectPods': {},
  'StatefulWeb.networkPolicyPort': {},
  'DisruptionBudget.maxUnavailable': { pods: req(NUMBER) },
  'DisruptionBudget.minAvailable': { pods: req(NUMBER) },
  'AllowFrom.anywhere': {},
  'AllowFrom.pods': { podLabels: req(STRING_MAP) },
  'AllowFrom.namespaces': { namespaceLabels: req(STRING_MAP) },
  'AllowFrom.podsInNamespaces': { podLabels: req(STRING_MAP), namespaceLabels: req(STRING_MAP) },
  'UpdateStrategy.rollingUpdate': { options: opt(structOf('RollingUpdateOptions')) },
  'UpdateStrategy.onDelete': {},
  'EnvValue.fromValue': { value: req(STRING) },
  'EnvValue.fromConfigMap': { configMapName: req(STRING), key: req(STRING), options: opt(structOf('EnvValueFromOptions')) },
  'EnvValue.fromSecret': { secretName: req(STRING), key: req(STRING), options: opt(structOf('EnvValueFromOptions')) },
  'WebProbe.httpGet': { path: req(STRING), options: opt(structOf('WebProbeOptions')) },
  'WebProbe.tcpSocket': { options: opt(structOf('WebProbeOptions')) },
  'WebProbe.none': {},
  'PodUser.assignedByPlatform': {},
  'PodUser.fixed': { user: req(NUMBER), group: opt(NUMBER), fsGroup: opt(NUMBER) },
  'VolumeSource.emptyDir': { options: opt(structOf('EmptyDirOptions')) },
  'VolumeSource.configMap': { configMapName: req(STRING), options: opt(structOf('DataVolumeOptions')) },
  'VolumeSource.secret': { secretName: req(STRING), options: opt(structOf('DataVolumeOptions')) },
  'LifecycleHandler.exec': { command: req(STRING_LIST) },
  'LifecycleHandler.sleep': { duration: req(DURATION) },
  'ManifestApp.constructor': { props: opt(APP_PROPS) },
  'ManifestApp.synth': {},
  'ManifestApp.synthAndReport': {},
  'ManifestApp.synthFiles': {},
  'ManifestApp.synthStream': {},
} satisfies { readonly [method: string]: Fields };

export type Method = keyof typeof METHOD_ARGS;

/**
 * Checks the arguments of `method`, given in the order of its parameters (all of them, or the
 * first ones only), by their kinds, and returns `check`. An argument is named in messages as `<prefix><parameter>`, and the fields of a
 * struct argument (props, options) by their own names with the same prefix (`replicas`,
 * `WebProbe.httpGet: invalid period ...`), as the checks of their values name them.
 */
export function checkArgs(check: PropChecker, method: Method, args: readonly unknown[], prefix = ''): PropChecker {
  const fields: Fields = METHOD_ARGS[method];
  Object.entries(fields)
    .slice(0, args.length)
    .forEach(([arg, { kind, optional }], i) => {
      const value = args[i];
      if (value === undefined) {
        if (!optional) check.that(`${prefix}${arg}`, value, false, `${kind.allowed}: ${method.replace('.constructor', '')} requires it`);
      } else if (kind.type in STRUCT_FIELDS) {
        check.that(`${prefix}${arg}`, value, typeof value === 'object' && value !== null && !Array.isArray(value), kind.allowed);
        checkFields(
          check,
          kind.type,
          STRUCT_FIELDS[kind.type as keyof typeof STRUCT_FIELDS],
          value as { [key: string]: unknown },
          (field) => `${prefix}${field}`,
        );
      } else {
        kind.check(check, `${prefix}${arg}`, value);
      }
    });
  return check;
}

/**
 * The checker of a factory (a static method of a value class, `<Class>.<method>`), with the
 * arguments of the call checked (`checkArgs`), for the checks of their values that follow.
 */
export function factoryChecker(method: Method, args: readonly unknown[]): PropChecker {
  return checkArgs(new PropChecker(method), method, args);
}
