// addPort: more ports on the web server's container, each also a port of the headless and client
// Services and admitted by the NetworkPolicy; names and numbers unique in the pod.
import * as fc from 'fast-check';
import { AllowFrom, StatefulWebProps } from '../lib';
import { IANA_SVC_NAME_RULE } from '../lib/validation/names';
import { chartWith, onlyOfKind, synth } from './helpers';

const W = 'StatefulWeb "test/web": ';
const everyObject: StatefulWebProps = {
  image: 'bitnami/nginx',
  clientService: true,
  networkPolicyAllowFrom: [AllowFrom.pods({ role: 'frontend' })],
};

function objectsWith(ports: Array<[string, number]>, props: StatefulWebProps = everyObject) {
  const { chart, web } = chartWith(props);
  for (const [name, port] of ports) web.addPort(name, port);
  const manifests = synth(chart);
  const services = manifests.filter((m) => m.kind === 'Service');
  return {
    container: onlyOfKind(manifests, 'StatefulSet').spec.template.spec.containers[0],
    headless: services.find((s) => s.spec.clusterIP === 'None')!,
    client: services.find((s) => s.spec.clusterIP !== 'None'),
    policy: manifests.find((m) => m.kind === 'NetworkPolicy'),
  };
}

function errorOf(then: (web: ReturnType<typeof chartWith>['web']) => void, props: StatefulWebProps = everyObject): string {
  try {
    then(chartWith(props).web);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('what addPort writes', () => {
  test('without it, one port: the web port', () => {
    const o = objectsWith([]);
    expect(o.container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(o.headless.spec.ports).toEqual([{ port: 8080, name: 'http' }]);
    expect(o.client!.spec.ports).toEqual([{ port: 8080, name: 'http' }]);
    expect(o.policy!.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('each port on the container, both Services and the NetworkPolicy, in the order added', () => {
    const o = objectsWith([
      ['https', 8443],
      ['metrics', 9113],
    ]);
    expect(o.container.ports).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 8443, name: 'https' },
      { containerPort: 9113, name: 'metrics' },
    ]);
    expect(o.headless.spec.ports).toEqual([
      { port: 8080, name: 'http' },
      { port: 8443, name: 'https' },
      { port: 9113, name: 'metrics' },
    ]);
    expect(o.client!.spec.ports).toEqual(o.headless.spec.ports);
    expect(o.policy!.spec.ingress[0].ports).toEqual([8080, 8443, 9113].map((port) => ({ port, protocol: 'TCP' })));
  });

  test("with AllowFrom.anywhere(), the NetworkPolicy still restricts to the pod's ports", () => {
    const o = objectsWith([['https', 8443]], { ...everyObject, networkPolicyAllowFrom: [AllowFrom.anywhere()] });
    expect(o.policy!.spec.ingress).toEqual([
      {
        ports: [
          { port: 8080, protocol: 'TCP' },
          { port: 8443, protocol: 'TCP' },
        ],
      },
    ]);
  });

  test('without client Service or NetworkPolicy, the headless Service and the container only', () => {
    const o = objectsWith([['https', 8443]], { image: 'bitnami/nginx' });
    expect(o.client).toBeUndefined();
    expect(o.policy).toBeUndefined();
    expect(o.headless.spec.ports).toEqual([
      { port: 8080, name: 'http' },
      { port: 8443, name: 'https' },
    ]);
  });

  test('the probes stay on the web port', () => {
    const o = objectsWith([['admin', 9000]]);
    expect(o.container.readinessProbe.tcpSocket.port).toBe('http');
  });

  test('property: any list of distinct valid ports is written everywhere, and the objects pass every rule', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,13}[a-z]$/);
    const ports = fc
      .uniqueArray(fc.tuple(name, fc.integer({ min: 1, max: 65535 })), {
        maxLength: 6,
        selector: ([n]) => n,
      })
      .filter((list) => new Set(list.map(([, p]) => p)).size === list.length && list.every(([n, p]) => n !== 'http' && p !== 8080));
    fc.assert(
      fc.property(ports, (list) => {
        const o = objectsWith(list);
        const all = [['http', 8080] as [string, number], ...list];
        expect(o.container.ports).toEqual(all.map(([n, p]) => ({ containerPort: p, name: n })));
        expect(o.headless.spec.ports).toEqual(all.map(([n, p]) => ({ port: p, name: n })));
        expect(o.client!.spec.ports).toEqual(o.headless.spec.ports);
        expect(o.policy!.spec.ingress[0].ports).toEqual(all.map(([, p]) => ({ port: p, protocol: 'TCP' })));
      }),
      { numRuns: 50 },
    );
  });
});

describe('every bad input is refused, naming the call', () => {
  const cases: Array<[string, (web: any) => void, string]> = [
    [
      'a name that is not an IANA service name',
      (web) => web.addPort('metrics_port', 9113),
      `${W}invalid addPort name "metrics_port": it must be ${IANA_SVC_NAME_RULE.allowed}.`,
    ],
    [
      'a name longer than 15 characters',
      (web) => web.addPort('prometheus-metrics', 9113),
      `${W}invalid addPort name "prometheus-metrics": it must be ${IANA_SVC_NAME_RULE.allowed}.`,
    ],
    [
      "the web port's name",
      (web) => web.addPort('http', 8081),
      `${W}invalid addPort name "http": it must be a name unique among the pod's ports (http 8080).`,
    ],
    [
      'a name added before',
      (web) => {
        web.addPort('admin', 9000);
        web.addPort('admin', 9001);
      },
      `${W}invalid addPort name "admin": it must be a name unique among the pod's ports (http 8080, admin 9000).`,
    ],
    [
      "the web port's number",
      (web) => web.addPort('https', 8080),
      `${W}invalid addPort("https") port 8080: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080).`,
    ],
    [
      "a sidecar's port number",
      (web) => {
        web.addSidecar('exporter', { image: 'exporter:1', ports: [{ name: 'metrics', containerPort: 9113 }] });
        web.addPort('stats', 9113);
      },
      `${W}invalid addPort("stats") port 9113: it must be a port number no other container of the pod listens on: the containers share the pod's network (http 8080, metrics 9113).`,
    ],
    ['port 0', (web) => web.addPort('admin', 0), `${W}invalid addPort("admin") port 0: it must be an integer from 1 to 65535.`],
    ['port 65536', (web) => web.addPort('admin', 65536), `${W}invalid addPort("admin") port 65536: it must be an integer from 1 to 65535.`],
    [
      'a fractional port',
      (web) => web.addPort('admin', 80.5),
      `${W}invalid addPort("admin") port 80.5: it must be an integer from 1 to 65535.`,
    ],
    ['a port as a string (JavaScript)', (web) => web.addPort('admin', '9000'), `${W}invalid addPort port "9000": it must be a number.`],
    ['a name that is a number (JavaScript)', (web) => web.addPort(9000, 9000), `${W}invalid addPort name 9000: it must be a string.`],
  ];
  test.each(cases)('%s', (_, then, message) => {
    expect(errorOf(then)).toBe(message);
  });
});
