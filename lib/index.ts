// The public API, and nothing else: every module also holds internal helpers (check*, resolve*, render*).
// Folders by role: pod/ (the pod template's pieces), validation/ (prop checks, name rules, the
// synth-time rules, Pod Security), synth/ (ManifestApp: writing the manifests, the upgrade guard), interop/ (cdk8s-plus).
// The cdk8s-plus interop for any line is a module of its own, 'cdk8s-stateful-web/cdk8s-plus'
// (lib/interop/cdk8s-plus.ts): its functions are generic, which jsii does not allow here.
export { StatefulWeb } from './stateful-web';
export { StatefulWebProps } from './props';
export { AccessMode, ClaimRetention, VolumeClaimTemplateOptions, VolumeMode } from './storage';
export { DisruptionBudget, PodAntiAffinity, TopologySpread, WhenUnsatisfiable } from './availability';
export { AllowFrom } from './network-policy';
export { PodManagementPolicy, RollingUpdateOptions, UpdateStrategy, UpdateStrategyType } from './rollout';
export { EnvValue, EnvValueFromOptions } from './pod/env';
export { WebProbe, WebProbeKind, WebProbeOptions } from './pod/probes';
export { ImagePullPolicy, PodUser } from './pod/security';
export { DataVolumeOptions, EmptyDirOptions, KeyToPath, VolumeMountOptions, VolumeSource } from './pod/volumes';
export { ContainerOptions, SidecarOptions, SidecarPort, VolumeMount } from './pod/containers';
export { ContainerResources } from './pod/resources';
export { LifecycleHandler } from './pod/lifecycle';
export { TaintEffect, Toleration, TolerationOperator } from './scheduling';
export { PodSecurityCheck } from './validation/pod-security';
export { ManifestApp, SynthReport } from './synth/manifest-app';
