import { type CliContext, loadConfig } from "./cli-context.ts";
import { networkFlags } from "./network-flag.ts";
import { renderTable } from "./render-table.ts";

/**
 * `golem-provider config show [--json]`: every setting with its value, where the value came
 * from (flag, env, file, default), its environment variable and its description.
 */
export async function configShowCommand(
  ctx: CliContext,
  options: { json?: boolean; dataDir?: string; network?: string },
): Promise<void> {
  const { keys, filePath } = await loadConfig(ctx, {
    dataDir: options.dataDir,
    ...networkFlags(options.network),
  });
  if (options.json) {
    const list = keys.map((k) => ({
      key: k.path.join("."),
      value: k.value,
      source: k.source,
      env: k.env,
      default: k.defaultValue,
      description: k.description ?? null,
    }));
    ctx.out(JSON.stringify(list, null, 2));
    return;
  }
  const rows = keys.map((k) => [k.path.join("."), JSON.stringify(k.value), k.source, k.env]);
  ctx.out(renderTable(["key", "value", "source", "env"], rows));
  ctx.out(`config file: ${filePath}`);
}
