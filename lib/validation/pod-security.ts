// The Pod Security Standards, "baseline" and "restricted", as the Kubernetes API server's
// PodSecurity admission enforces them: one function per check of k8s.io/pod-security-admission
// (staging/src/k8s.io/pod-security-admission/policy/check_<id>.go), named and worded after it, at
// the newest policy version (v1.35). No npm package implements them offline, so they are written
// here from those definitions. They read a rendered pod template (plain JSON).
//
// One difference, on the safe side: the relaxations for pods in a user namespace
// (`hostUsers: false`), which upstream applies only when a cluster administrator opts in, are
// applied only by procMount_baseline. A template that passes here passes the admission controller.
//
// Annotations count like the fields they stand for, so that a template that passes here passes
// the admission controller at every policy version. AppArmor's are read by the check
// appArmorProfile, as upstream's at every version. Seccomp's are read by seccompProfile_baseline
// as upstream's reads them at policy versions 1.0 to 1.18 (a namespace can pin one with
// `pod-security.kubernetes.io/enforce-version`): since Kubernetes 1.27 they no longer set a
// profile (neither the API server nor the kubelet reads them), and later policy versions ignore
// them, but an `unconfined` one still says that seccomp is meant to be off.
import { APPARMOR_ANNOTATION_PREFIX, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION } from './pod-annotations';
import { PropChecker } from './prop-checker';
import { at, field, JsonFields, list, objectList, orEmpty, show } from './show';
import { enumOf, registerKind } from './kinds';

/**
 * The checks of the Pod Security Standards, by their ids in k8s.io/pod-security-admission. Every
 * StatefulWeb's pod template must pass all of them (the "restricted" level includes "baseline"),
 * except those listed in `podSecurityExemptions`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityCheck {
  // ---- baseline
  /** Baseline: `hostNetwork`, `hostPID` and `hostIPC` false or unset. */
  HOST_NAMESPACES = 'hostNamespaces',
  /** Baseline: no privileged container. */
  PRIVILEGED = 'privileged',
  /** Baseline: no capability added beyond the container runtime's default set. */
  CAPABILITIES_BASELINE = 'capabilities_baseline',
  /** Baseline: no hostPath volume. */
  HOST_PATH_VOLUMES = 'hostPathVolumes',
  /** Baseline: no host port. */
  HOST_PORTS = 'hostPorts',
  /** Baseline: the default AppArmor profile not overridden or disabled. */
  APP_ARMOR_PROFILE = 'appArmorProfile',
  /** Baseline: no custom SELinux user, role or type. */
  SE_LINUX_OPTIONS = 'seLinuxOptions',
  /** Baseline: the default /proc masks kept (relaxed for pods with `hostUsers: false`). */
  PROC_MOUNT_BASELINE = 'procMount_baseline',
  /** Baseline: seccomp not disabled (`Unconfined`). */
  SECCOMP_PROFILE_BASELINE = 'seccompProfile_baseline',
  /** Baseline: only the safe sysctls. */
  SYSCTLS = 'sysctls',
  /** Baseline: no Windows HostProcess container. */
  WINDOWS_HOST_PROCESS = 'windowsHostProcess',
  /** Baseline: probes and lifecycle handlers do not name another host. */
  HOST_PROBES_AND_HOST_LIFECYCLE = 'hostProbesAndHostLifecycle',
  // ---- restricted
  /** Restricted: only volume types defined through PersistentVolumes or by the pod itself. */
  RESTRICTED_VOLUMES = 'restrictedVolumes',
  /** Restricted: `allowPrivilegeEscalation: false` on every container. */
  ALLOW_PRIVILEGE_ESCALATION = 'allowPrivilegeEscalation',
  /** Restricted: `runAsNonRoot: true` on the pod or every container. */
  RUN_AS_NON_ROOT = 'runAsNonRoot',
  /** Restricted: no `runAsUser: 0`. */
  RUN_AS_USER = 'runAsUser',
  /** Restricted: seccomp profile `RuntimeDefault` or `Localhost` on the pod or every container. */
  SECCOMP_PROFILE_RESTRICTED = 'seccompProfile_restricted',
  /** Restricted: every container drops ALL capabilities and adds back at most NET_BIND_SERVICE. */
  CAPABILITIES_RESTRICTED = 'capabilities_restricted',
  /** Restricted: the default /proc masks kept, in a user namespace too. */
  PROC_MOUNT_RESTRICTED = 'procMount_restricted',
}

/** The annotation of the StatefulSet that lists the exempted checks, comma-separated. */
export const PSS_EXEMPT_ANNOTATION = 'stateful-web.cdk8s.io/pss-exempt';

export type Level = 'baseline' | 'restricted';

const CHECK_IDS = Object.values(PodSecurityCheck) as string[];
const MEMBER_OF: { [id: string]: string } = Object.fromEntries(Object.entries(PodSecurityCheck).map(([member, id]) => [id, member]));

const DEFAULT_CAPABILITIES: ReadonlySet<unknown> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SELINUX_TYPES: ReadonlySet<unknown> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SAFE_SYSCTLS: ReadonlySet<unknown> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const ALLOWED_VOLUME_SOURCES: ReadonlySet<unknown> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const PROFILES: ReadonlySet<unknown> = new Set(['RuntimeDefault', 'Localhost']);

/**
 * The exemption annotation for `podSecurityExemptions`, checked: known check ids, each once.
 */
export function resolvePodSecurityExemptions(
  check: PropChecker,
  exemptions: PodSecurityCheck[] | undefined,
): { [key: string]: string } | undefined {
  if (exemptions === undefined) return undefined;
  check.that(
    'podSecurityExemptions',
    exemptions,
    Array.isArray(exemptions) && exemptions.length > 0,
    'a non-empty list of PodSecurityCheck values (omit it to exempt nothing)',
  );
  exemptions.forEach((id, i) => check.oneOf(`podSecurityExemptions[${i}]`, id, PodSecurityCheck));
  check.that('podSecurityExemptions', exemptions, new Set(exemptions).size === exemptions.length, 'a list without duplicates');
  return { [PSS_EXEMPT_ANNOTATION]: exemptions.join(',') };
}

/** The exempted checks of an annotation value, and the ids in it that are not checks. */
export function parseExemptions(value: unknown): { exempt: Set<string>; unknown: unknown[] } {
  const exempt = new Set<string>();
  const unknown: unknown[] = [];
  if (typeof value !== 'string') return { exempt, unknown: value === undefined ? unknown : [value] };
  for (const raw of value.split(',')) {
    const id = raw.trim();
    if (id === '') continue;
    if (CHECK_IDS.includes(id)) exempt.add(id);
    else unknown.push(id);
  }
  return { exempt, unknown };
}

/** The message of an exemption annotation that names something other than a check. */
export function unknownExemptionMessage(unknown: unknown[]): string {
  return `The annotation ${PSS_EXEMPT_ANNOTATION} of the StatefulSet must list Pod Security check ids, separated by commas: ${CHECK_IDS.join(', ')}. Found: ${unknown.map(show).join(', ')}.`;
}

/** The message of one violation: the level, the check, its rule, what breaks it and how to exempt it. */
export function podSecurityMessage(check: PodSecurityCheck, detail: string): string {
  return (
    `The pod template must meet the ${PSS_CHECK_LEVELS[check]} Pod Security Standard, check ${check}: ${PSS_CHECK_RULES[check]}. ` +
    `Found: ${detail}. To accept this, add PodSecurityCheck.${MEMBER_OF[check]} to podSecurityExemptions.`
  );
}

/**
 * Checks a rendered pod template (`spec.template` of a StatefulSet) against the restricted Pod
 * Security Standard and returns one message per failing check that is not in `exempt`.
 */
export function checkPodSecurity(template: unknown, exempt: ReadonlySet<string>): string[] {
  const meta = orEmpty(at(template, 'metadata'));
  const spec = orEmpty(at(template, 'spec'));
  const containers = containersOf(spec);
  const errors: string[] = [];
  for (const { id, check } of POD_SECURITY_CHECKS) {
    if (exempt.has(id)) continue;
    const detail = check(spec, containers, meta);
    if (detail !== undefined) errors.push(podSecurityMessage(id, detail));
  }
  return errors;
}

/** A check of the Pod Security Standards: its id, its level, what it requires (every violation message states it), and the check. */
export interface PodSecurityRecord {
  readonly id: PodSecurityCheck;
  readonly level: Level;
  /** What the check requires, in words. */
  readonly rule: string;
  /** What in the pod template breaks it, for the message, or undefined when it passes. */
  readonly check: Check;
}

/** A check reads the pod template's spec and metadata (`{}` when missing) and its containers (`containersOf`), as plain JSON. */
type Check = (spec: JsonFields, containers: unknown[], meta: JsonFields) => string | undefined;

/**
 * The checks, one record each, in the order of upstream's policy/check_*.go files as the
 * PodSecurityCheck enum lists them. Adding a check means adding its id to the enum and its record here.
 */
export const POD_SECURITY_CHECKS: readonly PodSecurityRecord[] = [
  {
    id: PodSecurityCheck.HOST_NAMESPACES,
    level: 'baseline',
    rule: 'host namespaces must not be shared: spec.hostNetwork, spec.hostPID and spec.hostIPC must be false or unset',
    check: (spec) => {
      const set = ['hostNetwork', 'hostPID', 'hostIPC'].filter((field) => spec[field] === true);
      return set.length > 0 ? `${set.map((f) => `${f}=true`).join(', ')}` : undefined;
    },
  },
  {
    id: PodSecurityCheck.PRIVILEGED,
    level: 'baseline',
    rule: 'privileged containers are forbidden: securityContext.privileged must be false or unset',
    check: (_, containers) =>
      containersWhere(containers, (sc) => at(sc, 'privileged') === true, 'must not set securityContext.privileged=true'),
  },
  {
    id: PodSecurityCheck.CAPABILITIES_BASELINE,
    level: 'baseline',
    rule: 'containers must not add capabilities beyond the default set: securityContext.capabilities.add may only hold AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT',
    check: (_, containers) => {
      const added = new Set<unknown>();
      const detail = containersWhere(
        containers,
        (sc) => {
          const bad = list(at(sc, 'capabilities', 'add')).filter((c) => !DEFAULT_CAPABILITIES.has(c));
          bad.forEach((c) => added.add(c));
          return bad.length > 0;
        },
        'must not include %s in securityContext.capabilities.add',
      );
      return detail?.replace('%s', quoteAll([...added].sort()));
    },
  },
  {
    id: PodSecurityCheck.HOST_PATH_VOLUMES,
    level: 'baseline',
    rule: 'hostPath volumes are forbidden',
    check: (spec) => {
      const names = list(spec.volumes)
        .filter((v) => at(v, 'hostPath') !== undefined)
        .map((v) => at(v, 'name'));
      return names.length > 0 ? `${plural('hostPath volume', names.length)} ${quoteAll(names)}` : undefined;
    },
  },
  {
    id: PodSecurityCheck.HOST_PORTS,
    level: 'baseline',
    rule: 'host ports are forbidden: ports[*].hostPort must be 0 or unset',
    check: (_, containers) => {
      const ports = new Set<string>();
      const detail = containersWhere(
        containers,
        (_sc, c) => {
          const bad = list(field(c, 'ports')).filter((p) => at(p, 'hostPort') !== undefined && at(p, 'hostPort') !== 0);
          bad.forEach((p) => ports.add(String(at(p, 'hostPort'))));
          return bad.length > 0;
        },
        'must not use hostPort %s',
      );
      return detail?.replace('%s', [...ports].join(', '));
    },
  },
  {
    id: PodSecurityCheck.APP_ARMOR_PROFILE,
    level: 'baseline',
    rule: 'the default AppArmor profile must not be overridden or disabled: securityContext.appArmorProfile.type must be RuntimeDefault, Localhost or unset, and annotations container.apparmor.security.beta.kubernetes.io/* runtime/default, localhost/* or empty',
    check: (spec, containers, meta) => {
      const found: string[] = [];
      const podType = at(spec.securityContext, 'appArmorProfile', 'type');
      if (podType !== undefined && !PROFILES.has(podType)) found.push(`pod appArmorProfile.type ${show(podType)}`);
      for (const c of containers) {
        const type = at(field(c, 'securityContext'), 'appArmorProfile', 'type');
        if (type !== undefined && !PROFILES.has(type)) found.push(`container ${show(field(c, 'name'))} appArmorProfile.type ${show(type)}`);
      }
      for (const [key, value] of Object.entries(orEmpty(meta.annotations))) {
        if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value)) {
          found.push(`annotation ${key}=${show(value)}`);
        }
      }
      return found.length > 0 ? found.join(', ') : undefined;
    },
  },
  {
    id: PodSecurityCheck.SE_LINUX_OPTIONS,
    level: 'baseline',
    rule: 'custom SELinux options are forbidden: securityContext.seLinuxOptions.type must be container_t, container_init_t, container_kvm_t, container_engine_t or unset, and seLinuxOptions.user and seLinuxOptions.role unset',
    check: (spec, containers) => {
      const found: string[] = [];
      const describe = (who: string, options: unknown) => {
        if (options === undefined || options === null) return;
        const { type, user, role } = orEmpty(options);
        const bad: string[] = [];
        if (!SELINUX_TYPES.has(type ?? '')) bad.push(`type ${show(type)}`);
        if (user) bad.push(`user ${show(user)}`);
        if (role) bad.push(`role ${show(role)}`);
        if (bad.length > 0) found.push(`${who} sets seLinuxOptions ${bad.join(', ')}`);
      };
      describe('pod', at(spec.securityContext, 'seLinuxOptions'));
      for (const c of containers) describe(`container ${show(field(c, 'name'))}`, at(field(c, 'securityContext'), 'seLinuxOptions'));
      return found.length > 0 ? found.join('; ') : undefined;
    },
  },
  {
    id: PodSecurityCheck.PROC_MOUNT_BASELINE,
    level: 'baseline',
    rule: 'the default /proc masks must be kept: securityContext.procMount must be Default or unset, unless the pod sets hostUsers: false',
    check: (spec, containers) => (spec.hostUsers === false ? undefined : procMount(containers)),
  },
  {
    id: PodSecurityCheck.SECCOMP_PROFILE_BASELINE,
    level: 'baseline',
    rule: 'seccomp must not be disabled: securityContext.seccompProfile.type must not be Unconfined, and the annotations seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/* (read up to policy version 1.18) must be runtime/default, docker/default or localhost/*',
    check: (spec, containers, meta) => {
      const found: string[] = [];
      const fields = podOrContainersWhere(
        spec,
        containers,
        (sc) => at(sc, 'seccompProfile', 'type') === 'Unconfined',
        'must not set securityContext.seccompProfile.type to "Unconfined"',
      );
      if (fields !== undefined) found.push(fields);
      // As upstream's seccompProfileBaseline_1_0: the pod's annotation and those of its containers.
      const annotations = orEmpty(meta.annotations);
      const keys = [SECCOMP_POD_ANNOTATION, ...containers.map((c) => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${String(field(c, 'name'))}`)];
      const forbidden = [...new Set(keys)]
        .filter((key) => key in annotations && !allowedSeccompAnnotation(annotations[key]))
        .sort()
        .map((key) => `${key}=${show(annotations[key])}`);
      if (forbidden.length > 0) found.push(`forbidden ${plural('annotation', forbidden.length)} ${forbidden.join(', ')}`);
      return found.length > 0 ? found.join('; ') : undefined;
    },
  },
  {
    id: PodSecurityCheck.SYSCTLS,
    level: 'baseline',
    rule: 'only safe sysctls are allowed: spec.securityContext.sysctls may only name kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem and net.ipv4.tcp_wmem',
    check: (spec) => {
      const bad = list(at(spec.securityContext, 'sysctls'))
        .map((s) => at(s, 'name'))
        .filter((name) => !SAFE_SYSCTLS.has(name));
      return bad.length > 0 ? `forbidden ${plural('sysctl', bad.length)} ${quoteAll(bad)}` : undefined;
    },
  },
  {
    id: PodSecurityCheck.WINDOWS_HOST_PROCESS,
    level: 'baseline',
    rule: 'Windows HostProcess containers are forbidden: securityContext.windowsOptions.hostProcess must be false or unset',
    check: (spec, containers) =>
      podOrContainersWhere(
        spec,
        containers,
        (sc) => at(sc, 'windowsOptions', 'hostProcess') === true,
        'must not set securityContext.windowsOptions.hostProcess=true',
      ),
  },
  {
    id: PodSecurityCheck.HOST_PROBES_AND_HOST_LIFECYCLE,
    level: 'baseline',
    rule: 'probes and lifecycle handlers must not name a host: their httpGet.host and tcpSocket.host must be empty or unset',
    check: (_, containers) => {
      const hosts = new Set<unknown>();
      const detail = containersWhere(
        containers,
        (_sc, c) => {
          const handlers = [
            field(c, 'livenessProbe'),
            field(c, 'readinessProbe'),
            field(c, 'startupProbe'),
            at(field(c, 'lifecycle'), 'postStart'),
            at(field(c, 'lifecycle'), 'preStop'),
          ];
          let bad = false;
          for (const handler of handlers) {
            for (const host of [at(handler, 'httpGet', 'host'), at(handler, 'tcpSocket', 'host')]) {
              if (host) {
                hosts.add(host);
                bad = true;
              }
            }
          }
          return bad;
        },
        'must not use probe or lifecycle host %s',
      );
      return detail?.replace('%s', quoteAll([...hosts].sort()));
    },
  },
  {
    id: PodSecurityCheck.RESTRICTED_VOLUMES,
    level: 'restricted',
    rule: 'only these volume types are allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret',
    check: (spec) => {
      const bad = list(spec.volumes).filter((v) => !Object.keys(orEmpty(v)).some((key) => ALLOWED_VOLUME_SOURCES.has(key)));
      return bad.length > 0
        ? `${plural('volume', bad.length)} ${quoteAll(bad.map((v) => at(v, 'name')))} of restricted ${plural('type', bad.length)}`
        : undefined;
    },
  },
  {
    id: PodSecurityCheck.ALLOW_PRIVILEGE_ESCALATION,
    level: 'restricted',
    rule: 'privilege escalation must be forbidden: securityContext.allowPrivilegeEscalation must be false on every container',
    check: (_, containers) =>
      containersWhere(
        containers,
        (sc) => at(sc, 'allowPrivilegeEscalation') !== false,
        'must set securityContext.allowPrivilegeEscalation=false',
      ),
  },
  {
    id: PodSecurityCheck.RUN_AS_NON_ROOT,
    level: 'restricted',
    rule: 'containers must run as non-root users: securityContext.runAsNonRoot must be true on the pod or on every container, and false nowhere',
    check: (spec, containers) => {
      const podValue = at(spec.securityContext, 'runAsNonRoot');
      const setters: string[] = podValue === false ? ['pod'] : [];
      const explicit = containers.filter((c) => at(field(c, 'securityContext'), 'runAsNonRoot') === false).map((c) => field(c, 'name'));
      if (explicit.length > 0) setters.push(`${plural('container', explicit.length)} ${quoteAll(explicit)}`);
      if (setters.length > 0) return `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`;
      const implicit =
        podValue === true
          ? []
          : containers.filter((c) => at(field(c, 'securityContext'), 'runAsNonRoot') !== true).map((c) => field(c, 'name'));
      return implicit.length > 0
        ? `pod or ${plural('container', implicit.length)} ${quoteAll(implicit)} must set securityContext.runAsNonRoot=true`
        : undefined;
    },
  },
  {
    id: PodSecurityCheck.RUN_AS_USER,
    level: 'restricted',
    rule: 'containers must not run as root: securityContext.runAsUser must not be 0',
    check: (spec, containers) => podOrContainersWhere(spec, containers, (sc) => at(sc, 'runAsUser') === 0, 'must not set runAsUser=0'),
  },
  {
    id: PodSecurityCheck.SECCOMP_PROFILE_RESTRICTED,
    level: 'restricted',
    rule: 'a seccomp profile must be set: securityContext.seccompProfile.type must be RuntimeDefault or Localhost on the pod or on every container',
    check: (spec, containers) => {
      const setters: string[] = [];
      const values = new Set<unknown>();
      const podType = at(spec.securityContext, 'seccompProfile', 'type');
      if (podType !== undefined && !PROFILES.has(podType)) {
        setters.push('pod');
        values.add(podType);
      }
      const podSet = podType !== undefined && PROFILES.has(podType);
      const explicit: unknown[] = [];
      const implicit: unknown[] = [];
      for (const c of containers) {
        const type = at(field(c, 'securityContext'), 'seccompProfile', 'type');
        if (type !== undefined) {
          if (!PROFILES.has(type)) {
            explicit.push(field(c, 'name'));
            values.add(type);
          }
        } else if (!podSet) {
          implicit.push(field(c, 'name'));
        }
      }
      if (explicit.length > 0) setters.push(`${plural('container', explicit.length)} ${quoteAll(explicit)}`);
      if (setters.length > 0) {
        return `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quoteAll([...values].sort())}`;
      }
      return implicit.length > 0
        ? `pod or ${plural('container', implicit.length)} ${quoteAll(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`
        : undefined;
    },
  },
  {
    id: PodSecurityCheck.CAPABILITIES_RESTRICTED,
    level: 'restricted',
    rule: 'containers must drop ALL capabilities and may add back only NET_BIND_SERVICE',
    check: (_, containers) => {
      const missingDropAll = containers
        .filter((c) => !list(at(field(c, 'securityContext'), 'capabilities', 'drop')).includes('ALL'))
        .map((c) => field(c, 'name'));
      const forbidden = new Set<unknown>();
      const adding = containers
        .filter((c) => {
          const bad = list(at(field(c, 'securityContext'), 'capabilities', 'add')).filter((cap) => cap !== 'NET_BIND_SERVICE');
          bad.forEach((cap) => forbidden.add(cap));
          return bad.length > 0;
        })
        .map((c) => field(c, 'name'));
      const details: string[] = [];
      if (missingDropAll.length > 0) {
        details.push(
          `${plural('container', missingDropAll.length)} ${quoteAll(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`,
        );
      }
      if (adding.length > 0) {
        details.push(
          `${plural('container', adding.length)} ${quoteAll(adding)} must not include ${quoteAll([...forbidden].sort())} in securityContext.capabilities.add`,
        );
      }
      return details.length > 0 ? details.join('; ') : undefined;
    },
  },
  {
    id: PodSecurityCheck.PROC_MOUNT_RESTRICTED,
    level: 'restricted',
    rule: 'the default /proc masks must be kept: securityContext.procMount must be Default or unset',
    check: (_, containers) => procMount(containers),
  },
];

/** What each check requires, in words, by id. */
export const PSS_CHECK_RULES = Object.fromEntries(POD_SECURITY_CHECKS.map((r) => [r.id, r.rule])) as {
  readonly [check in PodSecurityCheck]: string;
};

/** The level of each check, by id. */
export const PSS_CHECK_LEVELS = Object.fromEntries(POD_SECURITY_CHECKS.map((r) => [r.id, r.level])) as {
  readonly [check in PodSecurityCheck]: Level;
};

function procMount(containers: unknown[]): string | undefined {
  const types = new Set<unknown>();
  const detail = containersWhere(
    containers,
    (sc) => {
      const type = at(sc, 'procMount');
      if (type === undefined || type === 'Default') return false;
      types.add(type);
      return true;
    },
    'must not set securityContext.procMount to %s',
  );
  return detail?.replace('%s', quoteAll([...types].sort()));
}

/** The pod's containers, init containers and ephemeral containers, as upstream's visitContainers. */
function containersOf(spec: JsonFields): unknown[] {
  const init = objectList(spec.initContainers);
  const main = objectList(spec.containers);
  const ephemeral = objectList(spec.ephemeralContainers);
  return init.length === 0 && ephemeral.length === 0 ? main : [...init, ...main, ...ephemeral];
}

/** `container(s) "a", "b" <verb>` for the containers whose securityContext (or container) fails `bad`. */
function containersWhere(
  containers: unknown[],
  bad: (securityContext: unknown, container: unknown) => boolean,
  verb: string,
): string | undefined {
  const names: unknown[] = [];
  for (const c of containers) if (bad(field(c, 'securityContext'), c)) names.push(field(c, 'name'));
  return names.length > 0 ? `${plural('container', names.length)} ${quoteAll(names)} ${verb}` : undefined;
}

/** `pod and container(s) "a" <verb>` for the pod and the containers whose securityContext fails `bad`. */
function podOrContainersWhere(
  spec: JsonFields,
  containers: unknown[],
  bad: (securityContext: unknown) => boolean,
  verb: string,
): string | undefined {
  const setters: string[] = bad(spec.securityContext) ? ['pod'] : [];
  const names = containers.filter((c) => bad(field(c, 'securityContext'))).map((c) => field(c, 'name'));
  if (names.length > 0) setters.push(`${plural('container', names.length)} ${quoteAll(names)}`);
  return setters.length > 0 ? `${setters.join(' and ')} ${verb}` : undefined;
}

function allowedSeccompAnnotation(value: unknown): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function allowedAppArmorAnnotation(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}

function quoteAll(items: unknown[]): string {
  return items.map(show).join(', ');
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('PodSecurityCheck', PodSecurityCheck));
