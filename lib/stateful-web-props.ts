import { Size } from 'cdk8s';
import { AccessMode } from './access-mode';

/**
 * Properties of a {@link StatefulWeb}: one headless Service, one StatefulSet and one
 * PersistentVolumeClaim template per pod.
 *
 * Descriptions in quotes are Kubernetes' own (API reference, v1.28).
 */
export interface StatefulWebProps {
  /**
   * "Container image name." For example `bitnami/nginx` or `registry.example.com/web:1.2.3`.
   *
   * @see https://kubernetes.io/docs/concepts/containers/images
   */
  readonly image: string;

  /**
   * Name of the StatefulSet. Its pods are named `<name>-<ordinal>` (`web-0`, `web-1`, ...) and
   * each pod's claims `<volumeName>-<name>-<ordinal>`, so this name is the identity of every pod
   * and every volume: changing it later orphans the existing volumes.
   *
   * A DNS-1123 label of at most 52 characters, because every pod carries the label
   * `controller-revision-hash: <name>-<10 characters>`, which must fit in 63.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * "serviceName is the name of the service that governs this StatefulSet. This service must
   * exist before the StatefulSet, and is responsible for the network identity of the set. Pods
   * get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local."
   *
   * StatefulWeb creates this headless Service (`clusterIP: None`). A DNS-1035 label.
   *
   * @default `<name>-headless`
   */
  readonly serviceName?: string;

  /**
   * "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique
   * name (DNS_LABEL). Cannot be updated."
   *
   * @default - the last path segment of `image` without tag or digest (`bitnami/nginx:1.25` gives `nginx`)
   */
  readonly containerName?: string;

  /**
   * "replicas is the desired number of replicas of the given Template. These are replicas in the
   * sense that they are instantiations of the same Template, but individual replicas also have a
   * consistent identity." An integer of at least 0.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * "Number of port to expose on the pod's IP address. This must be a valid port number,
   * 0 < x < 65536." The headless Service exposes the same port number.
   *
   * @default 8080
   */
  readonly port?: number;

  /**
   * "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a
   * pod must have a unique name. Name for the port that can be referred to by services."
   * Used for the same port on the container and on the headless Service.
   *
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * "Map of string keys and values that can be used to organize and categorize (scope and select)
   * objects." These are the pod template's labels, and therefore the StatefulSet's
   * `selector.matchLabels` and the headless Service's `selector`: "It must match the pod
   * template's labels." A StatefulSet's selector cannot be changed once applied. At least one label.
   *
   * @default { app: <name> }
   */
  readonly labels?: { readonly [key: string]: string };

  /**
   * "resources represents the minimum resources the volume should have": the storage request of
   * each pod's volume. Written as Kubernetes writes quantities, never rounded (`Size.gibibytes(1.5)`
   * gives `1536Mi`). Must be greater than zero.
   *
   * @default Size.gibibytes(1)
   */
  readonly storage?: Size;

  /**
   * "storageClassName is the name of the StorageClass required by the claim." The empty string
   * requests a volume without a class (no dynamic provisioning).
   *
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
   * @default - field omitted: the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * "accessModes contains the desired access modes the volume should have." Not empty;
   * `ReadWriteOncePod` cannot be combined with another mode.
   *
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];

  /**
   * Name of the PersistentVolumeClaim template and of the volume mounted in the container.
   * "Every claim in this list must have at least one matching (by name) volumeMount in one
   * container in the template." Each pod's claim is named `<volumeName>-<name>-<ordinal>`.
   * A DNS-1123 label.
   *
   * @default 'data'
   */
  readonly volumeName?: string;

  /**
   * "Path within the container at which the volume should be mounted." An absolute path.
   *
   * @default '/app' (the document root of the bitnami/nginx image)
   */
  readonly mountPath?: string;
}
