import { Args } from '@oclif/core';
import type { CreateResult } from '@lmctfy/core';
import { buildSpec } from '../build-spec';
import { LmctfyCommand } from '../lmctfy-command';
import { resourceFlags } from '../resource-flags';
import { namespaceFlags } from '../namespace-flags';

export default class Create extends LmctfyCommand {
  static override summary = 'Create a container from a spec and/or resource flags.';
  static override description =
    'The spec comes from -c FILE (JSON or YAML) or inline JSON; resource flags override it field by field. ' +
    'A resource is isolated only when its section is given. If the spec has a process, it is started detached.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1 --memory 512M --cpu 0.5',
    '<%= config.bin %> <%= command.id %> batch1 -c batch.yaml --pids 100',
    `<%= config.bin %> <%= command.id %> batch1 '{"memory":{"limit":"1G"}}'`,
  ];

  static override args = {
    name: Args.string({ description: 'Container name, e.g. batch1 or batch1/sub.', required: true }),
    spec_json: Args.string({ description: 'Inline spec as JSON (instead of -c FILE).' }),
  };

  static override flags = { ...resourceFlags, ...namespaceFlags };

  async run(): Promise<CreateResult> {
    const { args, flags } = await this.parse(Create);
    const spec = await buildSpec({ file: flags.spec, inline: args.spec_json, flags });
    const api = await this.api(flags.config);
    const result = await api.create(args.name, spec, { backend: flags.backend });
    this.log(`created ${result.name} (backend ${result.backend})`);
    if (result.pid !== undefined) this.log(`pid ${result.pid}`);
    return result;
  }
}
