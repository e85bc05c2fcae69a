/**
 * @lmctfy/cli: the `lmctfy` command. oclif's `explicit` strategy reads COMMANDS from this
 * file (package.json oclif.commands); ids use ':' (`list:containers`), typed with spaces.
 * Nothing here may load @lmctfy/core: commands load it on demand (src/core.ts).
 */
import Backends from './commands/backends';
import Create from './commands/create';
import Destroy from './commands/destroy';
import Detect from './commands/detect';
import Enter from './commands/enter';
import KillAll from './commands/killall';
import ListContainers from './commands/list/containers';
import ListPids from './commands/list/pids';
import NotifyEmpty from './commands/notify/empty';
import NotifyMemoryThreshold from './commands/notify/memory-threshold';
import NotifyOom from './commands/notify/oom';
import Pause from './commands/pause';
import Resume from './commands/resume';
import Run from './commands/run';
import Spec from './commands/spec';
import Stats from './commands/stats';
import Update from './commands/update';

export const COMMANDS = {
  backends: Backends,
  create: Create,
  destroy: Destroy,
  detect: Detect,
  enter: Enter,
  killall: KillAll,
  'list:containers': ListContainers,
  'list:pids': ListPids,
  'notify:empty': NotifyEmpty,
  'notify:memory-threshold': NotifyMemoryThreshold,
  'notify:oom': NotifyOom,
  pause: Pause,
  resume: Resume,
  run: Run,
  spec: Spec,
  stats: Stats,
  update: Update,
};

export { main } from './main';
export { LmctfyCommand } from './lmctfy-command';
export { describeError, type ErrorReport } from './cli-error';
export { specFromFlags, type ResourceFlagValues } from './spec-from-flags';
export { commandArgs } from './run-argv';
