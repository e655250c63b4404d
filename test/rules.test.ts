// Every synth-time rule, broken through an escape hatch (a JSON patch on a rendered object), and
// the exact message synthesis reports. Patches use the manifest's paths and values (`clusterIP`,
// a targetPort `web`, a storage request `0Gi`), as on any plain ApiObject.
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { KubeService } from '../imports/k8s';
import { AllowFrom, DisruptionBudget, PodSecurityCheck, StatefulWeb, StatefulWebProps } from '../lib';
import { podSecurityMessage } from '../lib/validation/pod-security';
import { checkRenderedStatefulWeb, STATEFUL_WEB_RULES as RULE } from '../lib/validation/rules';
import { ProductionExampleChart } from '../examples/production';
import { WebExampleChart } from '../main';
import { synthErrors } from './helpers';

/** The classic example (StatefulSet web, headless Service nginx, port 8080 named web, claim template www). */
function example() {
  const chart = new WebExampleChart(Testing.app(), 'web-example');
  return { chart, web: chart.web };
}

/** A chart `test` holding one StatefulWeb `web` with a client Service, a PodDisruptionBudget and a NetworkPolicy. */
function withEverything(props: Partial<StatefulWebProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const web = new StatefulWeb(chart, 'web', {
    image: 'bitnami/nginx',
    replicas: 2,
    clientService: true,
    serviceName: 'web-peers',
    disruptionBudget: DisruptionBudget.maxUnavailable(1),
    networkPolicyAllowFrom: [AllowFrom.anywhere()],
    ...props,
  });
  return { chart, web };
}

const at = (path: string, ...messages: string[]) => messages.map((m) => `[${path}] ${m}`);

describe('valid StatefulWebs pass every rule', () => {
  test.each<[string, () => Chart]>([
    ['the classic example', () => example().chart],
    ['the production example', () => new ProductionExampleChart(Testing.app(), 'production')],
    ['every optional object', () => withEverything().chart],
    [
      'more ports, an init container and a sidecar',
      () => {
        const { chart, web } = withEverything();
        web.addPort('admin', 9000);
        web.addInitContainer('seed', { image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] });
        web.addSidecar('exporter', { image: 'exporter:1', ports: [{ name: 'metrics', containerPort: 9113 }] });
        return chart;
      },
    ],
  ])('%s', (_, make) => {
    const chart = make();
    expect(synthErrors(chart)).toEqual([]);
    expect(checkRenderedStatefulWeb(chart.node.findAll().find((c): c is StatefulWeb => c instanceof StatefulWeb)!)).toEqual([]);
  });

  test('serviceName may name another headless Service of the chart', () => {
    const { chart, web } = example();
    new KubeService(chart, 'peers', { metadata: { name: 'peers' }, spec: { clusterIp: 'None', selector: { app: 'nginx' } } });
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/serviceName', 'peers'));
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a Service port may target the container port by name', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', 'web'));
    expect(synthErrors(chart)).toEqual([]);
    expect(web.service.toJson().spec.ports).toEqual([{ port: 8080, name: 'web', targetPort: 'web' }]);
  });

  test('a selector with matchExpressions the pod template satisfies', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(
      JsonPatch.add('/spec/selector/matchExpressions', [
        { key: 'app.kubernetes.io/managed-by', operator: 'In', values: ['cdk8s'] },
        { key: 'tier', operator: 'DoesNotExist' },
      ]),
    );
    expect(synthErrors(chart)).toEqual([]);
  });

  test('the rules render each object once', () => {
    const { web } = withEverything();
    const objects = [web.statefulSet, web.service, web.clientService!, web.podDisruptionBudget!, web.networkPolicy!];
    const spies = objects.map((o) => jest.spyOn(o, 'toJson'));
    expect(checkRenderedStatefulWeb(web)).toEqual([]);
    for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('synthesis runs every rule on every StatefulWeb', () => {
  test('as built, every object is read', () => {
    const { chart, web } = withEverything();
    const objects = { statefulSet: web.statefulSet, service: web.service, clientService: web.clientService };
    const spies = Object.entries(objects).map(([name, object]) => [name, jest.spyOn(object!, 'toJson')] as const);
    expect(synthErrors(chart)).toEqual([]);
    expect(spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([name]) => name)).toEqual(['statefulSet', 'service', 'clientService']);
  });

  test('in an app with resolvers of its own, a rule that a resolver breaks is reported', () => {
    const app = Testing.app({
      resolvers: [
        {
          resolve: (context) => {
            if (context.key.join('/') === 'spec/clusterIP' && context.value === 'None') context.replaceValue('10.0.0.10');
          },
        },
      ],
    });
    const chart = new WebExampleChart(app, 'web-example');
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.serviceNameHeadless} Found: serviceName "nginx" names a Service with clusterIP "10.0.0.10".`),
    );
  });

  test('a pod annotation that disables AppArmor is refused', () => {
    const chart = Testing.chart();
    new StatefulWeb(chart, 'web', {
      image: 'bitnami/nginx',
      podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/nginx': 'unconfined' },
    });
    expect(synthErrors(chart)).toEqual(
      at(
        'test/web',
        podSecurityMessage(
          PodSecurityCheck.APP_ARMOR_PROFILE,
          'annotation container.apparmor.security.beta.kubernetes.io/nginx="unconfined"',
        ),
      ),
    );
  });

  test('an exemption annotation written through metadataAnnotations is read', () => {
    const chart = Testing.chart();
    new StatefulWeb(chart, 'web', { image: 'bitnami/nginx', metadataAnnotations: { 'stateful-web.cdk8s.io/pss-exempt': 'runAsRoot' } });
    expect(synthErrors(chart)).toEqual([
      expect.stringContaining('[test/web] The annotation stateful-web.cdk8s.io/pss-exempt of the StatefulSet must list'),
    ]);
  });
});

describe('each rule, broken through an escape hatch', () => {
  test('the selector must not be empty', () => {
    const { chart, web } = example();
    ApiObject.of(web.statefulSet).addJsonPatch(JsonPatch.remove('/spec/selector/matchLabels'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.selectorMatchesTemplate} Found: an empty selector, which selects nothing.`),
    );
  });

  test('the selector must match the pod template labels (matchExpressions)', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.add('/spec/selector/matchExpressions', [{ key: 'tier', operator: 'Exists' }]));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.selectorMatchesTemplate} Found: selector {app: nginx} and tier Exists, pod template labels {app: nginx, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
      ),
    );
  });

  test('the selector must match the pod template labels (matchLabels), and so must the Service', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/metadata/labels/app', 'web'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.selectorMatchesTemplate} Found: selector {app: nginx}, pod template labels {app: web, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
        `${RULE.serviceSelectsPods} Found: the headless Service "nginx" selects {app: nginx}, the StatefulSet's matchLabels are {app: nginx} and its pod template labels {app: web, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
      ),
    );
  });

  test('a label value that is not a string is shown as the value it is, not as [object Object]', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/metadata/labels/app', { tier: 1 }));
    expect(synthErrors(chart)[0]).toBe(
      `[web-example/web] ${RULE.selectorMatchesTemplate} Found: selector {app: nginx}, pod template labels {app: {"tier":1}, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
    );
  });

  test("the headless Service must not select pods outside the StatefulSet's selector", () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.replace('/spec/selector', { 'app.kubernetes.io/managed-by': 'cdk8s' }));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.serviceSelectsPods} Found: the headless Service "nginx" selects {app.kubernetes.io/managed-by: cdk8s}, the StatefulSet's matchLabels are {app: nginx} and its pod template labels {app: nginx, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
      ),
    );
  });

  test('the headless Service must select only labels of the pod template', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.add('/spec/selector/tier', 'web'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.serviceSelectsPods} Found: the headless Service "nginx" selects {app: nginx, tier: web}, the StatefulSet's matchLabels are {app: nginx} and its pod template labels {app: nginx, app.kubernetes.io/instance: web, app.kubernetes.io/managed-by: cdk8s, app.kubernetes.io/name: nginx}.`,
      ),
    );
  });

  test('serviceName must name a Service of the chart', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/serviceName', 'nginx-peers'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.serviceNameHeadless} Found: serviceName "nginx-peers", but the chart has no Service of that name.`),
    );
  });

  test('serviceName must name a Service of the same chart, not of another one', () => {
    const { chart, web } = example();
    const other = new Chart(chart.node.scope!, 'other');
    new KubeService(other, 'peers', { metadata: { name: 'peers' }, spec: { clusterIp: 'None', selector: { app: 'nginx' } } });
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/serviceName', 'peers'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.serviceNameHeadless} Found: serviceName "peers", but the chart has no Service of that name.`),
    );
  });

  test('serviceName must name a headless Service', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.remove('/spec/clusterIP'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.serviceNameHeadless} Found: serviceName "nginx" names a Service with clusterIP unset.`),
    );
  });

  test('serviceName must name a Service of the same namespace', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.add('/metadata/namespace', 'peers'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.serviceNameHeadless} Found: serviceName "nginx" names a Service in namespace "peers", the StatefulSet is in unset.`,
      ),
    );
  });

  test('the client Service must select the same pods as the headless Service', () => {
    const { chart, web } = withEverything();
    web.clientService!.addJsonPatch(JsonPatch.add('/spec/selector/app.kubernetes.io~1name', 'nginx'));
    expect(synthErrors(chart)).toEqual(
      at(
        'test/web',
        `${RULE.clientServiceSameAsHeadless} Found: the client Service "web" selects {app: web, app.kubernetes.io/name: nginx}, the headless Service {app: web}.`,
      ),
    );
  });

  test('the client Service must expose the same ports as the headless Service', () => {
    const { chart, web } = withEverything();
    web.clientService!.addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', 'http'), JsonPatch.replace('/spec/ports/0/port', 80));
    expect(synthErrors(chart)).toEqual(
      at(
        'test/web',
        `${RULE.clientServiceSameAsHeadless} Found: the client Service "web" exposes 80/http, the headless Service 8080/http.`,
      ),
    );
  });

  test("the PodDisruptionBudget must select the StatefulSet's pods", () => {
    const { chart, web } = withEverything();
    web.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { app: 'nginx' }));
    expect(synthErrors(chart)).toEqual(
      at('test/web', `${RULE.podSelectorsMatch} Found: the PodDisruptionBudget selects {app: nginx}, the StatefulSet {app: web}.`),
    );
  });

  test("the NetworkPolicy must select the StatefulSet's pods", () => {
    const { chart, web } = withEverything();
    web.networkPolicy!.addJsonPatch(JsonPatch.replace('/spec/podSelector', {}));
    expect(synthErrors(chart)).toEqual(
      at('test/web', `${RULE.podSelectorsMatch} Found: the NetworkPolicy selects {}, the StatefulSet {app: web}.`),
    );
  });

  test('every volumeMount must name a volume or a claim template', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'cache', mountPath: '/cache' }));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.volumeMountsResolve} Found: container "nginx" volumeMounts "cache" at "/cache", but there is no volume or claim template of that name.`,
      ),
    );
  });

  test('every volumeDevice must name a volume or a claim template', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/volumeDevices', [{ name: 'raw', devicePath: '/dev/xvdb' }]),
    );
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.volumeMountsResolve} Found: container "nginx" volumeDevices "raw" at "/dev/xvdb", but there is no volume or claim template of that name.`,
      ),
    );
  });

  test('every volumeMount of an init container must name a volume or a claim template', () => {
    const { chart, web } = example();
    web.addInitContainer('seed', { image: 'busybox:1.36', volumeMounts: [{ name: 'www', mountPath: '/www' }] });
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/initContainers/0/volumeMounts/0/name', 'content'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.volumeMountsResolve} Found: container "seed" volumeMounts "content" at "/www", but there is no volume or claim template of that name.`,
      ),
    );
  });

  test('container names must be unique among containers and init containers', () => {
    const { chart, web } = example();
    web.addInitContainer('seed', { image: 'busybox:1.36' });
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/initContainers/0/name', 'nginx'));
    expect(synthErrors(chart)).toEqual(at('web-example/web', `${RULE.containerNamesUnique} Found: two containers named "nginx".`));
  });

  // The API server decodes a null entry of a list of containers into a container with every field
  // unset, and names what is missing; the rules read it so too (they threw a TypeError on it).
  test.each([
    ['containers', JsonPatch.add('/spec/template/spec/containers/-', null)],
    ['initContainers', JsonPatch.add('/spec/template/spec/initContainers', [null])],
  ])('a null entry of %s is a container with no name, not a crash of the rules', (_list, patch) => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(patch);
    const errors = synthErrors(chart);
    expect(errors[0]).toBe(
      at('web-example/web', `${RULE.namesWithinLimits} Found: a container name unset is not a DNS-1123 label: `)[0] +
        "at most 63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-1').",
    );
    // An empty container sets no securityContext either: the restricted Pod Security checks name it.
    expect(errors.slice(1)).toEqual([
      expect.stringMatching(
        /check allowPrivilegeEscalation: .* Found: container unset must set securityContext\.allowPrivilegeEscalation=false\./,
      ),
      expect.stringMatching(
        /check capabilities_restricted: .* Found: container unset must set securityContext\.capabilities\.drop=\["ALL"\]\./,
      ),
    ]);
  });

  test('the ports of a Service must have unique names', () => {
    const { chart, web } = example();
    web.addPort('admin', 9000);
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/1/name', 'web'));
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/ports/1/name', 'web'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.servicePortsUnique} Found: the headless Service "nginx" has two ports named "web".`),
    );
  });

  test('the ports of a Service must have unique numbers', () => {
    const { chart, web } = withEverything();
    web.addPort('admin', 9000);
    web.clientService!.addJsonPatch(JsonPatch.replace('/spec/ports/1/port', 8080), JsonPatch.add('/spec/ports/1/targetPort', 9000));
    expect(synthErrors(chart)).toEqual(
      at(
        'test/web',
        `${RULE.servicePortsUnique} Found: the client Service "web" has two ports numbered 8080.`,
        `${RULE.clientServiceSameAsHeadless} Found: the client Service "web" exposes 8080/http, 8080/admin, the headless Service 8080/http, 9000/admin.`,
      ),
    );
  });

  test('volume names must be unique among volumes and claim templates', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes', [{ name: 'www', emptyDir: {} }]));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.volumeNamesUnique} Found: two volumes or claim templates named "www".`),
    );
  });

  test('mount paths must be unique within a container', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(
      JsonPatch.add('/spec/template/spec/volumes', [{ name: 'cache', emptyDir: {} }]),
      JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'cache', mountPath: '/app' }),
    );
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.volumeNamesUnique} Found: container "nginx" mounts two volumes at "/app".`),
    );
  });

  test.each<[string, JsonPatch, string]>([
    ['removed', JsonPatch.remove('/spec/volumeClaimTemplates/0/spec/resources'), 'unset'],
    ['zero', JsonPatch.replace('/spec/volumeClaimTemplates/0/spec/resources/requests/storage', '0Gi'), '"0Gi"'],
    ['not a quantity', JsonPatch.replace('/spec/volumeClaimTemplates/0/spec/resources/requests/storage', 'lots'), '"lots"'],
  ])('every claim template must request storage: %s', (_, patch, shown) => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(patch);
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.claimTemplateStorage} Found: claim template "www" requests storage ${shown}.`),
    );
  });

  test('a Service port must target a port a container has', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', 9090));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.portsAgree} Found: the headless Service "nginx" port "web" targets 9090, which no container port has.`),
    );
  });

  test('a Service port must have the name of the container port it targets', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/name', 'http'));
    expect(synthErrors(chart)).toEqual(
      at('web-example/web', `${RULE.portsAgree} Found: the headless Service "nginx" port "http" targets container port 8080, named "web".`),
    );
  });

  test.each<[string, (web: StatefulWeb) => void, string]>([
    [
      'the StatefulSet name longer than 52 characters',
      (web) => web.statefulSet.addJsonPatch(JsonPatch.replace('/metadata/name', 'w'.repeat(53))),
      `the StatefulSet's name "${'w'.repeat(53)}" is not a DNS-1123 label: at most 52 characters of lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-1')`,
    ],
    [
      'a container name in upper case',
      (web) => web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/name', 'Nginx')),
      "a container name \"Nginx\" is not a DNS-1123 label: at most 63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-1')",
    ],
    [
      'a pod template label value longer than 63 characters',
      (web) => web.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/tier', 't'.repeat(64))),
      `the pod template label "tier"'s value "${'t'.repeat(64)}" is not a label value: empty, or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'nginx')`,
    ],
  ])('names within limits: %s', (_, breakIt, found) => {
    const { chart, web } = example();
    breakIt(web);
    expect(synthErrors(chart)).toEqual(at('web-example/web', `${RULE.namesWithinLimits} Found: ${found}.`));
  });

  test('names within limits: a container port name longer than 15 characters, on the Service too', () => {
    const { chart, web } = example();
    web.statefulSet.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/ports/0/name', 'web-server-https'));
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/name', 'web-server-https'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.namesWithinLimits} Found: container "nginx"'s port name "web-server-https" is not an IANA service name: at most 15 characters of lowercase letters, digits and '-', with at least one letter, not starting or ending with '-' and without '--' (e.g. 'http').`,
      ),
    );
  });

  test('names within limits: a Service name that is not a DNS-1035 label (and so not the serviceName)', () => {
    const { chart, web } = example();
    web.service.addJsonPatch(JsonPatch.replace('/metadata/name', '1nginx'));
    expect(synthErrors(chart)).toEqual(
      at(
        'web-example/web',
        `${RULE.serviceNameHeadless} Found: serviceName "nginx", but the chart has no Service of that name.`,
        `${RULE.namesWithinLimits} Found: the headless Service's name "1nginx" is not a DNS-1035 label: at most 63 characters of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'nginx').`,
      ),
    );
  });
});
