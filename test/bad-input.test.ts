// Bad input, by combination: props that are each fine alone but clash, defaults derived from other
// props that break a rule, mutator calls that clash with props, and annotations that only synthesis
// can judge. Each case asserts the whole message. (test/validation.test.ts has one case per rule
// of each prop alone.)
import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AccessMode,
  DisruptionBudget,
  EnvValue,
  LifecycleHandler,
  PodSecurityCheck,
  StatefulWeb,
  StatefulWebProps,
  TolerationOperator,
  VolumeMode,
  VolumeSource,
} from '../lib';
import {
  ANNOTATION_KEY_RULE,
  dns1123Label,
  DNS1035_LABEL_RULE,
  DNS1123_SUBDOMAIN_RULE,
  IANA_SVC_NAME_RULE,
  KEY_PATH_RULE,
  LABEL_KEY_RULE,
  LABEL_VALUE_RULE,
} from '../lib/validation/names';
import { synthErrors } from './helpers';

const W = 'StatefulWeb "test/web": ';
const image = 'bitnami/nginx';
const CHECK_IDS = Object.values(PodSecurityCheck).join(', ');

/** What the case does after the constructor: a mutator call, or nothing. */
type Then = ((web: StatefulWeb) => void) | undefined;

// [what is wrong, props, then, the message (a constructor or mutator error, or a synth-time error)]
const cases: Array<[string, StatefulWebProps, Then, string]> = [
  // ---- names derived from other props
  [
    'a name with a dot, fine for most objects but not for a StatefulSet',
    { image, name: 'web.v2', serviceName: 'web' },
    undefined,
    `${W}invalid name "web.v2": it must be ${dns1123Label(52).allowed}; pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63.`,
  ],
  [
    'a name starting with a digit makes the default serviceName invalid',
    { image, name: '2048-web' },
    undefined,
    `${W}invalid serviceName "2048-web-headless" (the default, derived from <name>-headless; set serviceName explicitly): it must be ${DNS1035_LABEL_RULE.allowed}.`,
  ],
  [
    'an image whose last segment has an underscore makes the default containerName invalid',
    { image: 'registry.example.com/team/web_server:1.0' },
    undefined,
    `${W}invalid containerName "web_server" (the default, derived from the image "registry.example.com/team/web_server:1.0"; set containerName explicitly): it must be ${dns1123Label().allowed}.`,
  ],
  [
    'an image with a port and upper case makes the default containerName invalid',
    { image: 'localhost:5000/Web' },
    undefined,
    `${W}invalid containerName "Web" (the default, derived from the image "localhost:5000/Web"; set containerName explicitly): it must be ${dns1123Label().allowed}.`,
  ],
  [
    'clientService with a name starting with a digit, as its default clientServiceName',
    { image, name: '1web', serviceName: 'peers', clientService: true },
    undefined,
    `${W}invalid clientServiceName "1web" (the default, derived from <name>; set clientServiceName explicitly): it must be ${DNS1035_LABEL_RULE.allowed}.`,
  ],
  [
    'clientService whose default name <name> is the serviceName',
    { image, name: 'shop', serviceName: 'shop', clientService: true },
    undefined,
    `${W}invalid clientServiceName "shop" (the default, derived from <name>; set clientServiceName explicitly): it must be a name other than the headless Service's ("shop").`,
  ],
  [
    'clientServiceName equal to an explicit serviceName',
    { image, serviceName: 'web-svc', clientService: true, clientServiceName: 'web-svc' },
    undefined,
    `${W}invalid clientServiceName "web-svc": it must be a name other than the headless Service's ("web-svc").`,
  ],
  [
    'a 53-character name with an explicit serviceName',
    { image, name: 'a'.repeat(53), serviceName: 'peers' },
    undefined,
    `${W}invalid name "${'a'.repeat(53)}": it must be ${dns1123Label(52).allowed}; pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63.`,
  ],

  // ---- port and port name
  [
    'a port above 65535 with a valid port name',
    { image, port: 70000, portName: 'http' },
    undefined,
    `${W}invalid port 70000: it must be an integer from 1 to 65535.`,
  ],
  [
    'a port name made of the port number',
    { image, port: 8080, portName: '8080' },
    undefined,
    `${W}invalid portName "8080": it must be ${IANA_SVC_NAME_RULE.allowed}.`,
  ],
  [
    'a port name of 16 characters with a valid port',
    { image, port: 8443, portName: 'https-web-server' },
    undefined,
    `${W}invalid portName "https-web-server": it must be ${IANA_SVC_NAME_RULE.allowed}.`,
  ],

  // ---- labels, their limits, and the selector
  [
    'a prefixed label key whose name part exceeds 63 characters',
    { image, labels: { [`example.com/${'k'.repeat(64)}`]: 'web' } },
    undefined,
    `${W}invalid labels key "example.com/${'k'.repeat(64)}": it must be ${LABEL_KEY_RULE.allowed}.`,
  ],
  [
    'a label key prefix longer than 253 characters',
    { image, labels: { [`${'p'.repeat(254)}/app`]: 'web' } },
    undefined,
    `${W}invalid labels key "${'p'.repeat(254)}/app": it must be ${LABEL_KEY_RULE.allowed}.`,
  ],
  [
    'a 64-character label value among valid labels',
    { image, labels: { app: 'web', tier: 't'.repeat(64) } },
    undefined,
    `${W}invalid labels["tier"] "${'t'.repeat(64)}": it must be ${LABEL_VALUE_RULE.allowed}.`,
  ],
  [
    'no selector label, though podLabels are given',
    { image, labels: {}, podLabels: { app: 'web' } },
    undefined,
    `${W}invalid labels {}: it must be at least one label: the labels select the pods for the StatefulSet and the Service.`,
  ],
  [
    'metadataLabels redefining a custom selector label',
    { image, labels: { tier: 'web' }, metadataLabels: { tier: 'db' } },
    undefined,
    `${W}invalid metadataLabels["tier"] "db": it must be the selector's value "web" or absent: "tier" is a selector label, which cannot be redefined.`,
  ],
  [
    'podLabels redefining the default selector label',
    { image, name: 'shop', podLabels: { app: 'web' } },
    undefined,
    `${W}invalid podLabels["app"] "web": it must be the selector's value "shop" or absent: "app" is a selector label, which cannot be redefined.`,
  ],
  [
    'an appName too long for a label value',
    { image, appName: 'a'.repeat(64) },
    undefined,
    `${W}invalid appName "${'a'.repeat(64)}": it must be ${LABEL_VALUE_RULE.allowed}.`,
  ],

  // ---- read-only root filesystem, writable paths and volumes
  [
    'readOnlyRootFilesystem with a writable path on the volume mount path',
    { image, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/app'] },
    undefined,
    `${W}invalid writablePaths[1] "/app": it must be a path no other volume is mounted at (/app, /tmp).`,
  ],
  [
    'readOnlyRootFilesystem with a writable path listed twice',
    { image, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/var/cache', '/tmp'] },
    undefined,
    `${W}invalid writablePaths[2] "/tmp": it must be a path no other volume is mounted at (/app, /tmp, /var/cache).`,
  ],
  [
    'a writable path on a custom mountPath',
    { image, mountPath: '/srv/www', writablePaths: ['/srv/www'] },
    undefined,
    `${W}invalid writablePaths[0] "/srv/www": it must be a path no other volume is mounted at (/srv/www).`,
  ],
  [
    'readOnlyRootFilesystem with a relative writable path',
    { image, readOnlyRootFilesystem: true, writablePaths: ['/tmp', 'var/run'] },
    undefined,
    `${W}invalid writablePaths[1] "var/run": it must be an absolute path inside the container (e.g. "/app").`,
  ],
  [
    'volumeName tmp-0 with readOnlyRootFilesystem, whose /tmp volume is named tmp-0',
    { image, volumeName: 'tmp-0', readOnlyRootFilesystem: true },
    undefined,
    `${W}invalid volumeName "tmp-0": it must be a name other than "tmp-0", the name of the emptyDir volume of writablePaths[0] (writablePaths defaults to ["/tmp"] with readOnlyRootFilesystem: true).`,
  ],
  [
    'addVolume named like the volumeName',
    { image, volumeName: 'www' },
    (web) => web.addVolume('www', VolumeSource.emptyDir(), '/cache'),
    `${W}invalid addVolume name "www": it must be unique among the pod's volumes (www).`,
  ],
  [
    'addVolume on the custom mountPath',
    { image, mountPath: '/srv' },
    (web) => web.addVolume('cache', VolumeSource.emptyDir(), '/srv'),
    `${W}invalid addVolume("cache") mountPath "/srv": it must be a path no other volume is mounted at (/srv).`,
  ],
  [
    'addVolumeClaimTemplate on a writable path of the read-only root filesystem',
    { image, readOnlyRootFilesystem: true },
    (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/tmp' }),
    `${W}invalid addVolumeClaimTemplate("logs") mountPath "/tmp": it must be a path no other volume is mounted at (/app, /tmp).`,
  ],
  [
    'addVolumeClaimTemplate named like an added volume',
    { image },
    (web) => {
      web.addVolume('cache', VolumeSource.emptyDir(), '/cache');
      web.addVolumeClaimTemplate('cache', { mountPath: '/data' });
    },
    `${W}invalid addVolumeClaimTemplate name "cache": it must be unique among the pod's volumes (data, cache).`,
  ],
  [
    'addVolumeClaimTemplate named tmp-0 with readOnlyRootFilesystem',
    { image, readOnlyRootFilesystem: true },
    (web) => web.addVolumeClaimTemplate('tmp-0', { mountPath: '/logs' }),
    `${W}invalid addVolumeClaimTemplate name "tmp-0": it must be unique among the pod's volumes (data, tmp-0).`,
  ],
  [
    'a raw block volume and a volume on its device path',
    { image, volumeMode: VolumeMode.BLOCK, mountPath: '/dev/xvda' },
    (web) => web.addVolume('cache', VolumeSource.emptyDir(), '/dev/xvda'),
    `${W}invalid addVolume("cache") mountPath "/dev/xvda": it must be a path no other volume is mounted at (/dev/xvda).`,
  ],
  [
    'a second claim template with ReadWriteOncePod and ReadOnlyMany',
    { image, accessModes: [AccessMode.READ_WRITE_ONCE_POD] },
    (web) =>
      web.addVolumeClaimTemplate('logs', { mountPath: '/logs', accessModes: [AccessMode.READ_ONLY_MANY, AccessMode.READ_WRITE_ONCE_POD] }),
    `${W}invalid addVolumeClaimTemplate("logs") accessModes ["ReadOnlyMany","ReadWriteOncePod"]: it must be either [ReadWriteOncePod] alone or other modes: Kubernetes does not allow ReadWriteOncePod with another mode.`,
  ],
  [
    'storage below one byte with a storage class',
    { image, storage: Size.kibibytes(0.0001), storageClassName: 'fast-ssd' },
    undefined,
    `${W}invalid storage Size 0.0001Ki: it must be a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes), e.g. Size.gibibytes(1).`,
  ],
  [
    'a StorageClass name with a trailing dot',
    { image, storageClassName: 'ebs.csi.aws.com.' },
    undefined,
    `${W}invalid storageClassName "ebs.csi.aws.com.": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}; or the empty string for a volume without a class.`,
  ],

  // ---- replicas and availability
  [
    'replicas 2 with minAvailable 2',
    { image, replicas: 2, disruptionBudget: DisruptionBudget.minAvailable(2) },
    undefined,
    `${W}invalid disruptionBudget minAvailable 2: it must be an integer from 0 to replicas - 1 (1): with minAvailable >= replicas, no voluntary eviction is ever allowed and node drains hang.`,
  ],
  [
    'the default single replica with minAvailable 1',
    { image, disruptionBudget: DisruptionBudget.minAvailable(1) },
    undefined,
    `${W}invalid disruptionBudget minAvailable 1: it must be an integer from 0 to replicas - 1 (0): with minAvailable >= replicas, no voluntary eviction is ever allowed and node drains hang.`,
  ],
  [
    'a second topology spread constraint with a bad key',
    { image, topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone' }, { topologyKey: 'node name' }] },
    undefined,
    `${W}invalid topologySpread[1].topologyKey "node name": it must be ${LABEL_KEY_RULE.allowed}.`,
  ],

  // ---- security and resources
  [
    'a CPU limit below an explicit CPU request given in cores',
    { image, cpuRequest: Cpu.units(1), cpuLimit: Cpu.millis(500) },
    undefined,
    `${W}invalid cpuLimit "500m": it must be at least cpuRequest (1).`,
  ],
  [
    'a memory limit below an explicit memory request',
    { image, memoryRequest: Size.gibibytes(1), memoryLimit: Size.mebibytes(512) },
    undefined,
    `${W}invalid memoryLimit Size 512Mi: it must be at least memoryRequest (1Gi).`,
  ],
  [
    'a memory request above the default limit',
    { image, memoryRequest: Size.mebibytes(300) },
    undefined,
    `${W}invalid memoryRequest Size 300Mi: it must be at most memoryLimit (256Mi, its default; set memoryLimit to at least 300Mi to allow it).`,
  ],
  [
    'an ephemeral-storage request above the default limit',
    { image, ephemeralStorageRequest: Size.gibibytes(2) },
    undefined,
    `${W}invalid ephemeralStorageRequest Size 2Gi: it must be at most ephemeralStorageLimit (1Gi, its default; set ephemeralStorageLimit to at least 2Gi to allow it).`,
  ],
  [
    'an ephemeral-storage limit below the default request',
    { image, ephemeralStorageLimit: Size.mebibytes(32) },
    undefined,
    `${W}invalid ephemeralStorageLimit Size 32Mi: it must be at least ephemeralStorageRequest (64Mi, its default; set ephemeralStorageRequest to lower it).`,
  ],
  [
    'a CPU limit below the default request',
    { image, cpuLimit: Cpu.millis(50) },
    undefined,
    `${W}invalid cpuLimit "50m": it must be at least cpuRequest (100m, its default; set cpuRequest to lower it).`,
  ],
  [
    'readOnlyRootFilesystem with the volume mounted at /tmp, the default writable path',
    { image, readOnlyRootFilesystem: true, mountPath: '/tmp' },
    undefined,
    `${W}invalid writablePaths[0] "/tmp" (the default, derived from readOnlyRootFilesystem: true; set writablePaths explicitly): it must be a path no other volume is mounted at (/tmp).`,
  ],
  [
    'the second image pull secret invalid',
    { image, imagePullSecrets: ['registry', 'Registry_2'] },
    undefined,
    `${W}invalid imagePullSecrets[1] "Registry_2": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
  ],
  [
    'podSecurityExemptions with an upstream id of an older Kubernetes (procMount)',
    { image, podSecurityExemptions: [PodSecurityCheck.RUN_AS_USER, 'procMount' as PodSecurityCheck] },
    undefined,
    `${W}invalid podSecurityExemptions[1] "procMount": it must be one of ${CHECK_IDS}.`,
  ],
  [
    'podSecurityExemptions listing a check twice',
    { image, podSecurityExemptions: [PodSecurityCheck.RUN_AS_USER, PodSecurityCheck.SYSCTLS, PodSecurityCheck.RUN_AS_USER] },
    undefined,
    `${W}invalid podSecurityExemptions ["runAsUser","sysctls","runAsUser"]: it must be a list without duplicates.`,
  ],

  // ---- probes and environment
  [
    'an env variable given in props and again with addEnv',
    { image, env: { LOG_LEVEL: EnvValue.fromValue('info') } },
    (web) => web.addEnv('LOG_LEVEL', EnvValue.fromValue('debug')),
    `${W}invalid env name "LOG_LEVEL": it must be unique: it is defined already.`,
  ],
  [
    'an env name with "="',
    { image, env: { 'A=B': EnvValue.fromValue('x') } },
    undefined,
    `${W}invalid env name "A=B": it must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit, not '.' or '..' and not starting with '..' (e.g. 'LOG_LEVEL').`,
  ],

  // ---- networking and metadata
  [
    'an empty NetworkPolicy source list beside a client Service',
    { image, clientService: true, networkPolicyAllowFrom: [] },
    undefined,
    `${W}invalid networkPolicyAllowFrom []: it must be a non-empty list of AllowFrom sources (AllowFrom.anywhere() to restrict only the port).`,
  ],
  [
    'a headless Service annotation key with an empty prefix',
    { image, serviceAnnotations: { '/owner': 'shop' } },
    undefined,
    `${W}invalid serviceAnnotations key "/owner": it must be ${ANNOTATION_KEY_RULE.allowed}.`,
  ],
  [
    'a pod DNS name for a negative ordinal',
    { image, ordinalsStart: 1 },
    (web) => web.podDnsName(-1),
    `${W}invalid ordinal -1: it must be an integer from 0 to 2147483647.`,
  ],

  // ---- scheduling, preStop, more ports, init containers and sidecars, ConfigMap and Secret volume options
  [
    'a nodeSelector on a label key with an empty prefix',
    { image, nodeSelector: { '/zone': 'a' } },
    undefined,
    `${W}invalid nodeSelector key "/zone": it must be ${LABEL_KEY_RULE.allowed}.`,
  ],
  [
    'a toleration for every key that names a value',
    { image, tolerations: [{ operator: TolerationOperator.EXISTS, value: 'web' }] },
    undefined,
    `${W}invalid tolerations[0].value "web": it must be left out with TolerationOperator.EXISTS, which matches every value of the key.`,
  ],
  [
    'tolerationSeconds on a toleration of every effect',
    {
      image,
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: TolerationOperator.EXISTS, tolerationSeconds: Duration.seconds(30) },
      ],
    },
    undefined,
    `${W}invalid tolerations[0].effect unset: it must be TaintEffect.NO_EXECUTE when tolerationSeconds is set: only a NoExecute taint evicts a pod after a time.`,
  ],
  [
    'a priorityClassName with a trailing dot',
    { image, priorityClassName: 'web.' },
    undefined,
    `${W}invalid priorityClassName "web.": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
  ],
  [
    'a preStop sleep longer than the default grace period',
    { image, preStop: LifecycleHandler.sleep(Duration.seconds(45)) },
    undefined,
    `${W}invalid preStop sleep Duration 45 seconds: it must be shorter than terminationGracePeriod (30 seconds, Kubernetes' default when terminationGracePeriod is left out): the sleep counts against the grace period, and the server needs time to stop after it.`,
  ],
  [
    'a preStop sleep as long as a shortened grace period',
    { image, preStop: LifecycleHandler.sleep(Duration.seconds(10)), terminationGracePeriod: Duration.seconds(10) },
    undefined,
    `${W}invalid preStop sleep Duration 10 seconds: it must be shorter than terminationGracePeriod (Duration 10 seconds): the sleep counts against the grace period, and the server needs time to stop after it.`,
  ],
  [
    'addPort on a custom web port number',
    { image, port: 9000 },
    (web) => web.addPort('admin', 9000),
    `${W}invalid addPort("admin") port 9000: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 9000).`,
  ],
  [
    'addPort with a custom web port name',
    { image, portName: 'web' },
    (web) => web.addPort('web', 9001),
    `${W}invalid addPort name "web": it must be a name unique among the pod's ports (web 8080).`,
  ],
  [
    'a sidecar named like the container name derived from the image',
    { image: 'registry.example.com/exporter:1' },
    (web) => web.addSidecar('exporter', { image: 'nginx/nginx-prometheus-exporter:1.3' }),
    `${W}invalid addSidecar name "exporter": it must be unique among the pod's containers (exporter).`,
  ],
  [
    'a sidecar port on a port added with addPort',
    { image },
    (web) => {
      web.addPort('metrics', 9113);
      web.addSidecar('exporter', { image: 'exporter:1', ports: [{ name: 'exporter', containerPort: 9113 }] });
    },
    `${W}invalid addSidecar("exporter") ports[0].containerPort 9113: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080, metrics 9113).`,
  ],
  [
    'an init container mounting the default volume name when volumeName is set',
    { image, volumeName: 'www' },
    (web) => web.addInitContainer('seed', { image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
    `${W}invalid addInitContainer("seed") volumeMounts[0].name "data": it must be the name of a volume of the pod (www): add the volume before the container that mounts it.`,
  ],
  [
    'a sidecar mounting a raw block claim template',
    { image },
    (web) => {
      web.addVolumeClaimTemplate('raw', { mountPath: '/dev/xvdb', volumeMode: VolumeMode.BLOCK });
      web.addSidecar('backup', { image: 'backup:1', volumeMounts: [{ name: 'raw', mountPath: '/raw' }] });
    },
    `${W}invalid addSidecar("backup") volumeMounts[0].name "raw": it must be the name of a volume with a filesystem: "raw" is a raw block device (VolumeMode.BLOCK), which only the web server's container gets.`,
  ],
  [
    'a sidecar whose memory request is above its default limit',
    { image },
    (web) => web.addSidecar('exporter', { image: 'exporter:1', memoryRequest: Size.mebibytes(300) }),
    `${W}invalid addSidecar("exporter") memoryRequest Size 300Mi: it must be at most memoryLimit (256Mi, its default; set memoryLimit to at least 300Mi to allow it).`,
  ],
  [
    'a Secret volume item whose path climbs out of the volume',
    { image },
    (web) => web.addVolume('tls', VolumeSource.secret('web-tls', { items: [{ key: 'tls.key', path: 'keys/../../tls.key' }] }), '/tls'),
    `VolumeSource.secret: invalid items[0].path "keys/../../tls.key": it must be ${KEY_PATH_RULE.allowed}.`,
  ],
  [
    'a ConfigMap volume defaultMode written as decimal 755',
    { image },
    (web) => web.addVolume('scripts', VolumeSource.configMap('scripts', { defaultMode: 755 }), '/scripts'),
    'VolumeSource.configMap: invalid defaultMode 755: it must be a file mode from 0 to 0o777 (511 in decimal), e.g. 0o644.',
  ],

  // ---- judged at synth time: the exemption annotation written by hand
  [
    'the exemption annotation written through metadataAnnotations, with an unknown check id',
    { image, metadataAnnotations: { 'stateful-web.cdk8s.io/pss-exempt': 'runAsRoot' } },
    undefined,
    `[test/web] The annotation stateful-web.cdk8s.io/pss-exempt of the StatefulSet must list Pod Security check ids, separated by commas: ${CHECK_IDS}. Found: "runAsRoot".`,
  ],
];

test('at least 40 combinations', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

test.each(cases)('%s', (_, props, then, message) => {
  const chart = Testing.chart();
  let error = '';
  try {
    const web = new StatefulWeb(chart, 'web', props);
    then?.(web);
  } catch (e) {
    error = (e as Error).message;
  }
  if (error === '') error = synthErrors(chart).join('\n');
  expect(error).toBe(message);
});
