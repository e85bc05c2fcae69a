/** Options and results of ContainerApi's methods. */
import type { ProbeResult, UpdatePolicy } from './backend';
import type { LoadConfigOptions } from './config/load-config';

export interface OpenOptions extends LoadConfigOptions {
  /** node_modules folders searched for installed plugins (default: those above @lmctfy/core). */
  pluginSearchPaths?: string[];
}

export interface CreateOptions {
  /** Backend to use; default: the parent's backend, else config.defaultBackend. */
  backend?: string;
}

export interface CreateResult {
  name: string;
  backend: string;
  /** Pid of spec.process, when the spec had one (started detached). */
  pid?: number;
}

export interface UpdateOptions {
  /** 'diff' (default): change only the given fields; 'replace': reset the others to defaults. */
  policy?: UpdatePolicy;
}

export interface BackendReport {
  name: string;
  packageName: string;
  status: 'available' | 'unavailable' | 'failed';
  reason?: string;
  probe?: ProbeResult;
}

export interface DetectResult {
  name: string;
  backend?: string;
}
