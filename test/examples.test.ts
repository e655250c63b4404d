import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ProductionExampleChart } from '../examples/production';
import { PodUser } from '../lib';
import { onlyOfKind, synth } from './helpers';

// Since 2025-08-28 docker.io/bitnami keeps no versioned tags: they moved to docker.io/bitnamilegacy
// (bitnami/containers#83267). `bitnami/nginx` alone (main.ts's, the seed's) is its `latest`.
const VERSIONED_BITNAMI = /^(docker\.io\/)?bitnami\/[^:@/]+:/;
/** A tag other than latest, and maybe a digest. */
const PINNED = /^[^:@]+(:[0-9A-Za-z_][0-9A-Za-z_.-]*)(@sha256:[0-9a-f]{64})?$/;

describe('the production example', () => {
  const manifests = synth(new ProductionExampleChart(Testing.app(), 'production'));

  test('synthesizes the three parts plus client Service, PodDisruptionBudget and NetworkPolicy', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/web-headless',
      'StatefulSet/web',
      'Service/web',
      'PodDisruptionBudget/web',
      'NetworkPolicy/web',
    ]);
    expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['web']));
  });

  test('every container, init container and sidecar included, pulls Always (Checkov CKV_K8S_15, kube-score container-image-pull-policy)', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect([...pod.initContainers, ...pod.containers].map((c: any) => [c.name, c.imagePullPolicy])).toEqual([
      ['seed', 'Always'],
      ['nginx', 'Always'],
      ['metrics', 'Always'],
    ]);
  });

  test('every container has readiness and liveness probes, each pair distinct (Checkov CKV_K8S_8, CKV_K8S_9; kube-score pod-probes-identical)', () => {
    for (const c of onlyOfKind(manifests, 'StatefulSet').spec.template.spec.containers) {
      expect([c.name, c.readinessProbe !== undefined, c.livenessProbe !== undefined]).toEqual([c.name, true, true]);
      expect(JSON.stringify(c.readinessProbe.httpGet ?? c.readinessProbe.tcpSocket)).not.toBe(
        JSON.stringify(c.livenessProbe.httpGet ?? c.livenessProbe.tcpSocket),
      );
    }
  });

  test('read-only root filesystem with the paths bitnami/nginx writes on emptyDirs', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp-0', 'tmp-1', 'tmp-2', 'tmp-3', 'nginx-cache', 'nginx-status', 'seed']);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('scheduling on a dedicated node pool, with a priority', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'node-pool': 'web' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('web-critical');
  });

  test('a preStop pause well within the grace period', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  test('an init container that seeds the volume, and a metrics exporter whose port is on the Services and admitted', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['seed']);
    expect(pod.initContainers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/app' },
      { name: 'seed', mountPath: '/seed', readOnly: true },
    ]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['nginx', 'metrics']);
    for (const c of [...pod.initContainers, ...pod.containers]) expect(c.securityContext).toEqual(pod.containers[0].securityContext);
    for (const service of manifests.filter((m) => m.kind === 'Service')) {
      expect(service.spec.ports).toEqual([
        { port: 8080, name: 'http' },
        { port: 9113, name: 'metrics' },
      ]);
    }
    expect(onlyOfKind(manifests, 'NetworkPolicy').spec.ingress[0].ports).toEqual([
      { port: 8080, protocol: 'TCP' },
      { port: 9113, protocol: 'TCP' },
    ]);
  });

  test("the exporter's server block is one file of a ConfigMap, read-only", () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'nginx-status')).toEqual({
      name: 'nginx-status',
      configMap: { name: 'web-nginx-status', items: [{ key: 'status.conf', path: 'status.conf' }], defaultMode: 0o444 },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'nginx-status',
      mountPath: '/opt/bitnami/nginx/conf/server_blocks/status.conf',
      readOnly: true,
      subPath: 'status.conf',
    });
  });

  test('pins images that can be pulled today, in every container: versioned tags, not of docker.io/bitnami', () => {
    const pod = onlyOfKind(manifests, 'StatefulSet').spec.template.spec;
    const images = [...pod.initContainers, ...pod.containers].map((c: any) => c.image);
    expect(images).toHaveLength(3);
    for (const image of images) {
      expect(image).toEqual(expect.not.stringMatching(VERSIONED_BITNAMI));
      expect(image).toMatch(PINNED);
    }
  });

  test('on plain Kubernetes, fixed ids make the volume writable', () => {
    const chart = new ProductionExampleChart(Testing.app(), 'production', { podUser: PodUser.fixed(1001) });
    const pod = onlyOfKind(synth(chart), 'StatefulSet').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
  });
});

describe("the images of README's and docs/'s snippets", () => {
  const root = path.join(__dirname, '..');
  const files = [
    'README.md',
    ...fs
      .readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  // `image: '...'` (TypeScript), `image="..."` (Python), `.image("...")` (Java), `Image: jsii.String("...")` (Go).
  const images = files.flatMap((file) =>
    [
      ...fs
        .readFileSync(path.join(root, file), 'utf-8')
        .matchAll(/(?:\bimage:\s*'|\bimage="|\.image\("|Image:\s*jsii\.String\(")([^'"]+)['"]/g),
    ].map((m) => [file, m[1]]),
  );

  test('there are some', () => {
    expect(images.length).toBeGreaterThan(3);
  });

  test.each(images)("%s: %s is main.ts's bitnami/nginx, or a pinned image that can be pulled today", (_file, image) => {
    if (image === 'bitnami/nginx') return;
    expect(image).toEqual(expect.not.stringMatching(VERSIONED_BITNAMI));
    expect(image).toEqual(expect.not.stringMatching(/(^|\.)example\.(com|org|net)\//));
    expect(image).toMatch(PINNED);
  });
});
