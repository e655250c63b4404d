// The cdk8s-plus interop on every supported line: `ingressBackend`, `selectPods` and
// `networkPolicyPort` of 'cdk8s-stateful-web/cdk8s-plus' take the chart's own cdk8s-plus module and
// return that line's types. Each line's chart below is written against its own module, so
// `npm run typecheck` proves the types line by line, and the tests prove the objects.
// (test/consumer/run.js does the same with the packed library, one line per process.)
import { spawnSync } from 'child_process';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus31 from 'cdk8s-plus-31';
import * as plus32 from 'cdk8s-plus-32';
import * as plus33 from 'cdk8s-plus-33';
import * as plus34 from 'cdk8s-plus-34';
import { ingressBackend, networkPolicyPort, selectPods } from '../lib/interop/cdk8s-plus';
import { StatefulWeb } from '../lib';
import { Manifest, onlyOfKind, synth } from './helpers';

/** A shop in namespace `shop` (client Service, port 9000) and a blog in namespace `blog` (port 8081). */
function twoSets() {
  const app = new App({ outdir: '/nonexistent' });
  const shop = new StatefulWeb(new Chart(app, 'shop', { namespace: 'shop' }), 'web', {
    image: 'bitnami/nginx',
    port: 9000,
    portName: 'web',
    labels: { app: 'shop' },
    clientService: true,
    clientServiceName: 'shop',
  });
  const blog = new StatefulWeb(new Chart(app, 'blog', { namespace: 'blog' }), 'blog', { image: 'bitnami/nginx', port: 8081 });
  return { shop, blog };
}

// An Ingress to the shop, and a NetworkPolicy that admits the shop's pods to the blog's port, each
// chart written against one line (and so type-checked against it). The CPU request is that line's
// `Cpu`, which the props (typed by cdk8s-plus-28's) accept.
const LINES: Array<[string, (shop: StatefulWeb, blog: StatefulWeb) => void]> = [
  [
    'cdk8s-plus-28',
    (shop, blog) => {
      new plus28.Ingress(Chart.of(shop), 'ingress', { defaultBackend: ingressBackend(plus28, shop) });
      const policy = new plus28.NetworkPolicy(Chart.of(blog), 'policy', { selector: selectPods(plus28, blog) });
      policy.addIngressRule(selectPods(plus28, shop), [networkPolicyPort(plus28, blog)]);
      new StatefulWeb(Chart.of(blog), 'cpu', { image: 'bitnami/nginx', cpuRequest: plus28.Cpu.millis(250) });
    },
  ],
  [
    'cdk8s-plus-31',
    (shop, blog) => {
      new plus31.Ingress(Chart.of(shop), 'ingress', { defaultBackend: ingressBackend(plus31, shop) });
      const policy = new plus31.NetworkPolicy(Chart.of(blog), 'policy', { selector: selectPods(plus31, blog) });
      policy.addIngressRule(selectPods(plus31, shop), [networkPolicyPort(plus31, blog)]);
      new StatefulWeb(Chart.of(blog), 'cpu', { image: 'bitnami/nginx', cpuRequest: plus31.Cpu.millis(250) });
    },
  ],
  [
    'cdk8s-plus-32',
    (shop, blog) => {
      new plus32.Ingress(Chart.of(shop), 'ingress', { defaultBackend: ingressBackend(plus32, shop) });
      const policy = new plus32.NetworkPolicy(Chart.of(blog), 'policy', { selector: selectPods(plus32, blog) });
      policy.addIngressRule(selectPods(plus32, shop), [networkPolicyPort(plus32, blog)]);
      new StatefulWeb(Chart.of(blog), 'cpu', { image: 'bitnami/nginx', cpuRequest: plus32.Cpu.millis(250) });
    },
  ],
  [
    'cdk8s-plus-33',
    (shop, blog) => {
      new plus33.Ingress(Chart.of(shop), 'ingress', { defaultBackend: ingressBackend(plus33, shop) });
      const policy = new plus33.NetworkPolicy(Chart.of(blog), 'policy', { selector: selectPods(plus33, blog) });
      policy.addIngressRule(selectPods(plus33, shop), [networkPolicyPort(plus33, blog)]);
      new StatefulWeb(Chart.of(blog), 'cpu', { image: 'bitnami/nginx', cpuRequest: plus33.Cpu.millis(250) });
    },
  ],
  [
    'cdk8s-plus-34',
    (shop, blog) => {
      new plus34.Ingress(Chart.of(shop), 'ingress', { defaultBackend: ingressBackend(plus34, shop) });
      const policy = new plus34.NetworkPolicy(Chart.of(blog), 'policy', { selector: selectPods(plus34, blog) });
      policy.addIngressRule(selectPods(plus34, shop), [networkPolicyPort(plus34, blog)]);
      new StatefulWeb(Chart.of(blog), 'cpu', { image: 'bitnami/nginx', cpuRequest: plus34.Cpu.millis(250) });
    },
  ],
];

describe.each(LINES)('%s', (_, build) => {
  const { shop, blog } = twoSets();
  build(shop, blog);
  const shopObjects = synth(Chart.of(shop));
  const blogObjects = synth(Chart.of(blog));

  test('the Ingress routes to the client Service on the web port', () => {
    const ingress = onlyOfKind(shopObjects, 'Ingress');
    expect(ingress.metadata.namespace).toBe('shop');
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'shop', port: { number: 9000 } } });
  });

  test("the NetworkPolicy selects the blog's pods and admits the shop's, from their namespace, on the blog's port", () => {
    const policy = onlyOfKind(blogObjects, 'NetworkPolicy');
    expect(policy.metadata.namespace).toBe('blog');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'blog' } });
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { app: 'shop' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
        ],
        ports: [{ port: 8081, protocol: 'TCP' }],
      },
    ]);
  });

  test("the line's Cpu sets the CPU request", () => {
    const cpu = blogObjects.find((m: Manifest) => m.kind === 'StatefulSet' && m.metadata.name === 'cpu')!;
    expect(cpu.spec.template.spec.containers[0].resources.requests.cpu).toBe('250m');
  });
});

describe('the same objects as the StatefulWeb methods (cdk8s-plus-28)', () => {
  test('on every line', () => {
    const viaMethods = twoSets();
    new plus28.Ingress(Chart.of(viaMethods.shop), 'ingress', { defaultBackend: viaMethods.shop.ingressBackend() });
    const policy = new plus28.NetworkPolicy(Chart.of(viaMethods.blog), 'policy', { selector: viaMethods.blog.selectPods() });
    policy.addIngressRule(viaMethods.shop.selectPods(), [viaMethods.blog.networkPolicyPort()]);
    const expected = [...synth(Chart.of(viaMethods.shop)), ...synth(Chart.of(viaMethods.blog))].filter((m) =>
      ['Ingress', 'NetworkPolicy'].includes(m.kind),
    );
    for (const [, build] of LINES) {
      const { shop, blog } = twoSets();
      build(shop, blog);
      const objects = [...synth(Chart.of(shop)), ...synth(Chart.of(blog))].filter((m) => ['Ingress', 'NetworkPolicy'].includes(m.kind));
      expect(objects).toEqual(expected);
    }
  });
});

describe('selectPods', () => {
  test('returns the same selection for the same line, and adds no object', () => {
    const { shop } = twoSets();
    const before = synth(Chart.of(shop));
    expect(selectPods(plus33, shop)).toBe(selectPods(plus33, shop));
    expect(synth(Chart.of(shop))).toEqual(before);
  });

  test('a selection per line when a chart uses two (each of its own line)', () => {
    const { shop } = twoSets();
    const a = selectPods(plus28, shop);
    const b = selectPods(plus33, shop);
    expect(a).toBeInstanceOf(plus28.Pods);
    expect(b).toBeInstanceOf(plus33.Pods);
    expect(shop.selectPods()).toBe(a);
    expect(selectPods(plus33, shop)).toBe(b);
  });

  test('without a chart namespace, selects by label only', () => {
    const web = new StatefulWeb(Testing.chart(), 'web', { image: 'bitnami/nginx' });
    const config = selectPods(plus33, web).toPodSelectorConfig();
    expect(config.namespaces).toBeUndefined();
    expect(config.labelSelector._toKube()).toEqual({ matchLabels: { app: 'web' } });
  });
});

test('a chart on cdk8s-plus-33 loads no other cdk8s-plus line', () => {
  const root = path.join(__dirname, '..');
  const script = `
    const { App, Chart } = require('cdk8s');
    const kplus = require('cdk8s-plus-33');
    const { StatefulWeb } = require('./lib');
    const { ingressBackend, networkPolicyPort, selectPods } = require('./lib/interop/cdk8s-plus');
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c', { namespace: 'shop' });
    const web = new StatefulWeb(chart, 'web', { image: 'bitnami/nginx', cpuRequest: kplus.Cpu.millis(250) });
    new kplus.Ingress(chart, 'ingress', { defaultBackend: ingressBackend(kplus, web) });
    new kplus.NetworkPolicy(chart, 'policy', { selector: selectPods(kplus, web) }).addIngressRule(selectPods(kplus, web), [networkPolicyPort(kplus, web)]);
    chart.toJson();
    const lines = new Set(Object.keys(require.cache).map((f) => /node_modules\\/(cdk8s-plus-\\d+)\\//.exec(f)?.[1]).filter(Boolean));
    console.log(JSON.stringify([...lines]));`;
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf-8' });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual(['cdk8s-plus-33']);
});
