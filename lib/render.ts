// The second stage of a StatefulWeb: its objects, written from its spec (lib/resolve.ts), which
// holds every value checked and in the form the objects hold it. Nothing here checks.
//
// The objects are plain cdk8s ApiObjects whose props are the manifest's fields
// (lib/manifest.ts): escape hatches (addJsonPatch) take the manifest's paths and values.
// Their props hold the lists below, which the add* methods of StatefulWeb append to; a list is
// written once it has an item (the props hold no `Lazy`, which cdk8s would resolve on every
// rendering).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Container, NetworkPolicyPort, ObjectMeta, PodSpec, ServicePort } from '../imports/k8s';
import { renderIngressRule } from './network-policy';
import type { PodPort } from './pod/containers';
import { renderProbe } from './pod/probes';
import { renderContainerSecurityContext, renderPodSecurityContext } from './pod/security';
import { VolumeSource } from './pod/volumes';
import type { StatefulWebSpec } from './resolve';
import { ClaimTemplate } from './storage';
import { Manifest, ManifestObject, Writable } from './manifest';

/** The objects of a StatefulWeb, and the lists of their props that grow as the add* methods add to the pod. */
export interface StatefulWebParts {
  readonly service: ApiObject;
  readonly statefulSet: ApiObject;
  readonly clientService?: ApiObject;
  readonly podDisruptionBudget?: ApiObject;
  readonly networkPolicy?: ApiObject;
  /** The claim templates; the main volume's is the first. */
  readonly claimTemplates: ClaimTemplate[];
  /** The pod template's spec. */
  readonly podSpec: Writable<Manifest<PodSpec>>;
  /** The web server's container, the first of the pod's containers. */
  readonly container: Writable<Manifest<Container>>;
  /** The pod's ports, of every container. */
  readonly podPorts: PodPort[];
  /** The ports of the headless Service, of the client Service and of the NetworkPolicy's rule, which list every port of the pod. */
  readonly headlessPorts: Manifest<ServicePort>[];
  readonly clientPorts: Manifest<ServicePort>[];
  readonly policyPorts: Manifest<NetworkPolicyPort>[];
}

/** Writes the objects of the StatefulWeb `scope` from its spec. */
export function renderStatefulWeb(scope: Construct, spec: StatefulWebSpec): StatefulWebParts {
  const p = spec.props;
  const { metadata, selector } = spec;
  // Shared by the objects: an ApiObject copies the labels it is given.
  const objectMeta = (name: string, annotations?: { [key: string]: string }): Manifest<ObjectMeta> => ({
    name,
    labels: metadata.objectLabels,
    annotations: merge(metadata.objectAnnotations, annotations),
  });
  const headlessPorts: Manifest<ServicePort>[] = [];
  const service = new ManifestObject(scope, 'service', 'Service', {
    metadata: objectMeta(p.serviceName, p.serviceAnnotations),
    spec: { clusterIP: 'None', ports: headlessPorts, selector, publishNotReadyAddresses: p.publishNotReadyAddresses },
  });

  const container: Writable<Manifest<Container>> = {
    name: p.containerName,
    image: p.image,
    imagePullPolicy: spec.container.imagePullPolicy,
    // Copies: the lists as checked, whatever happens to the caller's later.
    command: p.command && [...p.command],
    args: p.args && [...p.args],
    ports: [{ containerPort: p.port, name: p.portName }],
    resources: spec.container.resources,
    lifecycle: spec.container.lifecycle,
    securityContext: renderContainerSecurityContext(p.readOnlyRootFilesystem, p.capabilityNetBindService),
    readinessProbe: renderProbe(p.readinessProbe, p.portName),
    // By number: the same port as the readiness probe's, told apart by tools that compare handlers (the livenessProbe prop).
    livenessProbe: renderProbe(p.livenessProbe, p.port),
    startupProbe: renderProbe(p.startupProbe, p.portName),
  };
  const podSpec: Writable<Manifest<PodSpec>> = {
    serviceAccountName: spec.pod.serviceAccountName,
    automountServiceAccountToken: p.automountServiceAccountToken,
    imagePullSecrets: spec.pod.imagePullSecrets,
    securityContext: renderPodSecurityContext(p.podUser),
    terminationGracePeriodSeconds: spec.pod.terminationGracePeriodSeconds,
    affinity: spec.pod.affinity,
    topologySpreadConstraints: spec.pod.topologySpreadConstraints,
    nodeSelector: spec.pod.nodeSelector,
    tolerations: spec.pod.tolerations,
    priorityClassName: spec.pod.priorityClassName,
    containers: [container],
  };
  const parts = {
    service,
    claimTemplates: [spec.claim.template],
    podSpec,
    container,
    podPorts: [],
    headlessPorts,
    clientPorts: [],
    policyPorts: [],
  };
  addPodPort(parts, p.portName, p.port);
  if (spec.claim.block) {
    container.volumeDevices = [{ name: p.volumeName, devicePath: spec.claim.mountPath }];
  } else {
    container.volumeMounts = [{ name: p.volumeName, mountPath: spec.claim.mountPath }];
  }
  p.writablePaths.forEach((path, i) => addPodVolume(parts, `tmp-${i}`, VolumeSource.emptyDir(), path, {}));
  if (spec.container.env.length > 0) container.env = [...spec.container.env];

  const statefulSet = new ManifestObject(scope, 'statefulset', 'StatefulSet', {
    metadata: objectMeta(p.name, spec.exemptions),
    spec: {
      serviceName: p.serviceName,
      replicas: p.replicas,
      selector: { matchLabels: selector },
      podManagementPolicy: spec.statefulSet.podManagementPolicy,
      updateStrategy: spec.statefulSet.updateStrategy,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: spec.statefulSet.whenDeleted, whenScaled: spec.statefulSet.whenScaled },
      minReadySeconds: spec.statefulSet.minReadySeconds,
      revisionHistoryLimit: spec.statefulSet.revisionHistoryLimit,
      ordinals: spec.statefulSet.ordinalsStart === undefined ? undefined : { start: spec.statefulSet.ordinalsStart },
      template: {
        metadata: { labels: metadata.podLabels, annotations: metadata.podAnnotations },
        spec: podSpec,
      },
      volumeClaimTemplates: parts.claimTemplates,
    },
  });
  // The governing Service must exist before the StatefulSet: apply it first.
  statefulSet.node.addDependency(service);

  const clientService =
    spec.clientServiceName === undefined
      ? undefined
      : new ManifestObject(scope, 'client-service', 'Service', {
          metadata: objectMeta(spec.clientServiceName),
          spec: { type: 'ClusterIP', ports: parts.clientPorts, selector },
        });
  const podDisruptionBudget =
    spec.disruptionBudget &&
    new ManifestObject(scope, 'pdb', 'PodDisruptionBudget', {
      metadata: objectMeta(p.name),
      spec: { selector: { matchLabels: selector }, ...spec.disruptionBudget },
    });
  const networkPolicy =
    spec.networkPolicyAllowFrom &&
    new ManifestObject(scope, 'network-policy', 'NetworkPolicy', {
      metadata: objectMeta(p.name),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [renderIngressRule(spec.networkPolicyAllowFrom, selector, parts.policyPorts)],
      },
    });
  return { ...parts, statefulSet, clientService, podDisruptionBudget, networkPolicy };
}

/** Adds a port of the pod to the Services and the NetworkPolicy. */
export function addPodPort(
  parts: Pick<StatefulWebParts, 'podPorts' | 'headlessPorts' | 'clientPorts' | 'policyPorts'>,
  name: string,
  port: number,
): void {
  parts.podPorts.push({ name, port });
  parts.headlessPorts.push({ port, name });
  parts.clientPorts.push({ port, name });
  parts.policyPorts.push({ port, protocol: 'TCP' });
}

/** Adds a pod volume and its mount in the web server's container. */
export function addPodVolume(
  parts: Pick<StatefulWebParts, 'podSpec' | 'container'>,
  name: string,
  source: VolumeSource,
  mountPath: string,
  options: { readonly readOnly?: boolean; readonly subPath?: string },
): void {
  (parts.podSpec.volumes ??= []).push({ name, ...source._source });
  // An empty subPath is no subPath: the API server would not store it.
  (parts.container.volumeMounts ??= []).push({ name, mountPath, readOnly: options.readOnly, subPath: options.subPath || undefined });
}

function merge(a?: { [key: string]: string }, b?: { [key: string]: string }) {
  return a || b ? { ...a, ...b } : undefined;
}
