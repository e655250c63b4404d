// addInitContainer and addSidecar: what each writes (the same restricted securityContext as the
// web server's container, resources with the same defaults, mounts of the pod's volumes, a
// sidecar's ports on the Services and the NetworkPolicy), and every bad input.
import { Duration, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AllowFrom,
  ContainerOptions,
  EnvValue,
  ImagePullPolicy,
  PodSecurityCheck,
  SidecarOptions,
  StatefulWeb,
  StatefulWebProps,
  VolumeMode,
  VolumeSource,
  WebProbe,
} from '../lib';
import { DNS1123_LABEL_RULE, IANA_SVC_NAME_RULE, SUB_PATH_RULE } from '../lib/validation/names';
import { podSecurityMessage } from '../lib/validation/pod-security';
import { chartWith, onlyOfKind, synth, synthErrors } from './helpers';

const W = 'StatefulWeb "test/web": ';
const image = 'bitnami/nginx';
const seed: ContainerOptions = {
  image: 'busybox:1.36',
  command: ['sh', '-c', 'cp -rn /seed/. /data/'],
  volumeMounts: [{ name: 'data', mountPath: '/data' }],
};
const exporter: SidecarOptions = {
  image: 'nginx/nginx-prometheus-exporter:1.3',
  args: ['--nginx.scrape-uri=http://localhost:8080/stub_status'],
  ports: [{ name: 'metrics', containerPort: 9113 }],
};

function podWith(then: (web: StatefulWeb) => void, props: Partial<StatefulWebProps> = {}) {
  const { chart, web } = chartWith({ image, ...props });
  then(web);
  const manifests = synth(chart);
  return { manifests, spec: onlyOfKind(manifests, 'StatefulSet').spec.template.spec };
}

function errorOf(then: (web: StatefulWeb) => void, props: Partial<StatefulWebProps> = {}): string {
  try {
    then(chartWith({ image, ...props }).web);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('addInitContainer', () => {
  test('writes initContainers in the order added; the containers stay as they were', () => {
    const { spec } = podWith((web) => {
      web.addInitContainer('seed', seed);
      web.addInitContainer('migrate', { image: 'registry.example.com/migrate:2', args: ['--once'] });
    });
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['seed', 'migrate']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['nginx']);
    expect(spec.initContainers[0]).toEqual({
      name: 'seed',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'cp -rn /seed/. /data/'],
      resources: {
        requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
        limits: { memory: '256Mi', 'ephemeral-storage': '1Gi' },
      },
      securityContext: spec.containers[0].securityContext,
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    });
    expect(spec.initContainers[1]).toMatchObject({ name: 'migrate', image: 'registry.example.com/migrate:2', args: ['--once'] });
    expect(spec.initContainers[1]).not.toHaveProperty('volumeMounts');
  });

  test("gets the web server's securityContext, read-only root filesystem and NET_BIND_SERVICE included", () => {
    const { spec } = podWith((web) => web.addInitContainer('seed', seed), { readOnlyRootFilesystem: true, capabilityNetBindService: true });
    expect(spec.initContainers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    expect(spec.initContainers[0].securityContext).toEqual(spec.containers[0].securityContext);
  });

  test('resources, env, and every volume kind the pod has', () => {
    const { spec } = podWith(
      (web) => {
        web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
        web.addVolume('conf', VolumeSource.configMap('web-conf'), '/conf');
        web.addInitContainer('seed', {
          image: 'busybox:1.36',
          cpuRequest: Cpu.millis(50),
          cpuLimit: Cpu.units(1),
          memoryRequest: Size.mebibytes(32),
          memoryLimit: Size.mebibytes(64),
          ephemeralStorageRequest: Size.mebibytes(16),
          ephemeralStorageLimit: Size.mebibytes(128),
          env: { SEED_URL: EnvValue.fromValue('https://example.com/site.tgz'), TOKEN: EnvValue.fromSecret('seed', 'token') },
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'logs', mountPath: '/logs', subPath: 'seed' },
            { name: 'tmp-0', mountPath: '/tmp' },
            { name: 'conf', mountPath: '/conf', readOnly: true },
          ],
        });
      },
      { readOnlyRootFilesystem: true },
    );
    expect(spec.initContainers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '32Mi', 'ephemeral-storage': '16Mi' },
      limits: { cpu: '1', memory: '64Mi', 'ephemeral-storage': '128Mi' },
    });
    expect(spec.initContainers[0].env).toEqual([
      { name: 'SEED_URL', value: 'https://example.com/site.tgz' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'seed', key: 'token' } } },
    ]);
    expect(spec.initContainers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'logs', mountPath: '/logs', subPath: 'seed' },
      { name: 'tmp-0', mountPath: '/tmp' },
      { name: 'conf', mountPath: '/conf', readOnly: true },
    ]);
  });

  test('adds no port, and changes no Service', () => {
    const { manifests } = podWith((web) => web.addInitContainer('seed', seed));
    expect(onlyOfKind(manifests, 'Service').spec.ports).toEqual([{ port: 8080, name: 'http' }]);
  });

  test('the options given are copied: changing them later changes nothing', () => {
    const command = ['true'];
    const { spec } = podWith((web) => {
      web.addInitContainer('seed', { image: 'busybox:1.36', command });
      command.push('--changed');
    });
    expect(spec.initContainers[0].command).toEqual(['true']);
  });
});

describe('addSidecar', () => {
  test("a plain container after the web server's (not a native sidecar: no restartPolicy, not an init container)", () => {
    const { spec } = podWith((web) => web.addSidecar('exporter', exporter));
    expect(spec.containers.map((c: any) => c.name)).toEqual(['nginx', 'exporter']);
    expect(spec).not.toHaveProperty('initContainers');
    expect(spec.containers[1]).toEqual({
      name: 'exporter',
      image: 'nginx/nginx-prometheus-exporter:1.3',
      args: ['--nginx.scrape-uri=http://localhost:8080/stub_status'],
      ports: [{ containerPort: 9113, name: 'metrics' }],
      resources: {
        requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
        limits: { memory: '256Mi', 'ephemeral-storage': '1Gi' },
      },
      securityContext: spec.containers[0].securityContext,
    });
  });

  test('its ports are ports of both Services, and the NetworkPolicy admits them', () => {
    const { manifests } = podWith(
      (web) => {
        web.addSidecar('exporter', {
          ...exporter,
          ports: [
            { name: 'metrics', containerPort: 9113 },
            { name: 'health', containerPort: 9114 },
          ],
        });
      },
      { clientService: true, networkPolicyAllowFrom: [AllowFrom.namespaces({ team: 'monitoring' })] },
    );
    const services = manifests.filter((m) => m.kind === 'Service');
    for (const service of services) {
      expect(service.spec.ports).toEqual([
        { port: 8080, name: 'http' },
        { port: 9113, name: 'metrics' },
        { port: 9114, name: 'health' },
      ]);
    }
    expect(onlyOfKind(manifests, 'NetworkPolicy').spec.ingress[0].ports).toEqual(
      [8080, 9113, 9114].map((port) => ({ port, protocol: 'TCP' })),
    );
  });

  test("a sidecar may mount the volumes of another one's writable paths (read-only root filesystem)", () => {
    const { spec } = podWith((web) => web.addSidecar('exporter', { ...exporter, volumeMounts: [{ name: 'tmp-0', mountPath: '/tmp' }] }), {
      readOnlyRootFilesystem: true,
    });
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'tmp-0', mountPath: '/tmp' }]);
    expect(spec.containers[1].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('init containers and sidecars together pass the restricted Pod Security Standard and every rule', () => {
    const { chart, web } = chartWith({ image });
    web.addInitContainer('seed', seed);
    web.addSidecar('exporter', exporter);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('the synth-time Pod Security checks see the added containers (a patched one fails)', () => {
    const { chart, web } = chartWith({ image });
    web.addInitContainer('seed', seed);
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation', true));
    expect(synthErrors(chart)).toEqual([
      `[test/web] ${podSecurityMessage(
        PodSecurityCheck.ALLOW_PRIVILEGE_ESCALATION,
        'container "seed" must set securityContext.allowPrivilegeEscalation=false',
      )}`,
    ]);
  });
});

describe('every bad input is refused, naming the call', () => {
  const cases: Array<[string, (web: StatefulWeb) => void, string, Partial<StatefulWebProps>?]> = [
    // names
    [
      'a container name with upper case',
      (web) => web.addSidecar('Exporter', exporter),
      `${W}invalid addSidecar name "Exporter": it must be ${DNS1123_LABEL_RULE.allowed}.`,
    ],
    [
      "the web server's container name",
      (web) => web.addSidecar('nginx', exporter),
      `${W}invalid addSidecar name "nginx": it must be unique among the pod's containers (nginx).`,
    ],
    [
      'an init container named like a sidecar',
      (web) => {
        web.addSidecar('exporter', exporter);
        web.addInitContainer('exporter', seed);
      },
      `${W}invalid addInitContainer name "exporter": it must be unique among the pod's containers (nginx, exporter).`,
    ],
    [
      'a sidecar named like an init container',
      (web) => {
        web.addInitContainer('seed', seed);
        web.addSidecar('seed', exporter);
      },
      `${W}invalid addSidecar name "seed": it must be unique among the pod's containers (nginx, seed).`,
    ],
    [
      'a name that is a number (JavaScript)',
      (web) => web.addInitContainer(1 as any, seed),
      `${W}invalid addInitContainer name 1: it must be a string.`,
    ],
    // options and image
    [
      'no options (JavaScript)',
      (web) => web.addInitContainer('seed', undefined as any),
      `${W}invalid addInitContainer("seed") options unset: it must be an object with the fields of ContainerOptions: StatefulWeb.addInitContainer requires it.`,
    ],
    [
      'no image',
      (web) => web.addInitContainer('seed', {} as any),
      `${W}invalid addInitContainer("seed") image unset: it must be a string: ContainerOptions requires it.`,
    ],
    [
      'an image with whitespace',
      (web) => web.addSidecar('exporter', { image: 'nginx exporter' }),
      `${W}invalid addSidecar("exporter") image "nginx exporter": it must be a non-empty container image reference without whitespace (e.g. "bitnami/nginx:1.25").`,
    ],
    [
      'a command that is a string (JavaScript)',
      (web) => web.addInitContainer('seed', { image: 'busybox', command: 'sh -c true' as any }),
      `${W}invalid addInitContainer("seed") command "sh -c true": it must be a list whose items are each a string.`,
    ],
    [
      'args with a number (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', args: ['--port', 9113 as any] }),
      `${W}invalid addSidecar("exporter") args[1] 9113: it must be a string.`,
    ],
    // resources: the same checks as the web server's, under the call's name
    [
      'a memory limit below the memory request',
      (web) => web.addSidecar('exporter', { image: 'exporter', memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(32) }),
      `${W}invalid addSidecar("exporter") memoryLimit Size 32Mi: it must be at least memoryRequest (64Mi).`,
    ],
    [
      'a memory request above the default limit',
      (web) => web.addInitContainer('seed', { image: 'busybox', memoryRequest: Size.mebibytes(512) }),
      `${W}invalid addInitContainer("seed") memoryRequest Size 512Mi: it must be at most memoryLimit (256Mi, its default; set memoryLimit to at least 512Mi to allow it).`,
    ],
    [
      'a CPU limit below the CPU request',
      (web) => web.addSidecar('exporter', { image: 'exporter', cpuRequest: Cpu.millis(200), cpuLimit: Cpu.millis(100) }),
      `${W}invalid addSidecar("exporter") cpuLimit "100m": it must be at least cpuRequest (200m).`,
    ],
    [
      'a CPU request that is a string (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', cpuRequest: '100m' as any }),
      `${W}invalid addSidecar("exporter") cpuRequest "100m": it must be a Cpu of cdk8s-plus-28 (e.g. Cpu.millis(250) or Cpu.units(1)).`,
    ],
    [
      'an ephemeral-storage request of zero',
      (web) => web.addInitContainer('seed', { image: 'busybox', ephemeralStorageRequest: Size.mebibytes(0) }),
      `${W}invalid addInitContainer("seed") ephemeralStorageRequest Size 0Mi: it must be a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most 9223372036854775807 bytes), e.g. Size.gibibytes(1).`,
    ],
    // env
    [
      'an env name with "="',
      (web) => web.addSidecar('exporter', { image: 'exporter', env: { 'A=B': EnvValue.fromValue('x') } }),
      `${W}invalid addSidecar("exporter") env name "A=B": it must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit, not '.' or '..' and not starting with '..' (e.g. 'LOG_LEVEL').`,
    ],
    [
      'an env value that is a string (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', env: { A: 'x' as any } }),
      `${W}invalid addSidecar("exporter") env["A"] "x": it must be an EnvValue (EnvValue.fromValue(), fromConfigMap() or fromSecret()).`,
    ],
    [
      'env that is a list (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', env: [] as any }),
      `${W}invalid addSidecar("exporter") env []: it must be an object whose values are each an EnvValue (EnvValue.fromValue(), fromConfigMap() or fromSecret()) (e.g. { "app": "web" }).`,
    ],
    // volume mounts
    [
      'a volume the pod does not have',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].name "cache": it must be the name of a volume of the pod (data): add the volume before the container that mounts it.`,
    ],
    [
      'a volume added after the container',
      (web) => {
        web.addSidecar('exporter', { image: 'exporter', volumeMounts: [{ name: 'cache', mountPath: '/cache' }] });
        web.addVolume('cache', VolumeSource.emptyDir(), '/cache');
      },
      `${W}invalid addSidecar("exporter") volumeMounts[0].name "cache": it must be the name of a volume of the pod (data): add the volume before the container that mounts it.`,
    ],
    [
      'the known volumes listed: claim templates, writable paths and added volumes',
      (web) => {
        web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
        web.addVolume('conf', VolumeSource.configMap('conf'), '/conf');
        web.addSidecar('exporter', { image: 'exporter', volumeMounts: [{ name: 'www', mountPath: '/www' }] });
      },
      `${W}invalid addSidecar("exporter") volumeMounts[0].name "www": it must be the name of a volume of the pod (data, logs, tmp-0, conf): add the volume before the container that mounts it.`,
      { readOnlyRootFilesystem: true },
    ],
    [
      'a raw block claim',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].name "data": it must be the name of a volume with a filesystem: "data" is a raw block device (VolumeMode.BLOCK), which only the web server's container gets.`,
      { volumeMode: VolumeMode.BLOCK, mountPath: '/dev/xvda' },
    ],
    [
      'a relative mount path',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'data', mountPath: 'data' }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].mountPath "data": it must be an absolute path inside the container (e.g. "/app").`,
    ],
    [
      'two volumes at one path',
      (web) =>
        web.addInitContainer('seed', {
          image: 'busybox',
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'tmp-0', mountPath: '/data' },
          ],
        }),
      `${W}invalid addInitContainer("seed") volumeMounts[1].mountPath "/data": it must be a path no other volume of the container is mounted at (/data).`,
      { readOnlyRootFilesystem: true },
    ],
    [
      'a subPath with ".."',
      (web) =>
        web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'a/../../etc' }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].subPath "a/../../etc": it must be ${SUB_PATH_RULE.allowed}.`,
    ],
    [
      'an absolute subPath',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data', subPath: '/etc' }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].subPath "/etc": it must be ${SUB_PATH_RULE.allowed}.`,
    ],
    [
      'readOnly as a string (JavaScript)',
      (web) =>
        web.addInitContainer('seed', { image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: 'yes' as any }] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0].readOnly "yes": it must be true or false.`,
    ],
    [
      'volumeMounts that are a map (JavaScript)',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: { data: '/data' } as any }),
      `${W}invalid addInitContainer("seed") volumeMounts {"data":"/data"}: it must be a list whose items are each an object with the fields of VolumeMount.`,
    ],
    [
      'a volume mount that is a string (JavaScript)',
      (web) => web.addInitContainer('seed', { image: 'busybox', volumeMounts: ['data:/data' as any] }),
      `${W}invalid addInitContainer("seed") volumeMounts[0] "data:/data": it must be an object with the fields of VolumeMount.`,
    ],
    // ports
    [
      'ports on an init container (JavaScript)',
      (web) => web.addInitContainer('seed', { image: 'busybox', ports: [{ name: 'x', containerPort: 1 }] } as any),
      `${W}invalid addInitContainer("seed") ports [{"name":"x","containerPort":1}]: it must be left out: an init container runs to completion before the server starts, so it serves nothing (a sidecar can: addSidecar).`,
    ],
    [
      'a sidecar port named like the web port',
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'http', containerPort: 9113 }] }),
      `${W}invalid addSidecar("exporter") ports[0].name "http": it must be a name unique among the pod's ports (http 8080).`,
    ],
    [
      "a sidecar port on the web port's number",
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'metrics', containerPort: 8080 }] }),
      `${W}invalid addSidecar("exporter") ports[0].containerPort 8080: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080).`,
    ],
    [
      'two ports of one sidecar with one number',
      (web) =>
        web.addSidecar('exporter', {
          image: 'exporter',
          ports: [
            { name: 'metrics', containerPort: 9113 },
            { name: 'health', containerPort: 9113 },
          ],
        }),
      `${W}invalid addSidecar("exporter") ports[1].containerPort 9113: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080, metrics 9113).`,
    ],
    [
      'a port of another sidecar',
      (web) => {
        web.addSidecar('a', exporter);
        web.addSidecar('b', { image: 'b', ports: [{ name: 'metrics', containerPort: 9200 }] });
      },
      `${W}invalid addSidecar("b") ports[0].name "metrics": it must be a name unique among the pod's ports (http 8080, metrics 9113).`,
    ],
    [
      'a port added with addPort',
      (web) => {
        web.addPort('admin', 9000);
        web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'metrics', containerPort: 9000 }] });
      },
      `${W}invalid addSidecar("exporter") ports[0].containerPort 9000: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080, admin 9000).`,
    ],
    [
      'a port name that is not an IANA service name',
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'prometheus-metrics', containerPort: 9113 }] }),
      `${W}invalid addSidecar("exporter") ports[0].name "prometheus-metrics": it must be ${IANA_SVC_NAME_RULE.allowed}.`,
    ],
    [
      'a port number of 70000',
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'metrics', containerPort: 70000 }] }),
      `${W}invalid addSidecar("exporter") ports[0].containerPort 70000: it must be an integer from 1 to 65535.`,
    ],
    [
      'ports that are a map (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: { metrics: 9113 } as any }),
      `${W}invalid addSidecar("exporter") ports {"metrics":9113}: it must be a list whose items are each an object with the fields of SidecarPort.`,
    ],
    [
      'a port that is a number (JavaScript)',
      (web) => web.addSidecar('exporter', { image: 'exporter', ports: [9113 as any] }),
      `${W}invalid addSidecar("exporter") ports[0] 9113: it must be an object with the fields of SidecarPort.`,
    ],
  ];
  // Every row with its props (Jest passes a `done` callback in place of a missing last argument).
  test.each(cases.map(([what, then, message, props]) => [what, then, message, props ?? {}] as const))('%s', (_, then, message, props) => {
    expect(errorOf(then, props)).toBe(message);
  });

  test('a refused container adds nothing: the pod is as before', () => {
    const { chart, web } = chartWith({ image });
    expect(() => web.addSidecar('exporter', { image: 'exporter', ports: [{ name: 'http', containerPort: 9113 }] })).toThrow();
    const spec = onlyOfKind(synth(chart), 'StatefulSet').spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['nginx']);
  });
});

describe('imagePullPolicy of the added containers', () => {
  test("defaults to the web server container's, for init containers and sidecars", () => {
    const { spec } = podWith(
      (web) => {
        web.addInitContainer('seed', seed);
        web.addSidecar('exporter', exporter);
      },
      { imagePullPolicy: ImagePullPolicy.ALWAYS },
    );
    expect([...spec.initContainers, ...spec.containers].map((c: any) => [c.name, c.imagePullPolicy])).toEqual([
      ['seed', 'Always'],
      ['nginx', 'Always'],
      ['exporter', 'Always'],
    ]);
  });

  test("is left out, for Kubernetes to default, when the web server's is", () => {
    const { spec } = podWith((web) => web.addSidecar('exporter', exporter));
    expect(spec.containers[1]).not.toHaveProperty('imagePullPolicy');
  });

  test("an added container's own policy wins", () => {
    const { spec } = podWith((web) => web.addInitContainer('seed', { ...seed, imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }), {
      imagePullPolicy: ImagePullPolicy.ALWAYS,
    });
    expect(spec.initContainers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  test('an unknown policy is refused, named by the call', () => {
    expect(errorOf((web) => web.addSidecar('exporter', { ...exporter, imagePullPolicy: 'Sometimes' as ImagePullPolicy }))).toBe(
      `${W}invalid addSidecar("exporter") imagePullPolicy "Sometimes": it must be one of Always, IfNotPresent, Never.`,
    );
  });
});

describe('probes of a sidecar', () => {
  test("readiness, liveness and startup probes on the sidecar's first port, as the server's are written", () => {
    const { spec } = podWith((web) =>
      web.addSidecar('exporter', {
        ...exporter,
        readinessProbe: WebProbe.httpGet('/metrics', { period: Duration.seconds(15) }),
        livenessProbe: WebProbe.tcpSocket({ period: Duration.seconds(30), failureThreshold: 5 }),
        startupProbe: WebProbe.tcpSocket({ failureThreshold: 30 }),
      }),
    );
    expect(spec.containers[1]).toMatchObject({
      readinessProbe: { httpGet: { path: '/metrics', port: 'metrics' }, periodSeconds: 15 },
      livenessProbe: { tcpSocket: { port: 'metrics' }, periodSeconds: 30, failureThreshold: 5 },
      startupProbe: { tcpSocket: { port: 'metrics' }, failureThreshold: 30 },
    });
  });

  test('on the port probePort names', () => {
    const { spec } = podWith((web) =>
      web.addSidecar('exporter', {
        ...exporter,
        ports: [
          { name: 'metrics', containerPort: 9113 },
          { name: 'health', containerPort: 9114 },
        ],
        probePort: 'health',
        livenessProbe: WebProbe.httpGet('/healthz'),
      }),
    );
    expect(spec.containers[1].livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 'health' } });
    expect(spec.containers[1]).not.toHaveProperty('readinessProbe');
  });

  test('WebProbe.none() writes no probe', () => {
    const { spec } = podWith((web) => web.addSidecar('exporter', { ...exporter, livenessProbe: WebProbe.none() }));
    expect(spec.containers[1]).not.toHaveProperty('livenessProbe');
  });

  test('a probePort the sidecar does not have is refused', () => {
    expect(errorOf((web) => web.addSidecar('exporter', { ...exporter, probePort: 'http', readinessProbe: WebProbe.tcpSocket() }))).toBe(
      `${W}invalid addSidecar("exporter") probePort "http": it must be the name of one of the sidecar's ports (metrics).`,
    );
  });

  test('a probe of a sidecar without ports is refused', () => {
    expect(errorOf((web) => web.addSidecar('logger', { image: 'busybox:1.36', readinessProbe: WebProbe.tcpSocket() }))).toBe(
      `${W}invalid addSidecar("logger") readinessProbe "WebProbe.tcpSocket": it must be left out for a sidecar without ports: a probe checks one of the sidecar's ports (give it ports).`,
    );
  });

  test('a probe that is no WebProbe is refused (JavaScript)', () => {
    expect(errorOf((web) => web.addSidecar('exporter', { ...exporter, livenessProbe: { tcpSocket: { port: 9113 } } as any }))).toContain(
      `${W}invalid addSidecar("exporter") livenessProbe`,
    );
  });
});
