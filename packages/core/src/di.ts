/**
 * The dependency-injection API plugins use. Plugins import these from @lmctfy/core, never
 * from inversify directly, so one copy of inversify (bundled into core) serves them all.
 */
import 'reflect-metadata';

export { Container, ContainerModule, inject, injectable, named, optional } from 'inversify';
export type { ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
