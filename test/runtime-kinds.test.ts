// Untyped callers (JavaScript, and the jsii languages, whose values reach the library through a
// JavaScript kernel): every prop, option and argument of a wrong type gets the house error that
// names it, never a TypeError from inside the library; a key that no struct has is named with the
// nearest known one. The cases are made from the table (lib/validation/prop-kinds.ts), which
// test/prop-kinds.test.ts keeps equal to the declarations: a new prop gets its cases here.
import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AllowFrom,
  DisruptionBudget,
  EnvValue,
  LifecycleHandler,
  ManifestApp,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  UpdateStrategy,
  VolumeSource,
  WebProbe,
} from '../lib';
import { RuntimeKind } from '../lib/validation/kinds';
import { METHOD_ARGS, Method, STRUCT_FIELDS } from '../lib/validation/prop-kinds';
import { wrongValues } from './arbitraries';
import { chartWith, onlyOfKind, synth } from './helpers';

const image = 'bitnami/nginx';

/** `invalid <name>` followed by a space, `[`, or `.`: the prop, or a value inside it. */
const names = (prefix: string, name: string) =>
  new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}invalid ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ [.]`);

/** The message `make` throws; fails on a TypeError or no error. */
function messageOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).not.toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('every prop of StatefulWebProps, of a wrong type, gets its house error', () => {
  const cases = Object.entries(STRUCT_FIELDS.StatefulWebProps).flatMap(([prop, { kind }]) =>
    wrongValues(kind).map((value) => [prop, value, kind] as const),
  );

  test('there are cases for every prop', () => {
    expect(new Set(cases.map(([prop]) => prop)).size).toBe(Object.keys(STRUCT_FIELDS.StatefulWebProps).length);
  });

  test.each(cases)('%s: %p', (prop, value, kind) => {
    const props = { image, [prop]: value } as unknown as StatefulWebProps;
    const message = messageOf(() => new StatefulWeb(Testing.chart(), 'web', props));
    expect(message).toMatch(names('StatefulWeb "test/web": ', prop));
    // A value that is not a list or map says what the prop must be, by its kind.
    if (!/[[{]/.test(kind.type)) expect(message).toContain(`it must be ${kind.allowed}`);
  });
});

describe('a struct inside the props, of the wrong shape', () => {
  // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
  const SPARSE_SPREADS = [{ topologyKey: 'zone' }, , { topologyKey: 'rack' }];
  test.each<[string, unknown, string]>([
    [
      'a topology spread without topologyKey',
      [{ maxSkew: 2 }],
      'StatefulWeb "test/web": invalid topologySpread[0].topologyKey unset: it must be a string: TopologySpread requires it.',
    ],
    [
      'a topology spread whose maxSkew is a string',
      [{ topologyKey: 'zone', maxSkew: '2' }],
      'StatefulWeb "test/web": invalid topologySpread[0].maxSkew "2": it must be a number.',
    ],
    [
      'a topology spread with a misspelt field',
      [{ topologyKey: 'zone', maxskew: 2 }],
      'StatefulWeb "test/web": invalid topologySpread[0].maxskew 2: TopologySpread has no such field (did you mean maxSkew?).',
    ],
    [
      'a sparse list of topology spreads',
      SPARSE_SPREADS,
      'StatefulWeb "test/web": invalid topologySpread[1] unset: it must be an object with the fields of TopologySpread.',
    ],
  ])('%s', (_, topologySpread, message) => {
    const props = { image, topologySpread } as unknown as StatefulWebProps;
    expect(messageOf(() => new StatefulWeb(Testing.chart(), 'web', props))).toBe(message);
  });
});

describe('an unknown prop key is named with the nearest known name', () => {
  test.each([
    ['replica', 3, 'replicas'],
    ['Replicas', 3, 'replicas'],
    ['podAnnotation', {}, 'podAnnotations'],
    ['serviceAccount', 'web', 'serviceAccountName'],
    ['imagePullSecret', ['a'], 'imagePullSecrets'],
  ])('%s', (key, value, nearest) => {
    const props = { image, [key]: value } as unknown as StatefulWebProps;
    expect(messageOf(() => new StatefulWeb(Testing.chart(), 'web', props))).toBe(
      `StatefulWeb "test/web": invalid ${key} ${JSON.stringify(value)}: StatefulWebProps has no such prop (did you mean ${nearest}?).`,
    );
  });

  test('in options too', () => {
    expect(messageOf(() => WebProbe.tcpSocket({ perod: Duration.seconds(5) } as any))).toBe(
      'WebProbe.tcpSocket: invalid perod Duration 5 seconds: WebProbeOptions has no such field (did you mean period?).',
    );
    const { web } = chartWith({ image });
    expect(messageOf(() => web.addVolumeClaimTemplate('logs', { mountpath: '/logs' } as any))).toBe(
      'StatefulWeb "test/web": invalid addVolumeClaimTemplate mountpath "/logs": VolumeClaimTemplateOptions has no such field (did you mean mountPath?).',
    );
  });
});

describe("the constructor's own arguments", () => {
  test.each<[string, () => unknown, string]>([
    [
      'no props',
      () => new StatefulWeb(Testing.chart(), 'web', undefined as any),
      'StatefulWeb "test/web": invalid props unset: it must be an object with the fields of StatefulWebProps: StatefulWeb requires it.',
    ],
    [
      'props that are a string',
      () => new StatefulWeb(Testing.chart(), 'web', 'nginx' as any),
      'StatefulWeb "test/web": invalid props "nginx": it must be an object with the fields of StatefulWebProps.',
    ],
    [
      'props without image',
      () => new StatefulWeb(Testing.chart(), 'web', {} as any),
      'StatefulWeb "test/web": invalid image unset: it must be a string: StatefulWebProps requires it.',
    ],
    [
      'an id that is a number',
      () => new StatefulWeb(Testing.chart(), 5 as any, { image }),
      'StatefulWeb "5": invalid id 5: it must be a string.',
    ],
    [
      'a scope that is no construct',
      () => new StatefulWeb({} as any, 'web', { image }),
      'StatefulWeb "web": invalid scope {}: it must be a construct (a Chart, or a construct in one).',
    ],
  ])('%s', (_, make, message) => {
    expect(messageOf(make)).toBe(message);
  });
});

/** Valid arguments of every method with arguments, and how to call it. */
const CALLS: { [method in Method]?: { args: unknown[]; call: (args: unknown[]) => unknown; prefix: string } } = (() => {
  const web = () => chartWith({ image }).web;
  const on =
    (
      method:
        'addVolumeClaimTemplate' | 'addVolume' | 'addEnv' | 'podDnsName' | 'claimName' | 'addPort' | 'addInitContainer' | 'addSidecar',
    ) =>
    (args: unknown[]) =>
      (web()[method] as (...a: unknown[]) => unknown)(...args);
  const W = 'StatefulWeb "test/web": ';
  return {
    'StatefulWeb.addVolumeClaimTemplate': { args: ['logs', { mountPath: '/logs' }], call: on('addVolumeClaimTemplate'), prefix: `${W}` },
    'StatefulWeb.addVolume': { args: ['cache', VolumeSource.emptyDir(), '/cache', { readOnly: true }], call: on('addVolume'), prefix: W },
    'StatefulWeb.addEnv': { args: ['A', EnvValue.fromValue('1')], call: on('addEnv'), prefix: W },
    'StatefulWeb.addPort': { args: ['admin', 9090], call: on('addPort'), prefix: W },
    'StatefulWeb.addInitContainer': {
      args: ['seed', { image: 'busybox:1.36', command: ['true'] }],
      call: on('addInitContainer'),
      prefix: W,
    },
    'StatefulWeb.addSidecar': {
      args: ['metrics', { image: 'exporter:1', ports: [{ name: 'metrics', containerPort: 9113 }] }],
      call: on('addSidecar'),
      prefix: W,
    },
    'StatefulWeb.podDnsName': { args: [0, 'shop'], call: on('podDnsName'), prefix: W },
    'StatefulWeb.claimName': { args: [0], call: on('claimName'), prefix: W },
    'DisruptionBudget.maxUnavailable': {
      args: [1],
      call: (a) => DisruptionBudget.maxUnavailable(...(a as [number])),
      prefix: 'DisruptionBudget.maxUnavailable: ',
    },
    'DisruptionBudget.minAvailable': {
      args: [1],
      call: (a) => DisruptionBudget.minAvailable(...(a as [number])),
      prefix: 'DisruptionBudget.minAvailable: ',
    },
    'AllowFrom.pods': { args: [{ role: 'web' }], call: (a) => AllowFrom.pods(...(a as [any])), prefix: 'AllowFrom.pods: ' },
    'AllowFrom.namespaces': {
      args: [{ team: 'shop' }],
      call: (a) => AllowFrom.namespaces(...(a as [any])),
      prefix: 'AllowFrom.namespaces: ',
    },
    'AllowFrom.podsInNamespaces': {
      args: [{ role: 'web' }, { team: 'shop' }],
      call: (a) => AllowFrom.podsInNamespaces(...(a as [any, any])),
      prefix: 'AllowFrom.podsInNamespaces: ',
    },
    'UpdateStrategy.rollingUpdate': {
      args: [{ partition: 1 }],
      call: (a) => UpdateStrategy.rollingUpdate(...(a as [any])),
      prefix: 'UpdateStrategy.rollingUpdate: ',
    },
    'EnvValue.fromValue': { args: ['x'], call: (a) => EnvValue.fromValue(...(a as [string])), prefix: 'EnvValue.fromValue: ' },
    'EnvValue.fromConfigMap': {
      args: ['conf', 'key', { optional: true }],
      call: (a) => EnvValue.fromConfigMap(...(a as [string, string, any])),
      prefix: 'EnvValue.fromConfigMap: ',
    },
    'EnvValue.fromSecret': {
      args: ['creds', 'key', { optional: true }],
      call: (a) => EnvValue.fromSecret(...(a as [string, string, any])),
      prefix: 'EnvValue.fromSecret: ',
    },
    'WebProbe.httpGet': {
      args: ['/healthz', { period: Duration.seconds(5) }],
      call: (a) => WebProbe.httpGet(...(a as [string, any])),
      prefix: 'WebProbe.httpGet: ',
    },
    'WebProbe.tcpSocket': {
      args: [{ timeout: Duration.seconds(2) }],
      call: (a) => WebProbe.tcpSocket(...(a as [any])),
      prefix: 'WebProbe.tcpSocket: ',
    },
    'PodUser.fixed': {
      args: [1001, 1001, 1001],
      call: (a) => PodUser.fixed(...(a as [number, number, number])),
      prefix: 'PodUser.fixed: ',
    },
    'VolumeSource.emptyDir': {
      args: [{ sizeLimit: Size.gibibytes(1), memory: true }],
      call: (a) => VolumeSource.emptyDir(...(a as [any])),
      prefix: 'VolumeSource.emptyDir: ',
    },
    'VolumeSource.configMap': {
      args: ['conf', { items: [{ key: 'a', path: 'a.conf' }], defaultMode: 0o644, optional: true }],
      call: (a) => VolumeSource.configMap(...(a as [string, any])),
      prefix: 'VolumeSource.configMap: ',
    },
    'VolumeSource.secret': {
      args: ['creds', { defaultMode: 0o400 }],
      call: (a) => VolumeSource.secret(...(a as [string, any])),
      prefix: 'VolumeSource.secret: ',
    },
    'LifecycleHandler.exec': {
      args: [['/bin/stop']],
      call: (a) => LifecycleHandler.exec(...(a as [string[]])),
      prefix: 'LifecycleHandler.exec: ',
    },
    'LifecycleHandler.sleep': {
      args: [Duration.seconds(5)],
      call: (a) => LifecycleHandler.sleep(...(a as [Duration])),
      prefix: 'LifecycleHandler.sleep: ',
    },
    'ManifestApp.constructor': {
      args: [{ outdir: '/nonexistent' }],
      call: (a) => new ManifestApp(...(a as [any])),
      prefix: 'ManifestApp: ',
    },
  };
})();

describe('every argument of every method, of a wrong type, gets its house error', () => {
  const withArgs = (Object.keys(METHOD_ARGS) as Method[]).filter(
    (m) => Object.keys(METHOD_ARGS[m]).length > 0 && m !== 'StatefulWeb.constructor',
  );

  test('every method with arguments has a call here', () => {
    expect(withArgs.filter((m) => CALLS[m] === undefined)).toEqual([]);
  });

  test.each(withArgs.filter((m) => CALLS[m] !== undefined))('%s: its valid arguments are accepted', (method) => {
    const { args, call } = CALLS[method]!;
    expect(() => call(args)).not.toThrow();
  });

  const cases = withArgs.flatMap((method) =>
    Object.entries(METHOD_ARGS[method]).flatMap(([arg, { kind }], i) => wrongValues(kind).map((value) => [method, arg, i, value] as const)),
  );
  test.each(cases)('%s %s (argument %i): %p', (method, arg, i, value) => {
    const { args, call, prefix } = CALLS[method]!;
    const wrong = [...args];
    wrong[i] = value;
    // A struct argument (options) names its fields by their own names (`period`), a method of
    // StatefulWeb its arguments after the method (`addVolume mountPath`).
    const [, name] = method.split('.');
    const message = messageOf(() => call(wrong));
    expect(message.startsWith(`${prefix}invalid `)).toBe(true);
    const { kind } = (METHOD_ARGS[method] as { [arg: string]: { kind: RuntimeKind } })[arg];
    const structArg = kind.type in STRUCT_FIELDS;
    if (!structArg || !(typeof value === 'object' && value !== null && !Array.isArray(value))) {
      // The options of an added container are named after the container: `addSidecar("metrics") options`.
      const named =
        method.startsWith('StatefulWeb.') && !['podDnsName', 'claimName'].includes(name)
          ? ['addInitContainer', 'addSidecar'].includes(name) && arg === 'options'
            ? `${name}("${String(wrong[0])}") ${arg}`
            : `${name} ${arg}`
          : arg;
      expect(message).toMatch(names(prefix, named));
    }
    // A value that is not a list or map says what the argument must be, by its kind.
    if (!/[[{]/.test(kind.type) && !structArg) expect(message).toContain(`it must be ${kind.allowed}`);
  });
});

describe('the values as checked are the values written, whatever the caller changes later', () => {
  test('options, labels and lists are copied when they are checked', () => {
    const probeOptions = { period: Duration.seconds(5) };
    const labels: { [key: string]: string } = { role: 'frontend' };
    const command = ['nginx', '-g', 'daemon off;'];
    // Value classes, changed after they were made, before they are used.
    const rollingOptions = { partition: 1 };
    const readinessProbe = WebProbe.tcpSocket(probeOptions);
    const allowFrom = AllowFrom.pods(labels);
    const updateStrategy = UpdateStrategy.rollingUpdate(rollingOptions);
    (probeOptions as any).period = Duration.millis(1);
    labels.role = 'not a label value!';
    rollingOptions.partition = -1;
    const { chart } = chartWith({ image, command, readinessProbe, networkPolicyAllowFrom: [allowFrom], updateStrategy });
    // A prop, changed after the construct was made.
    command.push(42 as any);
    const manifests = synth(chart);
    const container = onlyOfKind(manifests, 'StatefulSet').spec.template.spec.containers[0];
    expect(container.readinessProbe.periodSeconds).toBe(5);
    expect(onlyOfKind(manifests, 'StatefulSet').spec.updateStrategy.rollingUpdate).toEqual({ partition: 1 });
    expect(container.command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(onlyOfKind(manifests, 'NetworkPolicy').spec.ingress[0].from[1].podSelector.matchLabels).toEqual({ role: 'frontend' });
  });
});

test('a Cpu is read by its shape: cdk8s-plus-28 is not loaded to check it', () => {
  expect(() => chartWith({ image, cpuRequest: Cpu.millis(250) })).not.toThrow();
  expect(messageOf(() => chartWith({ image, cpuRequest: { amount: 250 } as any }))).toBe(
    'StatefulWeb "test/web": invalid cpuRequest {"amount":250}: it must be a Cpu of cdk8s-plus-28 (e.g. Cpu.millis(250) or Cpu.units(1)).',
  );
});
