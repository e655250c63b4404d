export * from './access-mode';
export * from './manifest-app';
export * from './stateful-web';
export * from './stateful-web-props';
