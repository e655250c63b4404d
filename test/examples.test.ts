import { Testing } from 'cdk8s';
import { ProductionExampleChart } from '../examples/production';
import { PodUser } from '../lib';
import { onlyOfKind, synth } from './helpers';

describe('the production example', () => {
  const manifests = synth(new ProductionExampleChart(Testing.app(), 'production'));

  test('synthesizes the three parts plus client Service, PodDisruptionBudget and NetworkPolicy', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/web-headless', 'StatefulSet/web', 'Service/web', 'PodDisruptionBudget/web', 'NetworkPolicy/web',
    ]);
    expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['web']));
  });

  test('read-only root filesystem with the paths bitnami/nginx writes on emptyDirs', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp-0', 'tmp-1', 'tmp-2', 'tmp-3', 'nginx-cache']);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('on plain Kubernetes, fixed ids make the volume writable', () => {
    const chart = new ProductionExampleChart(Testing.app(), 'production', { podUser: PodUser.fixed(1001) });
    const pod = onlyOfKind(synth(chart), 'StatefulSet').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
  });
});
