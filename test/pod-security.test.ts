// The restricted Pod Security Standard: each check of k8s.io/pod-security-admission, broken
// through an escape hatch on the rendered StatefulSet, with the exact message; the exemptions.
// Patch paths are the manifest's (`hostPID`).
import { JsonPatch, Testing } from 'cdk8s';
import { PodSecurityCheck, StatefulWeb } from '../lib';
import { checkPodSecurity, POD_SECURITY_CHECKS, PSS_CHECK_RULES } from '../lib/validation/pod-security';
import { WebExampleChart } from '../main';
import { synthErrors } from './helpers';

const C = '/spec/template/spec/containers/0';

/** The classic example, with `patches` applied to its StatefulSet. */
function exampleWith(...patches: JsonPatch[]) {
  const chart = new WebExampleChart(Testing.app(), 'web-example');
  chart.web.statefulSet.addJsonPatch(...patches);
  return chart;
}

/** The message of one violation, as synthesis reports it for the example. */
function violation(level: 'baseline' | 'restricted', check: PodSecurityCheck, member: string, found: string): string {
  return (
    `[web-example/web] The pod template must meet the ${level} Pod Security Standard, check ${check}: ` +
    `${PSS_CHECK_RULES[check]}. Found: ${found}. To accept this, add PodSecurityCheck.${member} to podSecurityExemptions.`
  );
}

test('the example meets the restricted standard: no check fails', () => {
  expect(synthErrors(exampleWith())).toEqual([]);
});

test('the rule texts cover every check', () => {
  expect(Object.keys(PSS_CHECK_RULES).sort()).toEqual(Object.values(PodSecurityCheck).sort());
});

describe('each check, broken', () => {
  // [check, its level, its member name, the patches that break it, what the message says was found]
  const cases: Array<[PodSecurityCheck, 'baseline' | 'restricted', string, JsonPatch[], string]> = [
    [
      PodSecurityCheck.HOST_NAMESPACES,
      'baseline',
      'HOST_NAMESPACES',
      [JsonPatch.add('/spec/template/spec/hostNetwork', true), JsonPatch.add('/spec/template/spec/hostPID', true)],
      'hostNetwork=true, hostPID=true',
    ],
    [
      PodSecurityCheck.PRIVILEGED,
      'baseline',
      'PRIVILEGED',
      [JsonPatch.replace(`${C}/securityContext/privileged`, true)],
      'container "nginx" must not set securityContext.privileged=true',
    ],
    [
      PodSecurityCheck.HOST_PORTS,
      'baseline',
      'HOST_PORTS',
      [JsonPatch.add(`${C}/ports/0/hostPort`, 80)],
      'container "nginx" must not use hostPort 80',
    ],
    [
      PodSecurityCheck.APP_ARMOR_PROFILE,
      'baseline',
      'APP_ARMOR_PROFILE',
      [JsonPatch.add('/spec/template/metadata/annotations', { 'container.apparmor.security.beta.kubernetes.io/nginx': 'unconfined' })],
      'annotation container.apparmor.security.beta.kubernetes.io/nginx="unconfined"',
    ],
    [
      PodSecurityCheck.SE_LINUX_OPTIONS,
      'baseline',
      'SE_LINUX_OPTIONS',
      [JsonPatch.add(`${C}/securityContext/seLinuxOptions`, { type: 'spc_t', user: 'system_u' })],
      'container "nginx" sets seLinuxOptions type "spc_t", user "system_u"',
    ],
    [
      PodSecurityCheck.SYSCTLS,
      'baseline',
      'SYSCTLS',
      [
        JsonPatch.add('/spec/template/spec/securityContext/sysctls', [
          { name: 'net.ipv4.tcp_syncookies', value: '1' },
          { name: 'kernel.msgmax', value: '65536' },
        ]),
      ],
      'forbidden sysctl "kernel.msgmax"',
    ],
    [
      PodSecurityCheck.WINDOWS_HOST_PROCESS,
      'baseline',
      'WINDOWS_HOST_PROCESS',
      [JsonPatch.add('/spec/template/spec/securityContext/windowsOptions', { hostProcess: true })],
      'pod must not set securityContext.windowsOptions.hostProcess=true',
    ],
    [
      PodSecurityCheck.HOST_PROBES_AND_HOST_LIFECYCLE,
      'baseline',
      'HOST_PROBES_AND_HOST_LIFECYCLE',
      [JsonPatch.add(`${C}/readinessProbe/tcpSocket/host`, '10.0.0.1')],
      'container "nginx" must not use probe or lifecycle host "10.0.0.1"',
    ],
    [
      PodSecurityCheck.RESTRICTED_VOLUMES,
      'restricted',
      'RESTRICTED_VOLUMES',
      [
        JsonPatch.add('/spec/template/spec/volumes', [{ name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } }]),
        JsonPatch.add(`${C}/volumeMounts/-`, { name: 'shared', mountPath: '/shared' }),
      ],
      'volume "shared" of restricted type',
    ],
    [
      PodSecurityCheck.ALLOW_PRIVILEGE_ESCALATION,
      'restricted',
      'ALLOW_PRIVILEGE_ESCALATION',
      [JsonPatch.remove(`${C}/securityContext/allowPrivilegeEscalation`)],
      'container "nginx" must set securityContext.allowPrivilegeEscalation=false',
    ],
    [
      PodSecurityCheck.RUN_AS_NON_ROOT,
      'restricted',
      'RUN_AS_NON_ROOT',
      [JsonPatch.replace(`${C}/securityContext/runAsNonRoot`, false)],
      'container "nginx" must not set securityContext.runAsNonRoot=false',
    ],
    [
      PodSecurityCheck.RUN_AS_USER,
      'restricted',
      'RUN_AS_USER',
      [JsonPatch.add('/spec/template/spec/securityContext/runAsUser', 0)],
      'pod must not set runAsUser=0',
    ],
    [
      PodSecurityCheck.SECCOMP_PROFILE_RESTRICTED,
      'restricted',
      'SECCOMP_PROFILE_RESTRICTED',
      [JsonPatch.remove('/spec/template/spec/securityContext/seccompProfile')],
      'pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    ],
  ];

  test.each(cases)('%s', (check, level, member, patches, found) => {
    expect(synthErrors(exampleWith(...patches))).toEqual([violation(level, check, member, found)]);
  });

  test('a hostPath volume breaks hostPathVolumes and restrictedVolumes', () => {
    expect(
      synthErrors(
        exampleWith(
          JsonPatch.add('/spec/template/spec/volumes', [{ name: 'host', hostPath: { path: '/var/run' } }]),
          JsonPatch.add(`${C}/volumeMounts/-`, { name: 'host', mountPath: '/host' }),
        ),
      ),
    ).toEqual([
      violation('baseline', PodSecurityCheck.HOST_PATH_VOLUMES, 'HOST_PATH_VOLUMES', 'hostPath volume "host"'),
      violation('restricted', PodSecurityCheck.RESTRICTED_VOLUMES, 'RESTRICTED_VOLUMES', 'volume "host" of restricted type'),
    ]);
  });

  test('seccomp Unconfined breaks seccompProfile_baseline and seccompProfile_restricted', () => {
    expect(synthErrors(exampleWith(JsonPatch.add(`${C}/securityContext/seccompProfile`, { type: 'Unconfined' })))).toEqual([
      violation(
        'baseline',
        PodSecurityCheck.SECCOMP_PROFILE_BASELINE,
        'SECCOMP_PROFILE_BASELINE',
        'container "nginx" must not set securityContext.seccompProfile.type to "Unconfined"',
      ),
      violation(
        'restricted',
        PodSecurityCheck.SECCOMP_PROFILE_RESTRICTED,
        'SECCOMP_PROFILE_RESTRICTED',
        'container "nginx" must not set securityContext.seccompProfile.type to "Unconfined"',
      ),
    ]);
  });

  test('capabilities beyond the default set break capabilities_baseline and capabilities_restricted', () => {
    expect(synthErrors(exampleWith(JsonPatch.add(`${C}/securityContext/capabilities/add`, ['SYS_ADMIN', 'CHOWN'])))).toEqual([
      violation(
        'baseline',
        PodSecurityCheck.CAPABILITIES_BASELINE,
        'CAPABILITIES_BASELINE',
        'container "nginx" must not include "SYS_ADMIN" in securityContext.capabilities.add',
      ),
      violation(
        'restricted',
        PodSecurityCheck.CAPABILITIES_RESTRICTED,
        'CAPABILITIES_RESTRICTED',
        'container "nginx" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add',
      ),
    ]);
  });

  test('values that are not strings are shown as the values they are, not as [object Object]', () => {
    expect(
      synthErrors(
        exampleWith(
          JsonPatch.add(`${C}/securityContext/capabilities/add`, [{ name: 'SYS_ADMIN' }]),
          JsonPatch.add('/spec/template/metadata/annotations', {
            'container.apparmor.security.beta.kubernetes.io/nginx': { profile: 'unconfined' },
          }),
        ),
      ),
    ).toEqual([
      violation(
        'baseline',
        PodSecurityCheck.CAPABILITIES_BASELINE,
        'CAPABILITIES_BASELINE',
        'container "nginx" must not include {"name":"SYS_ADMIN"} in securityContext.capabilities.add',
      ),
      violation(
        'baseline',
        PodSecurityCheck.APP_ARMOR_PROFILE,
        'APP_ARMOR_PROFILE',
        'annotation container.apparmor.security.beta.kubernetes.io/nginx={"profile":"unconfined"}',
      ),
      violation(
        'restricted',
        PodSecurityCheck.CAPABILITIES_RESTRICTED,
        'CAPABILITIES_RESTRICTED',
        'container "nginx" must not include {"name":"SYS_ADMIN"} in securityContext.capabilities.add',
      ),
    ]);
  });

  test('a default capability, or no drop ALL, breaks only capabilities_restricted', () => {
    expect(synthErrors(exampleWith(JsonPatch.replace(`${C}/securityContext/capabilities`, { drop: ['NET_RAW'], add: ['CHOWN'] })))).toEqual(
      [
        violation(
          'restricted',
          PodSecurityCheck.CAPABILITIES_RESTRICTED,
          'CAPABILITIES_RESTRICTED',
          'container "nginx" must set securityContext.capabilities.drop=["ALL"]; container "nginx" must not include "CHOWN" in securityContext.capabilities.add',
        ),
      ],
    );
  });

  test('an unmasked /proc breaks procMount_baseline and procMount_restricted', () => {
    expect(synthErrors(exampleWith(JsonPatch.add(`${C}/securityContext/procMount`, 'Unmasked')))).toEqual([
      violation(
        'baseline',
        PodSecurityCheck.PROC_MOUNT_BASELINE,
        'PROC_MOUNT_BASELINE',
        'container "nginx" must not set securityContext.procMount to "Unmasked"',
      ),
      violation(
        'restricted',
        PodSecurityCheck.PROC_MOUNT_RESTRICTED,
        'PROC_MOUNT_RESTRICTED',
        'container "nginx" must not set securityContext.procMount to "Unmasked"',
      ),
    ]);
  });

  test('in a user namespace (hostUsers: false), an unmasked /proc breaks only procMount_restricted', () => {
    expect(
      synthErrors(
        exampleWith(JsonPatch.add(`${C}/securityContext/procMount`, 'Unmasked'), JsonPatch.add('/spec/template/spec/hostUsers', false)),
      ),
    ).toEqual([
      violation(
        'restricted',
        PodSecurityCheck.PROC_MOUNT_RESTRICTED,
        'PROC_MOUNT_RESTRICTED',
        'container "nginx" must not set securityContext.procMount to "Unmasked"',
      ),
    ]);
  });

  test('runAsNonRoot removed from the pod and the container', () => {
    expect(
      synthErrors(
        exampleWith(
          JsonPatch.remove(`${C}/securityContext/runAsNonRoot`),
          JsonPatch.remove('/spec/template/spec/securityContext/runAsNonRoot'),
        ),
      ),
    ).toEqual([
      violation(
        'restricted',
        PodSecurityCheck.RUN_AS_NON_ROOT,
        'RUN_AS_NON_ROOT',
        'pod or container "nginx" must set securityContext.runAsNonRoot=true',
      ),
    ]);
  });
});

describe('annotations count like the fields, through props, without an escape hatch', () => {
  const props = (podAnnotations: { [key: string]: string }, podSecurityExemptions?: PodSecurityCheck[]) => ({
    image: 'bitnami/nginx',
    podAnnotations,
    podSecurityExemptions,
  });
  const errorsOf = (p: ReturnType<typeof props>) => {
    const chart = Testing.chart();
    new StatefulWeb(chart, 'web', p);
    return synthErrors(chart);
  };
  const baseline = (found: string) =>
    '[test/web] The pod template must meet the baseline Pod Security Standard, check seccompProfile_baseline: ' +
    `${PSS_CHECK_RULES.seccompProfile_baseline}. Found: ${found}. To accept this, add PodSecurityCheck.SECCOMP_PROFILE_BASELINE to podSecurityExemptions.`;

  // As Pod Security admission reads them at policy versions 1.0 to 1.18.
  test('a container seccomp annotation "unconfined" breaks seccompProfile_baseline', () => {
    expect(errorsOf(props({ 'container.seccomp.security.alpha.kubernetes.io/nginx': 'unconfined' }))).toEqual([
      baseline('forbidden annotation container.seccomp.security.alpha.kubernetes.io/nginx="unconfined"'),
    ]);
  });

  test('exempted, it passes', () => {
    expect(
      errorsOf(
        props({ 'container.seccomp.security.alpha.kubernetes.io/nginx': 'unconfined' }, [PodSecurityCheck.SECCOMP_PROFILE_BASELINE]),
      ),
    ).toEqual([]);
  });

  test('the annotation of a container the pod does not have is not read, as upstream', () => {
    expect(errorsOf(props({ 'container.seccomp.security.alpha.kubernetes.io/sidecar': 'unconfined' }))).toEqual([]);
  });

  test('a pod seccomp annotation "unconfined" written through an escape hatch breaks seccompProfile_baseline', () => {
    expect(
      synthErrors(
        exampleWith(JsonPatch.add('/spec/template/metadata/annotations', { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' })),
      ),
    ).toEqual([expect.stringContaining('Found: forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined".')]);
  });

  test('an AppArmor annotation "unconfined" breaks appArmorProfile', () => {
    expect(errorsOf(props({ 'container.apparmor.security.beta.kubernetes.io/nginx': 'unconfined' }))).toEqual([
      '[test/web] The pod template must meet the baseline Pod Security Standard, check appArmorProfile: ' +
        `${PSS_CHECK_RULES.appArmorProfile}. Found: annotation container.apparmor.security.beta.kubernetes.io/nginx="unconfined". ` +
        'To accept this, add PodSecurityCheck.APP_ARMOR_PROFILE to podSecurityExemptions.',
    ]);
  });
});

describe('fields newer than the 1.28 schema of the generated classes, on plain JSON', () => {
  const template = (spec: object, annotations?: object) => ({
    metadata: { annotations },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'web', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      ...spec,
    },
  });

  test('appArmorProfile.type Unconfined breaks appArmorProfile; RuntimeDefault and localhost/ annotations pass', () => {
    const pod = template(
      { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'Unconfined' } } },
      { 'container.apparmor.security.beta.kubernetes.io/web': 'localhost/custom' },
    );
    expect(checkPodSecurity(pod, new Set())).toEqual([
      'The pod template must meet the baseline Pod Security Standard, check appArmorProfile: ' +
        `${PSS_CHECK_RULES.appArmorProfile}. Found: pod appArmorProfile.type "Unconfined". ` +
        'To accept this, add PodSecurityCheck.APP_ARMOR_PROFILE to podSecurityExemptions.',
    ]);
  });

  test('image volumes are allowed', () => {
    expect(checkPodSecurity(template({ volumes: [{ name: 'model', image: { reference: 'example.com/model:1' } }] }), new Set())).toEqual(
      [],
    );
  });
});

describe('exemptions', () => {
  test('podSecurityExemptions writes the annotation on the StatefulSet, and the exempted checks pass', () => {
    const chart = Testing.chart();
    const web = new StatefulWeb(chart, 'web', {
      image: 'bitnami/nginx',
      podSecurityExemptions: [PodSecurityCheck.RUN_AS_USER, PodSecurityCheck.CAPABILITIES_RESTRICTED],
    });
    web.statefulSet.addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/runAsUser', 0),
      JsonPatch.add(`${C}/securityContext/capabilities/add`, ['CHOWN']),
    );
    expect(synthErrors(chart)).toEqual([]);
    expect(web.statefulSet.toJson().metadata.annotations).toEqual({
      'stateful-web.cdk8s.io/pss-exempt': 'runAsUser,capabilities_restricted',
    });
  });

  test('an exemption does not cover other checks: capabilities_baseline still applies', () => {
    const chart = Testing.chart();
    const web = new StatefulWeb(chart, 'web', {
      image: 'bitnami/nginx',
      podSecurityExemptions: [PodSecurityCheck.CAPABILITIES_RESTRICTED],
    });
    web.statefulSet.addJsonPatch(JsonPatch.add(`${C}/securityContext/capabilities/add`, ['SYS_ADMIN']));
    expect(synthErrors(chart)).toEqual([
      '[test/web] The pod template must meet the baseline Pod Security Standard, check capabilities_baseline: ' +
        `${PSS_CHECK_RULES.capabilities_baseline}. Found: container "nginx" must not include "SYS_ADMIN" in securityContext.capabilities.add. ` +
        'To accept this, add PodSecurityCheck.CAPABILITIES_BASELINE to podSecurityExemptions.',
    ]);
  });

  test('removing the annotation through an escape hatch brings the checks back', () => {
    const chart = Testing.chart();
    const web = new StatefulWeb(chart, 'web', { image: 'bitnami/nginx', podSecurityExemptions: [PodSecurityCheck.RUN_AS_USER] });
    web.statefulSet.addJsonPatch(
      JsonPatch.add('/spec/template/spec/securityContext/runAsUser', 0),
      JsonPatch.remove('/metadata/annotations'),
    );
    expect(synthErrors(chart)).toEqual([
      '[test/web] The pod template must meet the restricted Pod Security Standard, check runAsUser: ' +
        `${PSS_CHECK_RULES.runAsUser}. Found: pod must not set runAsUser=0. ` +
        'To accept this, add PodSecurityCheck.RUN_AS_USER to podSecurityExemptions.',
    ]);
  });

  test('an unknown check id in the annotation is an error at synth time', () => {
    const chart = exampleWith(JsonPatch.add('/metadata/annotations', { 'stateful-web.cdk8s.io/pss-exempt': 'runAsUser, procMount' }));
    expect(synthErrors(chart)).toEqual([
      '[web-example/web] The annotation stateful-web.cdk8s.io/pss-exempt of the StatefulSet must list Pod Security check ids, separated by commas: ' +
        `${Object.values(PodSecurityCheck).join(', ')}. Found: "procMount".`,
    ]);
  });

  test('a securityContext value that is not a string is shown as the value it is (it was quoted as String() wrote it)', () => {
    expect(
      synthErrors(
        exampleWith(
          JsonPatch.add(`${C}/securityContext/seLinuxOptions`, { type: { a: 1 }, user: 7 }),
          JsonPatch.add(`${C}/securityContext/appArmorProfile`, { type: ['x'] }),
        ),
      ),
    ).toEqual([
      violation('baseline', PodSecurityCheck.APP_ARMOR_PROFILE, 'APP_ARMOR_PROFILE', 'container "nginx" appArmorProfile.type ["x"]'),
      violation(
        'baseline',
        PodSecurityCheck.SE_LINUX_OPTIONS,
        'SE_LINUX_OPTIONS',
        'container "nginx" sets seLinuxOptions type {"a":1}, user 7',
      ),
    ]);
  });

  test('an annotation value that is not a string is shown as the value it is, not as [object Object]', () => {
    const chart = exampleWith(JsonPatch.add('/metadata/annotations', { 'stateful-web.cdk8s.io/pss-exempt': { runAsUser: true } }));
    expect(synthErrors(chart)).toEqual([
      '[web-example/web] The annotation stateful-web.cdk8s.io/pss-exempt of the StatefulSet must list Pod Security check ids, separated by commas: ' +
        `${Object.values(PodSecurityCheck).join(', ')}. Found: {"runAsUser":true}.`,
    ]);
  });

  test.each<[string, PodSecurityCheck[], string]>([
    [
      'an unknown check id',
      ['procMount' as PodSecurityCheck],
      `StatefulWeb "test/web": invalid podSecurityExemptions[0] "procMount": it must be one of ${Object.values(PodSecurityCheck).join(', ')}.`,
    ],
    [
      'a duplicate',
      [PodSecurityCheck.RUN_AS_USER, PodSecurityCheck.RUN_AS_USER],
      'StatefulWeb "test/web": invalid podSecurityExemptions ["runAsUser","runAsUser"]: it must be a list without duplicates.',
    ],
    [
      'an empty list',
      [],
      'StatefulWeb "test/web": invalid podSecurityExemptions []: it must be a non-empty list of PodSecurityCheck values (omit it to exempt nothing).',
    ],
  ])('podSecurityExemptions with %s is rejected by the constructor', (_, exemptions, message) => {
    expect(() => new StatefulWeb(Testing.chart(), 'web', { image: 'bitnami/nginx', podSecurityExemptions: exemptions })).toThrow(message);
  });
});

test('Pod Security has one record per check, in the order of PodSecurityCheck', () => {
  expect(POD_SECURITY_CHECKS.map((record) => record.id)).toEqual(Object.values(PodSecurityCheck));
});
