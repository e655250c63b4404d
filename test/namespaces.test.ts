// The chart's namespace, when set, is on every namespaced object StatefulWeb emits; without one,
// no object has a namespace field, so that `kubectl apply -n` and Argo CD's destination
// namespace decide where the objects go.
import { Chart, Testing } from 'cdk8s';
import { AllowFrom, DisruptionBudget, StatefulWeb } from '../lib';
import { synth } from './helpers';

// Every kind StatefulWeb can emit; all are namespaced.
const NAMESPACED_KINDS = ['Service', 'StatefulSet', 'PodDisruptionBudget', 'NetworkPolicy'];

function everyObject(namespace?: string) {
  const chart = new Chart(Testing.app(), 'x', { namespace });
  new StatefulWeb(chart, 'web', {
    image: 'bitnami/nginx',
    replicas: 3,
    clientService: true,
    disruptionBudget: DisruptionBudget.maxUnavailable(1),
    networkPolicyAllowFrom: [AllowFrom.pods({ role: 'frontend' })],
  });
  return synth(chart);
}

test('the kitchen-sink set emits every kind, all namespaced', () => {
  expect([...new Set(everyObject().map((m) => m.kind))].sort()).toEqual([...NAMESPACED_KINDS].sort());
});

test('with a chart namespace, every object is in it', () => {
  const manifests = everyObject('shop');

  expect(manifests.map((m) => [m.kind, m.metadata.namespace])).toEqual(manifests.map((m) => [m.kind, 'shop']));
});

test('without a chart namespace, no object has a namespace field', () => {
  const manifests = everyObject();

  expect(manifests.filter((m) => 'namespace' in m.metadata).map((m) => m.kind)).toEqual([]);
});

test("the claim template carries no namespace: the claims are made in the StatefulSet's", () => {
  const statefulSet = everyObject('shop').find((m) => m.kind === 'StatefulSet')!;

  expect(statefulSet.spec.volumeClaimTemplates.map((t: any) => t.metadata.namespace)).toEqual([undefined]);
});
