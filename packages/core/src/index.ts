/** @lmctfy/core: the library behind lmctfy. The CLI and every backend plugin build on this. */
export * from './di';
export * from './errors';
export * from './names';
export * from './backend';
export * from './stats';
export * from './spec/container-spec';
export * from './spec/spec-input';
export * from './spec/units';
export * from './spec/normalize-spec';
export * from './spec/load-spec';
export * from './config/lmctfy-config';
export * from './config/load-config';
export * from './plugins/plugin-descriptor';
export * from './sys/exec-process';
export * from './container-api';
