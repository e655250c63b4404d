// StatefulWeb's objects are plain cdk8s ApiObjects whose props are already written as the manifest
// has them: Kubernetes' own field names (`clusterIP`), quantities and int-or-strings as their
// values (`1Gi`, `web`). The interfaces of imports/k8s.ts still type every field, through
// `Manifest<T>`, so a misspelt field or a wrong type fails to compile as before.
//
// Why not the generated Kube* classes: they resolve their props under imports/k8s.ts's TypeScript
// names (`clusterIp`), then copy every field to its Kubernetes name with an object spread per
// field, on every rendering; at scale that copy cost more than all of StatefulWeb's own work (docs/performance.md). The copy also drops every field its schema does not list, and applies escape-hatch
// patches before it, under the TypeScript names. A plain ApiObject renders its props as they are,
// as a hand-written manifest does, and its patches use the paths of the manifest.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type {
  IntOrString,
  KubeNetworkPolicyProps,
  KubePersistentVolumeClaimProps,
  KubePodDisruptionBudgetProps,
  KubeServiceProps,
  KubeStatefulSetProps,
  Quantity,
} from '../imports/k8s';

/**
 * The fields of the types StatefulWeb writes whose Kubernetes name is not their name in
 * imports/k8s.ts (cdk8s import writes acronyms in lower case). test/k8s-manifest.test.ts checks this
 * table against imports/k8s.ts: every such field of every type reachable from `KINDS`, and no other.
 */
export const KUBERNETES_FIELD_NAMES = {
  clientIp: 'clientIP',
  clusterIp: 'clusterIP',
  datasetUuid: 'datasetUUID',
  diskUri: 'diskURI',
  downwardApi: 'downwardAPI',
  hostIp: 'hostIP',
  hostIpc: 'hostIPC',
  hostPid: 'hostPID',
  loadBalancerIp: 'loadBalancerIP',
  pdId: 'pdID',
  scaleIo: 'scaleIO',
  setHostnameAsFqdn: 'setHostnameAsFQDN',
  storagePolicyId: 'storagePolicyID',
  targetWwNs: 'targetWWNs',
  volumeId: 'volumeID',
} as const;

type FieldNames = typeof KUBERNETES_FIELD_NAMES;

/**
 * A value of an imports/k8s.ts type as a manifest has it: every field under its Kubernetes name,
 * a `Quantity` or an `IntOrString` as its value (what the generated `toJson_*` functions write).
 */
export type Manifest<T> = T extends Quantity | IntOrString
  ? [keyof T] extends ['value']
    ? string | number
    : ManifestFields<T>
  : T extends readonly (infer E)[]
    ? Manifest<E>[]
    : T extends object
      ? ManifestFields<T>
      : T;

type ManifestFields<T> = { [K in keyof T as K extends keyof FieldNames ? FieldNames[K] : K]: Manifest<T[K]> };

/** `T` whose fields can be set (imports/k8s.ts declares them `readonly`). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The kinds StatefulWeb writes, and the type of their props in imports/k8s.ts (`metadata` and `spec`). */
interface KindProps {
  readonly Service: KubeServiceProps;
  readonly StatefulSet: KubeStatefulSetProps;
  readonly PersistentVolumeClaim: KubePersistentVolumeClaimProps;
  readonly PodDisruptionBudget: KubePodDisruptionBudgetProps;
  readonly NetworkPolicy: KubeNetworkPolicyProps;
}

/** A kind StatefulWeb writes. */
export type Kind = keyof KindProps;

/**
 * The apiVersion of each kind, as `Kube<Kind>.GVK` in imports/k8s.ts has it (a test checks): written
 * here so that a chart does not load imports/k8s (1.2 MB of TypeScript, 0.5 MB compiled) for five strings.
 */
export const KINDS: { readonly [K in Kind]: string } = {
  Service: 'v1',
  StatefulSet: 'apps/v1',
  PersistentVolumeClaim: 'v1',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

/** The props of a `kind` object as the manifest has them. */
export type ManifestProps<K extends Kind> = Manifest<KindProps[K]>;

/** The `apiVersion` and `kind` fields of an object of `K`. */
export interface TypeMeta<K extends Kind> {
  readonly apiVersion: string;
  readonly kind: K;
}

/** A plain ApiObject of `kind` whose props are written to the manifest as they are. */
export class ManifestObject<K extends Kind> extends ApiObject {
  constructor(scope: Construct, id: string, kind: K, props: ManifestProps<K>) {
    super(scope, id, { apiVersion: KINDS[kind], kind, ...props });
  }
}

/** A copy of a map for an optional field of a manifest, or undefined (the field left out) when it is empty. */
export function nonEmpty(map?: { readonly [key: string]: string }): { [key: string]: string } | undefined {
  return map && Object.keys(map).length > 0 ? { ...map } : undefined;
}
