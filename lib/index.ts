// The public API. Modules also hold internal helpers (render*, checks), which are not exported here.
export { AccessMode } from './access-mode';
export { DisruptionBudget, PodAntiAffinity, TopologySpread, WhenUnsatisfiable } from './availability';
export { EnvValue, EnvValueFromOptions } from './env';
export { ManifestApp } from './manifest-app';
export { AllowFrom } from './network-policy';
export { PodSecurityCheck } from './pod-security';
export { WebProbe, WebProbeKind, WebProbeOptions } from './probes';
export { PodManagementPolicy, RollingUpdateOptions, UpdateStrategy, UpdateStrategyType } from './rollout';
export { ImagePullPolicy, PodUser } from './security';
export { StatefulWeb } from './stateful-web';
export { StatefulWebProps } from './stateful-web-props';
export { ClaimRetention, VolumeClaimTemplateOptions, VolumeMode } from './storage-options';
export { EmptyDirOptions, VolumeMountOptions, VolumeSource } from './volumes';
