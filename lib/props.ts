import { Duration, Size } from 'cdk8s';
import { DisruptionBudget, PodAntiAffinity, TopologySpread } from './availability';
import { EnvValue } from './pod/env';
import { AllowFrom } from './network-policy';
import { LifecycleHandler } from './pod/lifecycle';
import { ContainerResources } from './pod/resources';
import { WebProbe } from './pod/probes';
import { PodSecurityCheck } from './validation/pod-security';
import { PodManagementPolicy, UpdateStrategy } from './rollout';
import { ImagePullPolicy, PodUser } from './pod/security';
import { Toleration } from './scheduling';
import { AccessMode, ClaimRetention, VolumeMode } from './storage';

/**
 * Properties of a {@link StatefulWeb}: one headless Service, one StatefulSet and one
 * PersistentVolumeClaim template per pod, and optionally a PodDisruptionBudget, a client Service
 * and a NetworkPolicy.
 *
 * Descriptions in quotes are Kubernetes' own (API reference, v1.28). Props are flat; related ones
 * share a prefix (`claim...`, `cpu...`, `memory...`, `pod...`, `service...`).
 */
export interface StatefulWebProps extends ContainerResources {
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
   * @default - `<name>-headless`
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
   * consistent identity." An integer from 0 to 2147483647.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * "Number of port to expose on the pod's IP address. This must be a valid port number,
   * 0 < x < 65536." The headless Service exposes the same port number. More ports: `addPort()`.
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
   * @default - `{ app: <name> }`
   */
  readonly labels?: { readonly [key: string]: string };

  /**
   * "resources represents the minimum resources the volume should have": the storage request of
   * each pod's volume. Written as Kubernetes writes quantities, never rounded (`Size.gibibytes(1.5)`
   * gives `1536Mi`). Greater than zero and less than 8 EiB (Kubernetes keeps a quantity in an
   * int64, and caps a larger one).
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
   * "Path within the container at which the volume should be mounted." An absolute path. The
   * default is the document root of the bitnami/nginx image.
   *
   * @default '/app'
   */
  readonly mountPath?: string;

  // ---------------------------------------------------------------- security

  /**
   * Which user and groups the pod runs as. The default sets no ids, as OpenShift's restricted-v2
   * SCC requires; on plain Kubernetes use `PodUser.fixed(1001)` for Bitnami images so that the
   * volume is writable (`fsGroup`). Either way the pod runs with `runAsNonRoot: true`.
   *
   * @default PodUser.assignedByPlatform()
   */
  readonly podUser?: PodUser;

  /**
   * "Whether this container has a read-only root filesystem." The paths the image must write go in
   * `writablePaths`. Off by default because bitnami/nginx writes its configuration, pid and temp
   * files under /opt/bitnami/nginx when it starts.
   *
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Absolute paths the container may write although its root filesystem is read-only: each gets
   * an emptyDir volume (`tmp-0`, `tmp-1`, ...). For bitnami/nginx:
   * `['/tmp', '/opt/bitnami/nginx/tmp', '/opt/bitnami/nginx/logs', '/opt/bitnami/nginx/conf/server_blocks']`.
   *
   * @default - ['/tmp'] when readOnlyRootFilesystem is true, else none
   */
  readonly writablePaths?: string[];

  /**
   * Adds the NET_BIND_SERVICE capability (the only one the restricted Pod Security Standard
   * allows), so that a non-root server can listen on a port below 1024. All others are dropped.
   *
   * @default false
   */
  readonly capabilityNetBindService?: boolean;

  /**
   * "Image pull policy. One of Always, Never, IfNotPresent."
   *
   * @default - field omitted: Always for `:latest` or untagged images, IfNotPresent otherwise
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Names of Secrets in the same namespace "to use for pulling any of the images used by this PodSpec."
   * Each name once: server-side apply (Argo CD, Flux) refuses a name twice.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * "ServiceAccountName is the name of the ServiceAccount to use to run this pod."
   *
   * @default - field omitted: the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: string;

  /**
   * "AutomountServiceAccountToken indicates whether a service account token should be
   * automatically mounted." A web server rarely talks to the Kubernetes API.
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Checks of the restricted Pod Security Standard that the pod template need not pass. Synthesis
   * fails when the rendered pod template (escape-hatch edits included) breaks a check not listed
   * here. The list is written on the StatefulSet as the annotation
   * `stateful-web.cdk8s.io/pss-exempt: "<check id>,<check id>"`, so that every exemption shows
   * in the manifests. Exempting a check here does not exempt the pod from a namespace's Pod
   * Security admission.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default - none: every check applies
   */
  readonly podSecurityExemptions?: PodSecurityCheck[];

  // ---------------------------------------------------------------- container

  /**
   * "Periodic probe of container service readiness. Container will be removed from service
   * endpoints if the probe fails." With `OrderedReady`, the next pod is created only when this
   * one is ready. A TCP probe by default, because the document root may still be empty (403).
   *
   * @default WebProbe.tcpSocket()
   */
  readonly readinessProbe?: WebProbe;

  /**
   * "Periodic probe of container liveness. Container will be restarted if the probe fails."
   *
   * The default is less sensitive than the readiness probe, on purpose: a pod that is overloaded
   * fails the readiness probe first (after 3 failures 10 seconds apart, Kubernetes' defaults) and
   * is taken out of service, which lets it recover; only a pod that still accepts no connection
   * after 6 failures 20 seconds apart, each given 5 seconds, about two minutes, is restarted. With
   * the same check and timings for both, an overloaded pod would be restarted at the moment it is
   * taken out of service, and lose its work. The price is that a hung server is restarted later.
   * The liveness probe addresses the web port by its number, the readiness and startup probes by
   * its name: the same port, so that tools that compare probes by their handler alone (kube-score's
   * `pod-probes-identical`) see two probes; what tells them apart is their timing.
   *
   * @default WebProbe.tcpSocket({ initialDelay: Duration.seconds(30), period: Duration.seconds(20), timeout: Duration.seconds(5), failureThreshold: 6 })
   */
  readonly livenessProbe?: WebProbe;

  /**
   * "StartupProbe indicates that the Pod has successfully initialized." Liveness and readiness
   * probes wait until it succeeds: for slow starters.
   *
   * @default WebProbe.none()
   */
  readonly startupProbe?: WebProbe;

  /**
   * "List of environment variables to set in the container": name to value. More with `addEnv()`.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if
   * this is not provided."
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * "Arguments to the entrypoint. The container image's CMD is used if this is not provided."
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * "PreStop is called immediately before a container is terminated due to an API request or
   * management event such as liveness/startup probe failure, preemption, resource contention,
   * etc. ... The Pod's termination grace period countdown begins before the PreStop hook is
   * executed." `LifecycleHandler.sleep(Duration.seconds(5))` lets load balancers stop sending
   * requests before the server gets SIGTERM; a sleep must be shorter than `terminationGracePeriod`.
   *
   * @default - none: the container is sent SIGTERM at once
   */
  readonly preStop?: LifecycleHandler;

  // ---------------------------------------------------------------- storage

  /**
   * "volumeMode defines what type of volume is required by the claim." With `Block`, the volume
   * is handed to the container as a raw device at `mountPath`.
   *
   * @default - field omitted: Kubernetes uses Filesystem
   */
  readonly volumeMode?: VolumeMode;

  /**
   * Labels of every pod's claim (set on the claim template).
   *
   * @default - none
   */
  readonly claimLabels?: { [key: string]: string };

  /**
   * Whether the claim templates (the main volume's and those of `addVolumeClaimTemplate`) carry
   * the recommended labels `app.kubernetes.io/name`, `instance` and `managed-by`, as every other
   * object does, so that the claims can be selected and backed up by label. Only these stable
   * labels, never a version: a claim template can never change on a live StatefulSet.
   *
   * Off by default, for now: turning it on changes the claim templates, which Kubernetes refuses
   * on an existing StatefulSet (the upgrade guard refuses the synth and says how to migrate), and
   * claims that exist already keep their labels (label them with `kubectl label pvc`). Turn it on
   * for a new StatefulSet. See the CHANGELOG for the migration of an existing one.
   *
   * @default false
   */
  readonly claimRecommendedLabels?: boolean;

  /**
   * Annotations of every pod's claim (set on the claim template). Kubernetes allows at most 256 KiB
   * of annotations (keys and values) on one object.
   *
   * @default - none
   */
  readonly claimAnnotations?: { [key: string]: string };

  /**
   * persistentVolumeClaimRetentionPolicy.whenDeleted: "WhenDeleted specifies what happens to
   * PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted." Written
   * explicitly, so that deleting never deletes data unless asked.
   *
   * @default ClaimRetention.RETAIN
   */
  readonly claimRetentionWhenDeleted?: ClaimRetention;

  /**
   * persistentVolumeClaimRetentionPolicy.whenScaled: "WhenScaled specifies what happens to PVCs
   * created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down."
   *
   * @default ClaimRetention.RETAIN
   */
  readonly claimRetentionWhenScaled?: ClaimRetention;

  // ---------------------------------------------------------------- rollout

  /**
   * "podManagementPolicy controls how pods are created during initial scale up, when replacing
   * pods on nodes, or when scaling down." Written explicitly: it cannot change once applied.
   *
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;

  /**
   * "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods
   * in the StatefulSet when a revision is made to Template."
   *
   * @default UpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: UpdateStrategy;

  /**
   * minReadySeconds: "Minimum number of seconds for which a newly created pod should be ready
   * without any of its container crashing for it to be considered available." Whole seconds.
   *
   * @default - field omitted: 0
   */
  readonly minReady?: Duration;

  /**
   * "revisionHistoryLimit is the maximum number of revisions that will be maintained in the
   * StatefulSet's revision history."
   *
   * @default - field omitted: 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * ordinals.start: "start is the number representing the first replica's index." Pods are then
   * `<name>-<start>`, ... (beta in Kubernetes 1.27 and later).
   *
   * @default - field omitted: 0
   */
  readonly ordinalsStart?: number;

  /**
   * terminationGracePeriodSeconds: "Optional duration in seconds the pod needs to terminate
   * gracefully." Whole seconds.
   *
   * @default - field omitted: 30 seconds
   */
  readonly terminationGracePeriod?: Duration;

  // ---------------------------------------------------------------- availability

  /**
   * A PodDisruptionBudget named `<name>` for the set's pods.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * Pod anti-affinity on the node hostname (`kubernetes.io/hostname`) among the set's pods.
   *
   * @default - PodAntiAffinity.PREFERRED when replicas >= 2, else PodAntiAffinity.NONE
   */
  readonly podAntiAffinity?: PodAntiAffinity;

  /**
   * "TopologySpreadConstraints describes how a group of pods ought to spread across topology
   * domains." Over the set's own pods; no two with the same topologyKey and whenUnsatisfiable.
   *
   * @default - none
   */
  readonly topologySpread?: TopologySpread[];

  // ---------------------------------------------------------------- scheduling

  /**
   * "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which
   * must match a node's labels for the pod to be scheduled on that node." Label keys to values.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
   * @default - none: any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * "If specified, the pod's tolerations": the node taints the pods tolerate.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   * @default - none (Kubernetes adds its own for not-ready and unreachable nodes)
   */
  readonly tolerations?: Toleration[];

  /**
   * "If specified, indicates the pod's priority. ... The higher the value, the higher the
   * priority." The name of a PriorityClass, which must exist when the pods are created
   * (a DNS-1123 subdomain).
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - field omitted: the cluster's default PriorityClass, else priority 0
   */
  readonly priorityClassName?: string;

  // ---------------------------------------------------------------- networking

  /**
   * "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service
   * should disregard any indications of ready/not-ready." On the headless Service: peers can find
   * each other by DNS before they are ready (clustered servers).
   *
   * @default - field omitted: false
   */
  readonly publishNotReadyAddresses?: boolean;

  /**
   * Annotations of the headless Service. With `metadataAnnotations`, at most 256 KiB (keys and
   * values), Kubernetes' limit on one object.
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };

  /**
   * Also create a ClusterIP Service that load-balances over the ready pods: for clients, as
   * opposed to the headless Service, which is for peers and stable per-pod names.
   *
   * @default false
   */
  readonly clientService?: boolean;

  /**
   * Name of the client Service (a DNS-1035 label), when `clientService` is true.
   *
   * @default - `<name>`
   */
  readonly clientServiceName?: string;

  /**
   * Create a NetworkPolicy named `<name>` that admits traffic to the pods only on their ports (the
   * web port, and those of `addPort()` and of sidecars), from these sources and from the set's own
   * pods. Not empty; `[AllowFrom.anywhere()]` restricts the ports only.
   *
   * It governs ingress only (`policyTypes: [Ingress]`): what the pods connect to (DNS, a
   * database, an API) is not restricted. To restrict egress, add a NetworkPolicy of your own for
   * the same pods (`web.selectPods()`, or `podSelector.matchLabels: web.selectorLabels`) with
   * `policyTypes: [Egress]` and egress rules; allow DNS (port 53, UDP and TCP, to the cluster's DNS)
   * or the pods cannot resolve names.
   *
   * @default - no NetworkPolicy
   */
  readonly networkPolicyAllowFrom?: AllowFrom[];

  // ---------------------------------------------------------------- metadata

  /**
   * "The name of the application": the value of the recommended label `app.kubernetes.io/name`,
   * set with `app.kubernetes.io/instance: <name>` and `app.kubernetes.io/managed-by: cdk8s` on
   * every object and pod, never in a selector.
   *
   * @default - the container name
   */
  readonly appName?: string;

  /**
   * Labels for every object this construct creates (not for its selectors).
   *
   * @default - none
   */
  readonly metadataLabels?: { [key: string]: string };

  /**
   * Annotations for every object this construct creates. Kubernetes allows at most 256 KiB of
   * annotations (keys and values) on one object, with those of the other props that write there
   * (`serviceAnnotations`, the exemption annotation of `podSecurityExemptions`).
   *
   * @default - none
   */
  readonly metadataAnnotations?: { [key: string]: string };

  /**
   * More labels for the pods (not for the selectors). A selector label cannot be redefined.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Annotations for the pods, at most 256 KiB (keys and values). Those that Kubernetes validates
   * are checked as it does (AppArmor, seccomp, the deletion cost), and AppArmor and seccomp
   * annotations count in the Pod Security checks like the fields they stand for.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
}
