import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AccessMode,
  AllowFrom,
  ClaimRetention,
  DisruptionBudget,
  EnvValue,
  ImagePullPolicy,
  PodAntiAffinity,
  PodManagementPolicy,
  PodSecurityCheck,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  UpdateStrategy,
  VolumeMode,
  VolumeSource,
  WebProbe,
  WhenUnsatisfiable,
} from '../lib';
import { CONFIG_KEY_RULE, DNS1123_SUBDOMAIN_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE } from '../lib/validation/names';
import { chartWith, onlyOfKind, synth } from './helpers';

/** A map of one annotation whose key and value take `bytes` bytes in all (Kubernetes counts both). */
const annotationOf = (key: string, bytes: number) => ({ [key]: 'x'.repeat(bytes - key.length) });
const LIMIT = 262144;

/** Constructs a StatefulWeb with id `web` in a chart `test`. */
function construct(props: StatefulWebProps, id = 'web') {
  return new StatefulWeb(Testing.chart(), id, props);
}

const valid: StatefulWebProps = { image: 'bitnami/nginx' };

test('a whole message names the construct and the prop, shows the value and says what is allowed', () => {
  expect(() => construct({ ...valid, replicas: -1 })).toThrow(
    'StatefulWeb "test/web": invalid replicas -1: it must be an integer from 0 to 2147483647.',
  );
});

describe('value classes reject a bad argument when they are made, naming it', () => {
  // [rule, make, the whole message]
  const cases: Array<[string, () => unknown, string]> = [
    ['a root user', () => PodUser.fixed(0), 'PodUser.fixed: invalid user 0: it must be an integer from 1 to 2147483647.'],
    ['a fractional user', () => PodUser.fixed(1001.5), 'PodUser.fixed: invalid user 1001.5: it must be an integer from 1 to 2147483647.'],
    ['a negative group', () => PodUser.fixed(1001, -1), 'PodUser.fixed: invalid group -1: it must be an integer from 0 to 2147483647.'],
    [
      'a negative fsGroup',
      () => PodUser.fixed(1001, 1001, -2),
      'PodUser.fixed: invalid fsGroup -2: it must be an integer from 0 to 2147483647.',
    ],
    [
      'a relative probe path',
      () => WebProbe.httpGet('healthz'),
      'WebProbe.httpGet: invalid path "healthz": it must be an HTTP path starting with "/", without whitespace (e.g. "/healthz").',
    ],
    [
      'a probe period of zero',
      () => WebProbe.tcpSocket({ period: Duration.seconds(0) }),
      'WebProbe.tcpSocket: invalid period Duration 0 seconds: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'a probe timeout of a second and a half',
      () => WebProbe.httpGet('/', { timeout: Duration.millis(1500) }),
      'WebProbe.httpGet: invalid timeout Duration 1 second 500 millis: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'a probe initialDelay of half a second',
      () => WebProbe.tcpSocket({ initialDelay: Duration.millis(500) }),
      'WebProbe.tcpSocket: invalid initialDelay Duration 500 millis: it must be a whole number of seconds from 0 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    // Found by the API server (test/cluster/property.cluster.test.ts): 2147483648 was written, and stored as -2147483648.
    [
      'a probe failureThreshold past int32',
      () => WebProbe.tcpSocket({ failureThreshold: 2147483648 }),
      'WebProbe.tcpSocket: invalid failureThreshold 2147483648: it must be an integer from 1 to 2147483647.',
    ],
    [
      'a probe period past int32 seconds',
      () => WebProbe.tcpSocket({ period: Duration.seconds(2147483648) }),
      'WebProbe.tcpSocket: invalid period Duration 24855 days 3 hours: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'a user id past int32',
      () => PodUser.fixed(2147483648),
      'PodUser.fixed: invalid user 2147483648: it must be an integer from 1 to 2147483647.',
    ],
    [
      'a partition past int32',
      () => UpdateStrategy.rollingUpdate({ partition: 2147483648 }),
      'UpdateStrategy.rollingUpdate: invalid partition 2147483648: it must be an integer from 0 to 2147483647.',
    ],
    [
      'a disruption budget past int32',
      () => DisruptionBudget.maxUnavailable(2147483648),
      'DisruptionBudget.maxUnavailable: invalid pods 2147483648: it must be an integer from 1 to 2147483647: with 0, no voluntary eviction is ever allowed and node drains hang.',
    ],
    [
      'a probe failureThreshold of zero',
      () => WebProbe.tcpSocket({ failureThreshold: 0 }),
      'WebProbe.tcpSocket: invalid failureThreshold 0: it must be an integer from 1 to 2147483647.',
    ],
    [
      'a negative partition',
      () => UpdateStrategy.rollingUpdate({ partition: -1 }),
      'UpdateStrategy.rollingUpdate: invalid partition -1: it must be an integer from 0 to 2147483647.',
    ],
    [
      'a maxUnavailable of zero',
      () => UpdateStrategy.rollingUpdate({ maxUnavailable: 0 }),
      'UpdateStrategy.rollingUpdate: invalid maxUnavailable 0: it must be an integer from 1 to 2147483647.',
    ],
    [
      'a disruption budget of zero unavailable pods',
      () => DisruptionBudget.maxUnavailable(0),
      'DisruptionBudget.maxUnavailable: invalid pods 0: it must be an integer from 1 to 2147483647: with 0, no voluntary eviction is ever allowed and node drains hang.',
    ],
    [
      'a fractional number of available pods',
      () => DisruptionBudget.minAvailable(1.5),
      'DisruptionBudget.minAvailable: invalid pods 1.5: it must be an integer from 0 to 2147483647.',
    ],
    [
      'an emptyDir size limit of zero',
      () => VolumeSource.emptyDir({ sizeLimit: Size.mebibytes(0) }),
      'VolumeSource.emptyDir: invalid sizeLimit Size 0Mi: it must be a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes), e.g. Size.gibibytes(1).',
    ],
    [
      'an emptyDir size limit of a fraction of a byte',
      () => VolumeSource.emptyDir({ sizeLimit: Size.kibibytes(0.0001) }),
      'VolumeSource.emptyDir: invalid sizeLimit Size 0.0001Ki: it must be a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes), e.g. Size.gibibytes(1).',
    ],
    [
      'a ConfigMap name that is not a DNS-1123 subdomain',
      () => VolumeSource.configMap('My Config'),
      `VolumeSource.configMap: invalid configMapName "My Config": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'a Secret name that is not a DNS-1123 subdomain',
      () => VolumeSource.secret('tls_cert'),
      `VolumeSource.secret: invalid secretName "tls_cert": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    // Found by the API server (test/cluster/property.cluster.test.ts): "..-___" passed as a ConfigMap key.
    [
      'an env ConfigMap key starting with ".."',
      () => EnvValue.fromConfigMap('conf', '..-___'),
      `EnvValue.fromConfigMap: invalid key "..-___": it must be ${CONFIG_KEY_RULE.allowed}.`,
    ],
    [
      'an env Secret key ".."',
      () => EnvValue.fromSecret('creds', '..'),
      `EnvValue.fromSecret: invalid key "..": it must be ${CONFIG_KEY_RULE.allowed}.`,
    ],
    [
      'an env Secret key longer than 253 characters',
      () => EnvValue.fromSecret('creds', 'k'.repeat(254)),
      `EnvValue.fromSecret: invalid key "${'k'.repeat(254)}": it must be ${CONFIG_KEY_RULE.allowed}.`,
    ],
    [
      'an env Secret key with a slash',
      () => EnvValue.fromSecret('s', 'a/b'),
      `EnvValue.fromSecret: invalid key "a/b": it must be ${CONFIG_KEY_RULE.allowed}.`,
    ],
    [
      'an env ConfigMap name that is not a DNS-1123 subdomain',
      () => EnvValue.fromConfigMap('My Config', 'a'),
      `EnvValue.fromConfigMap: invalid configMapName "My Config": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    // Kubernetes requires the name of a referenced ConfigMap or Secret.
    [
      'an env ConfigMap name that is empty',
      () => EnvValue.fromConfigMap('', 'a'),
      `EnvValue.fromConfigMap: invalid configMapName "": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'an env Secret name that is empty',
      () => EnvValue.fromSecret('', 'a'),
      `EnvValue.fromSecret: invalid secretName "": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'a volume ConfigMap name that is empty',
      () => VolumeSource.configMap(''),
      `VolumeSource.configMap: invalid configMapName "": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    [
      'a volume Secret name that is empty',
      () => VolumeSource.secret(''),
      `VolumeSource.secret: invalid secretName "": it must be ${DNS1123_SUBDOMAIN_RULE.allowed}.`,
    ],
    // NaN and Infinity are shown as such (JSON would write null).
    ['a user id of NaN', () => PodUser.fixed(NaN), 'PodUser.fixed: invalid user NaN: it must be an integer from 1 to 2147483647.'],
    [
      'a disruption budget of Infinity pods',
      () => DisruptionBudget.maxUnavailable(Infinity),
      'DisruptionBudget.maxUnavailable: invalid pods Infinity: it must be an integer from 1 to 2147483647: with 0, no voluntary eviction is ever allowed and node drains hang.',
    ],
    [
      'a probe period of NaN seconds',
      () => WebProbe.tcpSocket({ period: Duration.seconds(NaN) }),
      'WebProbe.tcpSocket: invalid period Duration NaN seconds: it must be a whole number of seconds from 1 to 2147483647 (e.g. Duration.seconds(5)).',
    ],
    [
      'an emptyDir size limit of 8 EiB, which Kubernetes would cap',
      () => VolumeSource.emptyDir({ sizeLimit: Size.pebibyte(8192) }),
      'VolumeSource.emptyDir: invalid sizeLimit Size 8192Pi: it must be a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes), e.g. Size.gibibytes(1).',
    ],
    [
      'NetworkPolicy pod labels with a bad value',
      () => AllowFrom.pods({ role: 'front end' }),
      `AllowFrom.pods: invalid podLabels["role"] "front end": it must be ${LABEL_VALUE_RULE.allowed}.`,
    ],
    [
      'NetworkPolicy namespace labels with a bad key',
      () => AllowFrom.namespaces({ 'team name': 'shop' }),
      `AllowFrom.namespaces: invalid namespaceLabels key "team name": it must be ${LABEL_KEY_RULE.allowed}.`,
    ],
    [
      'NetworkPolicy namespace labels of pods in namespaces with a bad key',
      () => AllowFrom.podsInNamespaces({ role: 'web' }, { '-team': 'shop' }),
      `AllowFrom.podsInNamespaces: invalid namespaceLabels key "-team": it must be ${LABEL_KEY_RULE.allowed}.`,
    ],
  ];
  test.each(cases)('%s', (_, make, message) => {
    expect(make).toThrow(new Error(message));
  });
});

describe('every rule rejects a value that breaks it', () => {
  // [rule, props, id, fragments the message must contain]
  const cases: Array<[string, StatefulWebProps, string, string[]]> = [
    ['image empty', { image: '' }, 'web', ['invalid image ""', 'non-empty container image reference']],
    ['image with whitespace', { image: 'nginx latest' }, 'web', ['invalid image "nginx latest"', 'without whitespace']],

    ['name not a DNS-1123 label', { ...valid, name: 'Web_1' }, 'web', ['invalid name "Web_1"', 'DNS-1123 label', 'at most 52 characters']],
    [
      'name longer than 52',
      { ...valid, name: 'a'.repeat(53) },
      'web',
      [`invalid name "${'a'.repeat(53)}"`, 'at most 52 characters', 'controller-revision-hash'],
    ],
    [
      'name defaulted from an invalid construct id',
      { ...valid },
      'Web',
      ['invalid name "Web" (the default, derived from the construct id; set name explicitly)', 'DNS-1123 label'],
    ],

    [
      'serviceName not a DNS-1035 label',
      { ...valid, serviceName: '1nginx' },
      'web',
      ['invalid serviceName "1nginx"', 'DNS-1035 label', 'starting with a letter'],
    ],
    [
      'serviceName defaulted from a name that starts with a digit',
      { ...valid, name: '1web' },
      'web',
      ['invalid serviceName "1web-headless" (the default, derived from <name>-headless; set serviceName explicitly)'],
    ],

    [
      'containerName not a DNS-1123 label',
      { ...valid, containerName: 'Nginx' },
      'web',
      ['invalid containerName "Nginx"', 'DNS-1123 label'],
    ],
    [
      'containerName defaulted from an image whose name is not a label',
      { image: 'acme/My_App:1' },
      'web',
      ['invalid containerName "My_App" (the default, derived from the image "acme/My_App:1"; set containerName explicitly)'],
    ],

    ['volumeName not a DNS-1123 label', { ...valid, volumeName: 'www.data' }, 'web', ['invalid volumeName "www.data"', 'DNS-1123 label']],

    ['replicas negative', { ...valid, replicas: -1 }, 'web', ['invalid replicas -1', 'an integer from 0 to 2147483647']],
    ['replicas fractional', { ...valid, replicas: 1.5 }, 'web', ['invalid replicas 1.5', 'an integer from 0 to 2147483647']],
    ['replicas past int32', { ...valid, replicas: 2147483648 }, 'web', ['invalid replicas 2147483648', 'an integer from 0 to 2147483647']],
    ['replicas NaN', { ...valid, replicas: NaN }, 'web', ['invalid replicas NaN:', 'an integer from 0 to 2147483647']],
    ['replicas Infinity', { ...valid, replicas: Infinity }, 'web', ['invalid replicas Infinity:']],

    ['port 0', { ...valid, port: 0 }, 'web', ['invalid port 0', 'an integer from 1 to 65535']],
    ['port above 65535', { ...valid, port: 65536 }, 'web', ['invalid port 65536', 'an integer from 1 to 65535']],
    ['port fractional', { ...valid, port: 80.5 }, 'web', ['invalid port 80.5', 'an integer from 1 to 65535']],

    [
      'portName longer than 15',
      { ...valid, portName: 'web-server-https' },
      'web',
      ['invalid portName "web-server-https"', 'IANA service name', 'at most 15 characters'],
    ],
    ['portName without a letter', { ...valid, portName: '8080' }, 'web', ['invalid portName "8080"', 'at least one letter']],
    [
      'portName with a leading hyphen',
      { ...valid, portName: '-web' },
      'web',
      ['invalid portName "-web"', "not starting or ending with '-'"],
    ],
    [
      'portName with a trailing hyphen',
      { ...valid, portName: 'web-' },
      'web',
      ['invalid portName "web-"', "not starting or ending with '-'"],
    ],
    ['portName with a double hyphen', { ...valid, portName: 'my--web' }, 'web', ['invalid portName "my--web"', "without '--'"]],
    ['portName in upper case', { ...valid, portName: 'Web' }, 'web', ['invalid portName "Web"', 'lowercase letters']],

    ['labels empty', { ...valid, labels: {} }, 'web', ['invalid labels {}', 'at least one label']],
    ['label key with a bad name', { ...valid, labels: { '-app': 'web' } }, 'web', ['invalid labels key "-app"', 'label key']],
    [
      'label key with a bad prefix',
      { ...valid, labels: { 'Example.com/app': 'web' } },
      'web',
      ['invalid labels key "Example.com/app"', 'DNS-1123 subdomain prefix'],
    ],
    ['label key with two slashes', { ...valid, labels: { 'a/b/c': 'web' } }, 'web', ['invalid labels key "a/b/c"']],
    ['label key name longer than 63', { ...valid, labels: { ['k'.repeat(64)]: 'web' } }, 'web', [`invalid labels key "${'k'.repeat(64)}"`]],
    ['label value with a bad character', { ...valid, labels: { app: 'web!' } }, 'web', ['invalid labels["app"] "web!"', 'label value']],
    [
      'label value longer than 63',
      { ...valid, labels: { app: 'v'.repeat(64) } },
      'web',
      [`invalid labels["app"] "${'v'.repeat(64)}"`, 'at most 63 characters'],
    ],

    ['storage zero', { ...valid, storage: Size.gibibytes(0) }, 'web', ['invalid storage Size 0Gi', 'greater than zero']],
    [
      'storage not a whole number of bytes',
      { ...valid, storage: Size.kibibytes(0.0001) },
      'web',
      ['invalid storage Size 0.0001Ki', 'whole number of bytes'],
    ],
    ['storage of NaN gibibytes', { ...valid, storage: Size.gibibytes(NaN) }, 'web', ['invalid storage Size NaNGi:']],
    // Kubernetes keeps a quantity in an int64 and caps a larger one: the claim would not be what the manifest says.
    [
      'storage of 8 EiB',
      { ...valid, storage: Size.pebibyte(8192) },
      'web',
      ['invalid storage Size 8192Pi', 'less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes)'],
    ],

    [
      'storageClassName not a DNS-1123 subdomain',
      { ...valid, storageClassName: 'Fast_SSD' },
      'web',
      ['invalid storageClassName "Fast_SSD"', 'DNS-1123 subdomain', 'or the empty string'],
    ],

    [
      'accessModes empty',
      { ...valid, accessModes: [] },
      'web',
      ['invalid accessModes []', 'a non-empty list of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod'],
    ],
    [
      'accessModes with an unknown mode',
      { ...valid, accessModes: ['ReadWrite' as AccessMode] },
      'web',
      ['invalid accessModes[0] "ReadWrite"', 'one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod'],
    ],
    [
      'accessModes with a duplicate',
      { ...valid, accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_ONCE] },
      'web',
      ['invalid accessModes ["ReadWriteOnce","ReadWriteOnce"]', 'without duplicates'],
    ],
    [
      'ReadWriteOncePod with another mode',
      { ...valid, accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_ONLY_MANY] },
      'web',
      [
        'invalid accessModes ["ReadWriteOncePod","ReadOnlyMany"]',
        'either [ReadWriteOncePod] alone',
        'does not allow ReadWriteOncePod with another mode',
      ],
    ],

    ['mountPath relative', { ...valid, mountPath: 'app' }, 'web', ['invalid mountPath "app"', 'an absolute path']],
    // ValidateVolumeDevices: a raw block device's path has no '..' element.
    [
      'a block device path with a ".." element',
      { ...valid, volumeMode: VolumeMode.BLOCK, mountPath: '/dev/../xvda' },
      'web',
      ['invalid mountPath "/dev/../xvda"', "without a '..' element", 'with volumeMode Block, the mount path is the device path'],
    ],

    // security
    ['writablePaths relative', { ...valid, writablePaths: ['tmp'] }, 'web', ['invalid writablePaths[0] "tmp"', 'an absolute path']],
    [
      'writablePaths on the volume mount path',
      { ...valid, writablePaths: ['/app'] },
      'web',
      ['invalid writablePaths[0] "/app"', 'a path no other volume is mounted at (/app)'],
    ],
    [
      'imagePullPolicy unknown',
      { ...valid, imagePullPolicy: 'Sometimes' as ImagePullPolicy },
      'web',
      ['invalid imagePullPolicy "Sometimes"', 'one of Always, IfNotPresent, Never'],
    ],
    [
      'imagePullSecrets with a bad name',
      { ...valid, imagePullSecrets: ['Registry_Creds'] },
      'web',
      ['invalid imagePullSecrets[0] "Registry_Creds"', 'DNS-1123 subdomain'],
    ],
    // Server-side apply refuses a list keyed by name with a name twice: "duplicate entries for key [name=\"regcred\"]".
    [
      'imagePullSecrets with a name twice',
      { ...valid, imagePullSecrets: ['regcred', 'other', 'regcred'] },
      'web',
      ['invalid imagePullSecrets[2] "regcred": it must be a Secret name given once (it is imagePullSecrets[0] already).'],
    ],
    [
      'serviceAccountName bad',
      { ...valid, serviceAccountName: 'Shop Account' },
      'web',
      ['invalid serviceAccountName "Shop Account"', 'DNS-1123 subdomain'],
    ],

    // container
    ['cpuRequest zero', { ...valid, cpuRequest: Cpu.millis(0) }, 'web', ['invalid cpuRequest "0m"', 'a CPU amount greater than zero']],
    ['cpuRequest negative', { ...valid, cpuRequest: Cpu.units(-1) }, 'web', ['invalid cpuRequest "-1"']],
    [
      'cpuRequest past int64 cores',
      { ...valid, cpuRequest: Cpu.units(1e19) },
      'web',
      ['invalid cpuRequest "10000000000000000000"', 'below 9223372036854775807 cores'],
    ],
    [
      'cpuLimit below cpuRequest',
      { ...valid, cpuRequest: Cpu.millis(500), cpuLimit: Cpu.millis(250) },
      'web',
      ['invalid cpuLimit "250m"', 'at least cpuRequest (500m)'],
    ],
    ['memoryRequest zero', { ...valid, memoryRequest: Size.mebibytes(0) }, 'web', ['invalid memoryRequest Size 0Mi', 'greater than zero']],
    [
      'memoryLimit below memoryRequest',
      { ...valid, memoryRequest: Size.mebibytes(512), memoryLimit: Size.mebibytes(256) },
      'web',
      ['invalid memoryLimit Size 256Mi', 'at least memoryRequest (512Mi)'],
    ],
    [
      'ephemeralStorageLimit below its request',
      { ...valid, ephemeralStorageRequest: Size.mebibytes(64), ephemeralStorageLimit: Size.mebibytes(32) },
      'web',
      ['invalid ephemeralStorageLimit Size 32Mi', 'at least ephemeralStorageRequest (64Mi)'],
    ],
    ['env name ".."', { ...valid, env: { '..': EnvValue.fromValue('x') } }, 'web', ['invalid env name ".."', "not '.' or '..'"]],
    [
      'env name starting with a digit',
      { ...valid, env: { '1ST': EnvValue.fromValue('x') } },
      'web',
      ['invalid env name "1ST"', 'not starting with a digit'],
    ],

    // storage
    ['volumeMode unknown', { ...valid, volumeMode: 'Raw' as VolumeMode }, 'web', ['invalid volumeMode "Raw"', 'one of Filesystem, Block']],
    [
      'claimLabels with a bad value',
      { ...valid, claimLabels: { backup: 'every day' } },
      'web',
      ['invalid claimLabels["backup"] "every day"', 'label value'],
    ],
    [
      'claimAnnotations with a bad key',
      { ...valid, claimAnnotations: { 'bad key': 'x' } },
      'web',
      ['invalid claimAnnotations key "bad key"', 'annotation key'],
    ],
    [
      'claimRetentionWhenDeleted unknown',
      { ...valid, claimRetentionWhenDeleted: 'Keep' as ClaimRetention },
      'web',
      ['invalid claimRetentionWhenDeleted "Keep"', 'one of Retain, Delete'],
    ],
    [
      'claimRetentionWhenScaled unknown',
      { ...valid, claimRetentionWhenScaled: 'Drop' as ClaimRetention },
      'web',
      ['invalid claimRetentionWhenScaled "Drop"', 'one of Retain, Delete'],
    ],

    // rollout
    [
      'podManagementPolicy unknown',
      { ...valid, podManagementPolicy: 'Random' as PodManagementPolicy },
      'web',
      ['invalid podManagementPolicy "Random"', 'one of OrderedReady, Parallel'],
    ],
    [
      'minReady not whole seconds',
      { ...valid, minReady: Duration.millis(2500) },
      'web',
      ['invalid minReady Duration 2 seconds 500 millis', 'a whole number of seconds from 0 to 2147483647'],
    ],
    [
      'revisionHistoryLimit negative',
      { ...valid, revisionHistoryLimit: -1 },
      'web',
      ['invalid revisionHistoryLimit -1', 'an integer from 0 to 2147483647'],
    ],
    ['ordinalsStart negative', { ...valid, ordinalsStart: -1 }, 'web', ['invalid ordinalsStart -1', 'an integer from 0 to 2147483647']],
    [
      'minReady past int32 seconds',
      { ...valid, minReady: Duration.seconds(2147483648) },
      'web',
      ['invalid minReady Duration 24855 days 3 hours', 'from 0 to 2147483647'],
    ],
    [
      'ordinalsStart past int32',
      { ...valid, ordinalsStart: 2147483648 },
      'web',
      ['invalid ordinalsStart 2147483648', 'an integer from 0 to 2147483647'],
    ],
    // terminationGracePeriodSeconds is an int64: bounded where a JavaScript number stops being exact.
    [
      'terminationGracePeriod past the exact integers',
      { ...valid, terminationGracePeriod: Duration.seconds(2 ** 53) },
      'web',
      ['invalid terminationGracePeriod', `from 0 to ${Number.MAX_SAFE_INTEGER}`],
    ],
    [
      'terminationGracePeriod not whole seconds',
      { ...valid, terminationGracePeriod: Duration.millis(500) },
      'web',
      ['invalid terminationGracePeriod Duration 500 millis'],
    ],

    // availability
    [
      'disruptionBudget minAvailable = replicas',
      { ...valid, replicas: 2, disruptionBudget: DisruptionBudget.minAvailable(2) },
      'web',
      ['invalid disruptionBudget minAvailable 2', 'an integer from 0 to replicas - 1 (1)'],
    ],
    [
      'podAntiAffinity unknown',
      { ...valid, podAntiAffinity: 'Sometimes' as PodAntiAffinity },
      'web',
      ['invalid podAntiAffinity "Sometimes"', 'one of None, Preferred, Required'],
    ],
    [
      'topologySpread with a bad key',
      { ...valid, topologySpread: [{ topologyKey: 'zone/' }] },
      'web',
      ['invalid topologySpread[0].topologyKey "zone/"', 'label key'],
    ],
    [
      'topologySpread maxSkew zero',
      { ...valid, topologySpread: [{ topologyKey: 'zone', maxSkew: 0 }] },
      'web',
      ['invalid topologySpread[0].maxSkew 0', 'an integer from 1 to 2147483647'],
    ],
    // Kubernetes refuses two constraints with the same topologyKey and whenUnsatisfiable.
    [
      'topologySpread with the same key twice, whenUnsatisfiable defaulted',
      { ...valid, topologySpread: [{ topologyKey: 'zone' }, { topologyKey: 'zone', maxSkew: 2 }] },
      'web',
      [
        'invalid topologySpread[1] {"topologyKey":"zone","maxSkew":2}',
        "differs from topologySpread[0]'s",
        'the same topologyKey ("zone") and whenUnsatisfiable (ScheduleAnyway, the default of whenUnsatisfiable)',
      ],
    ],
    [
      'topologySpread with the same key and whenUnsatisfiable',
      {
        ...valid,
        topologySpread: [
          { topologyKey: 'zone', whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE },
          { topologyKey: 'rack' },
          { topologyKey: 'zone', whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE },
        ],
      },
      'web',
      ['invalid topologySpread[2]', "differs from topologySpread[0]'s", 'whenUnsatisfiable (DoNotSchedule)'],
    ],
    [
      'topologySpread whenUnsatisfiable unknown',
      { ...valid, topologySpread: [{ topologyKey: 'zone', whenUnsatisfiable: 'Never' as WhenUnsatisfiable }] },
      'web',
      ['invalid topologySpread[0].whenUnsatisfiable "Never"', 'one of DoNotSchedule, ScheduleAnyway'],
    ],

    // networking
    [
      'serviceAnnotations with a bad key',
      { ...valid, serviceAnnotations: { '/x': 'y' } },
      'web',
      ['invalid serviceAnnotations key "/x"', 'annotation key'],
    ],
    [
      'clientServiceName not a DNS-1035 label',
      { ...valid, clientService: true, clientServiceName: '9web' },
      'web',
      ['invalid clientServiceName "9web"', 'DNS-1035 label'],
    ],
    [
      'clientServiceName = serviceName',
      { ...valid, clientService: true, serviceName: 'web' },
      'web',
      ['invalid clientServiceName "web"', 'a name other than the headless Service\'s ("web")'],
    ],
    [
      'networkPolicyAllowFrom empty',
      { ...valid, networkPolicyAllowFrom: [] },
      'web',
      ['invalid networkPolicyAllowFrom []', 'a non-empty list of AllowFrom sources'],
    ],

    // metadata
    ['appName not a label value', { ...valid, appName: 'my app' }, 'web', ['invalid appName "my app"', 'label value']],
    ['metadataLabels with a bad key', { ...valid, metadataLabels: { 'a b': 'c' } }, 'web', ['invalid metadataLabels key "a b"']],
    [
      'metadataLabels redefining a selector label',
      { ...valid, metadataLabels: { app: 'other' } },
      'web',
      ['invalid metadataLabels["app"] "other"', 'the selector\'s value "web" or absent'],
    ],
    [
      'podLabels redefining a selector label',
      { ...valid, podLabels: { app: 'other' } },
      'web',
      ['invalid podLabels["app"] "other"', 'a selector label, which cannot be redefined'],
    ],
    [
      'metadataAnnotations with a bad key',
      { ...valid, metadataAnnotations: { 'x/y/z': '1' } },
      'web',
      ['invalid metadataAnnotations key "x/y/z"'],
    ],
    ['podAnnotations with a bad key', { ...valid, podAnnotations: { '': '1' } }, 'web', ['invalid podAnnotations key ""']],
    [
      'an annotation key whose name part is in upper case and too long',
      { ...valid, metadataAnnotations: { [`Example.com/${'N'.repeat(64)}`]: '1' } },
      'web',
      ['invalid metadataAnnotations key "Example.com/', 'annotation key'],
    ],

    // Kubernetes' limit on the annotations of one object, every prop that writes them counted.
    [
      'metadataAnnotations over 256 KiB',
      { ...valid, metadataAnnotations: annotationOf('a', LIMIT + 1) },
      'web',
      [
        `invalid metadataAnnotations (${LIMIT + 1} bytes of annotations on every object): they must total at most 262144 bytes (256 KiB) on one object, every key and value counted.`,
      ],
    ],
    [
      'metadataAnnotations and serviceAnnotations, each under 256 KiB, together over it on the headless Service',
      { ...valid, metadataAnnotations: annotationOf('a', 200000), serviceAnnotations: annotationOf('b', 70000) },
      'web',
      ['invalid metadataAnnotations + serviceAnnotations (270000 bytes of annotations on the headless Service "web-headless")'],
    ],
    [
      'metadataAnnotations that the exemption annotation takes over 256 KiB on the StatefulSet',
      { ...valid, metadataAnnotations: annotationOf('a', LIMIT - 10), podSecurityExemptions: [PodSecurityCheck.RUN_AS_USER] },
      'web',
      [
        `invalid metadataAnnotations + podSecurityExemptions (its annotation) (${LIMIT - 10 + 41} bytes of annotations on the StatefulSet "web")`,
      ],
    ],
    [
      'podAnnotations over 256 KiB',
      { ...valid, podAnnotations: annotationOf('a', LIMIT + 1) },
      'web',
      ['invalid podAnnotations (262145 bytes of annotations on the pod template)'],
    ],
    // UTF-8 bytes, as Go's len() counts them: 131072 characters of 'é' are 262144 bytes.
    [
      'podAnnotations over 256 KiB in UTF-8 bytes, not in characters',
      { ...valid, podAnnotations: { a: 'é'.repeat(131072) } },
      'web',
      ['invalid podAnnotations (262145 bytes'],
    ],
    [
      'claimAnnotations over 256 KiB',
      { ...valid, claimAnnotations: annotationOf('a', LIMIT + 1) },
      'web',
      ['invalid claimAnnotations (262145 bytes of annotations on the claim template "data")'],
    ],

    // The pod annotations Kubernetes validates beyond their keys (ValidatePodSpecificAnnotations).
    [
      'an AppArmor annotation of a container the pod does not have',
      { ...valid, podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' } },
      'web',
      [
        'invalid podAnnotations key "container.apparmor.security.beta.kubernetes.io/web"',
        'a container of the pod (container.apparmor.security.beta.kubernetes.io/nginx)',
      ],
    ],
    [
      'an AppArmor annotation that is no profile',
      { ...valid, podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/nginx': 'strict' } },
      'web',
      ['invalid podAnnotations["container.apparmor.security.beta.kubernetes.io/nginx"] "strict"', 'an AppArmor profile'],
    ],
    [
      'a pod seccomp annotation other than the field StatefulWeb sets',
      { ...valid, podAnnotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
      'web',
      [
        'invalid podAnnotations["seccomp.security.alpha.kubernetes.io/pod"] "unconfined"',
        'runtime/default or docker/default',
        'differs from the field',
      ],
    ],
    [
      'a container seccomp annotation that is no profile',
      { ...valid, podAnnotations: { 'container.seccomp.security.alpha.kubernetes.io/nginx': 'default' } },
      'web',
      ['invalid podAnnotations["container.seccomp.security.alpha.kubernetes.io/nginx"] "default"', 'a seccomp profile'],
    ],
    [
      'a container seccomp annotation with a ".." element',
      { ...valid, podAnnotations: { 'container.seccomp.security.alpha.kubernetes.io/nginx': 'localhost/../etc/profile.json' } },
      'web',
      ['invalid podAnnotations["container.seccomp.security.alpha.kubernetes.io/nginx"] "localhost/../etc/profile.json"'],
    ],
    [
      'a pod deletion cost with a +',
      { ...valid, podAnnotations: { 'controller.kubernetes.io/pod-deletion-cost': '+1' } },
      'web',
      ['invalid podAnnotations["controller.kubernetes.io/pod-deletion-cost"] "+1"', 'an integer from -2147483648 to 2147483647'],
    ],
    [
      'a pod deletion cost past int32',
      { ...valid, podAnnotations: { 'controller.kubernetes.io/pod-deletion-cost': '2147483648' } },
      'web',
      ['invalid podAnnotations["controller.kubernetes.io/pod-deletion-cost"] "2147483648"'],
    ],
    [
      'a pod deletion cost with a leading zero',
      { ...valid, podAnnotations: { 'controller.kubernetes.io/pod-deletion-cost': '07' } },
      'web',
      ['invalid podAnnotations["controller.kubernetes.io/pod-deletion-cost"] "07"'],
    ],
    [
      'the mirror pod annotation',
      { ...valid, podAnnotations: { 'kubernetes.io/config.mirror': 'x' } },
      'web',
      ['invalid podAnnotations key "kubernetes.io/config.mirror"', 'only for static pods'],
    ],
    [
      'the tolerations annotation',
      { ...valid, podAnnotations: { 'scheduler.alpha.kubernetes.io/tolerations': '[]' } },
      'web',
      ['invalid podAnnotations key "scheduler.alpha.kubernetes.io/tolerations"', 'spec.tolerations', 'set the tolerations prop instead'],
    ],
  ];

  test.each(cases)('%s', (_, props, id, fragments) => {
    let message = '';
    try {
      construct(props, id);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^StatefulWeb "test/${id}": `));
    for (const fragment of fragments) {
      expect(message).toContain(fragment);
    }
  });
});

describe('the limits themselves, and the values Kubernetes accepts, are allowed (and synthesize valid objects)', () => {
  test.each<[string, StatefulWebProps]>([
    ['a 52-character name', { ...valid, name: 'a'.repeat(52), serviceName: 'svc' }],
    ['replicas 0', { ...valid, replicas: 0 }],
    ['port 1', { ...valid, port: 1 }],
    ['port 65535', { ...valid, port: 65535 }],
    ['a 15-character port name', { ...valid, portName: 'abcdefghijklmno' }],
    ['a prefixed label key and an empty label value', { ...valid, labels: { 'app.kubernetes.io/name': 'web', tier: '' } }],
    ['a dotted StorageClass name', { ...valid, storageClassName: 'ebs.csi.aws.com' }],
    ['storage of 8 PiB, 2^53 bytes', { ...valid, storage: Size.pebibyte(8) }],
    ['storage just below 8 EiB', { ...valid, storage: Size.pebibyte(8191) }],
    // ValidateAnnotations lowercases a key before it checks it as a label key.
    [
      'annotation keys with an upper-case prefix',
      { ...valid, metadataAnnotations: { 'Example.COM/Owner': 'shop' }, podAnnotations: { 'EXAMPLE.com/x': '' } },
    ],
    ['annotations of exactly 256 KiB on every object', { ...valid, metadataAnnotations: annotationOf('a', LIMIT) }],
    [
      'annotations of exactly 256 KiB on the headless Service, from two props',
      { ...valid, metadataAnnotations: annotationOf('a', LIMIT - 100), serviceAnnotations: annotationOf('b', 100) },
    ],
    [
      'annotations of 256 KiB on the pod template and on the claim template',
      { ...valid, podAnnotations: annotationOf('a', LIMIT), claimAnnotations: annotationOf('a', LIMIT) },
    ],
    [
      'the same topologyKey with another whenUnsatisfiable',
      {
        ...valid,
        topologySpread: [{ topologyKey: 'zone' }, { topologyKey: 'zone', whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }],
      },
    ],
    ['a block device path', { ...valid, volumeMode: VolumeMode.BLOCK, mountPath: '/dev/xvda' }],
    [
      'the pod seccomp annotation that agrees with the field',
      { ...valid, podAnnotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' } },
    ],
    [
      'seccomp and AppArmor annotations of the container with allowed profiles',
      {
        ...valid,
        podAnnotations: {
          'container.seccomp.security.alpha.kubernetes.io/nginx': 'localhost/profiles/web.json',
          'container.apparmor.security.beta.kubernetes.io/nginx': 'runtime/default',
        },
      },
    ],
    [
      'a negative pod deletion cost and an empty tolerations annotation',
      { ...valid, podAnnotations: { 'controller.kubernetes.io/pod-deletion-cost': '-5', 'scheduler.alpha.kubernetes.io/tolerations': '' } },
    ],
  ])('%s', (_, props) => {
    const { chart } = chartWith(props);
    expect(() => synth(chart)).not.toThrow();
  });

  test('8 PiB of storage is written exactly, as 8Pi', () => {
    const { chart } = chartWith({ ...valid, storage: Size.pebibyte(8) });
    expect(onlyOfKind(synth(chart), 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('8Pi');
  });
});

describe('mutators reject bad input', () => {
  const cases: Array<[string, (web: StatefulWeb) => void, string[]]> = [
    [
      'a claim template named like the main volume',
      (web) => web.addVolumeClaimTemplate('data', { mountPath: '/other' }),
      ['invalid addVolumeClaimTemplate name "data"', "unique among the pod's volumes (data)"],
    ],
    [
      'a claim template with zero storage',
      (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', storage: Size.gibibytes(0) }),
      ['invalid addVolumeClaimTemplate("logs") storage Size 0Gi', 'greater than zero'],
    ],
    [
      'a claim template on a taken mount path',
      (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/app' }),
      ['invalid addVolumeClaimTemplate("logs") mountPath "/app"', 'a path no other volume is mounted at'],
    ],
    [
      'a claim template with ReadWriteOncePod and another mode',
      (web) =>
        web.addVolumeClaimTemplate('logs', {
          mountPath: '/logs',
          accessModes: [AccessMode.READ_WRITE_ONCE_POD, AccessMode.READ_WRITE_ONCE],
        }),
      ['invalid addVolumeClaimTemplate("logs") accessModes', 'either [ReadWriteOncePod] alone'],
    ],
    [
      'a volume with a bad name',
      (web) => web.addVolume('Cache', VolumeSource.emptyDir(), '/cache'),
      ['invalid addVolume name "Cache"', 'DNS-1123 label'],
    ],
    [
      'a volume with a relative mount path',
      (web) => web.addVolume('cache', VolumeSource.emptyDir(), 'cache'),
      ['invalid addVolume("cache") mountPath "cache"', 'an absolute path'],
    ],
    // validateLocalDescendingPath: a subPath is relative and has no '..' element.
    [
      'a volume with an absolute subPath',
      (web) => web.addVolume('conf', VolumeSource.configMap('nginx'), '/etc/nginx/nginx.conf', { subPath: '/nginx.conf' }),
      ['invalid addVolume("conf") subPath "/nginx.conf"', "a relative path inside the volume, without a '..' element"],
    ],
    [
      'a volume with a subPath that steps out',
      (web) => web.addVolume('conf', VolumeSource.configMap('nginx'), '/etc/nginx/nginx.conf', { subPath: 'conf/../../etc' }),
      ['invalid addVolume("conf") subPath "conf/../../etc"', "without a '..' element"],
    ],
    [
      'a volume with the subPath ".."',
      (web) => web.addVolume('conf', VolumeSource.configMap('nginx'), '/etc/nginx', { subPath: '..' }),
      ['invalid addVolume("conf") subPath ".."'],
    ],
    [
      'a raw block claim template whose device path has a ".." element',
      (web) => web.addVolumeClaimTemplate('raw', { mountPath: '/dev/sdb/..', volumeMode: VolumeMode.BLOCK }),
      ['invalid addVolumeClaimTemplate("raw") mountPath "/dev/sdb/.."', "without a '..' element"],
    ],
    [
      'a claim template with annotations over 256 KiB',
      (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', annotations: annotationOf('a', LIMIT + 1) }),
      ['invalid addVolumeClaimTemplate("logs") annotations (262145 bytes of annotations on the claim template)'],
    ],
    [
      'a pod DNS name in a namespace that is no DNS-1123 label',
      (web) => web.podDnsName(0, 'Shop'),
      ['invalid namespace "Shop"', 'DNS-1123 label', 'a namespace name'],
    ],
    [
      'an env variable defined twice',
      (web) => {
        web.addEnv('A', EnvValue.fromValue('1'));
        web.addEnv('A', EnvValue.fromValue('2'));
      },
      ['invalid env name "A"', 'unique: it is defined already'],
    ],
  ];

  test.each(cases)('%s', (_, mutate, fragments) => {
    const web = construct(valid);
    let message = '';
    try {
      mutate(web);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^StatefulWeb "test\/web": /);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });
});

test('an int64 field takes more than an int32 one: terminationGracePeriod past 2147483647 seconds', () => {
  const web = construct({ ...valid, terminationGracePeriod: Duration.seconds(2147483648) });
  expect(web.statefulSet.toJson().spec.template.spec.terminationGracePeriodSeconds).toBe(2147483648);
});
