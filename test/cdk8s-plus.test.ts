// StatefulWeb's interop with cdk8s-plus-28: an Ingress and a NetworkPolicy made from what the
// construct exposes, with no selector, Service name or port written by hand.
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { StatefulWeb, StatefulWebProps } from '../lib';
import { chartWith as chartOf, onlyOfKind, synth } from './helpers';

/** A chart holding a StatefulWeb on port 9000 named web, with the labels `app: shop`. */
function chartWith(props: Partial<StatefulWebProps> = {}, namespace?: string) {
  return chartOf({ image: 'bitnami/nginx', port: 9000, portName: 'web', labels: { app: 'shop' }, ...props }, namespace);
}

describe('ingressBackend()', () => {
  test('routes to the headless Service on the web port when there is no client Service', () => {
    const { chart, web } = chartWith();
    new kplus.Ingress(chart, 'ingress', { defaultBackend: web.ingressBackend() });

    const ingress = onlyOfKind(synth(chart), 'Ingress');
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'web-headless', port: { number: 9000 } } });
  });

  test('routes to the client Service (load-balanced) when there is one', () => {
    const { chart, web } = chartWith({ clientService: true, clientServiceName: 'shop' });
    new kplus.Ingress(chart, 'ingress', { rules: [{ host: 'shop.example.com', path: '/', backend: web.ingressBackend() }] });

    const ingress = onlyOfKind(synth(chart), 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'shop', port: { number: 9000 } } });
  });

  test('adds no object to the chart', () => {
    const { chart, web } = chartWith({ clientService: true });
    const before = synth(chart);
    web.ingressBackend();

    expect(synth(chart)).toEqual(before);
  });
});

describe('selectPods()', () => {
  test('is a NetworkPolicy selector matching the pod labels, in the chart namespace', () => {
    const { chart, web } = chartWith({}, 'shop');
    new kplus.NetworkPolicy(chart, 'policy', { selector: web.selectPods() });

    const policy = onlyOfKind(synth(chart), 'NetworkPolicy');
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'shop' } });
  });

  test('as a peer in another namespace, selects the pods by label and namespace name', () => {
    const app = Testing.app();
    const web = new StatefulWeb(new Chart(app, 'shop', { namespace: 'shop' }), 'web', { image: 'bitnami/nginx', labels: { app: 'shop' } });
    const other = new StatefulWeb(new Chart(app, 'blog', { namespace: 'blog' }), 'blog', { image: 'bitnami/nginx', port: 8081 });
    const policy = new kplus.NetworkPolicy(Chart.of(other), 'policy', { selector: other.selectPods() });
    policy.addIngressRule(web.selectPods(), [other.networkPolicyPort()]);

    const manifest = onlyOfKind(synth(Chart.of(other)), 'NetworkPolicy');
    expect(manifest.metadata.namespace).toBe('blog');
    expect(manifest.spec.podSelector).toEqual({ matchLabels: { app: 'blog' } });
    expect(manifest.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'shop' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
        ],
        ports: [{ port: 8081, protocol: 'TCP' }],
      },
    ]);
  });

  test('without a chart namespace, selects by label only', () => {
    const { web } = chartWith();
    const config = web.selectPods().toPodSelectorConfig();

    expect(config.namespaces).toBeUndefined();
    expect(config.labelSelector._toKube()).toEqual({ matchLabels: { app: 'shop' } });
  });

  test('returns the same selection every time and adds no object', () => {
    const { chart, web } = chartWith({}, 'shop');
    const before = synth(chart);

    expect(web.selectPods()).toBe(web.selectPods());
    expect(synth(chart)).toEqual(before);
  });
});

test('networkPolicyPort() is the web port over TCP', () => {
  const { chart, web } = chartWith();
  const policy = new kplus.NetworkPolicy(chart, 'policy', { selector: web.selectPods() });
  policy.addIngressRule(web.selectPods(), [web.networkPolicyPort()]);

  expect(onlyOfKind(synth(chart), 'NetworkPolicy').spec.ingress[0].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
});
