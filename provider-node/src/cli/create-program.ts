import { Command, InvalidArgumentError } from "commander";
import type { CliContext } from "./cli-context.ts";
import { configShowCommand } from "./config-command.ts";
import { pricingSetCommand, pricingShowCommand } from "./pricing-command.ts";
import { startCommand } from "./start-command.ts";
import { statusCommand } from "./status-command.ts";
import { stopCommand } from "./stop-command.ts";
import { vmCommand } from "./vm-command.ts";

const wholeNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError("not a whole number");
  return number;
};
const amount = (value: string) => {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) {
    throw new InvalidArgumentError("not an amount of 0 or more");
  }
  return number;
};
const dataDirHelp = "data directory (default ~/.golem-provider, env GOLEM_PROVIDER_DATA_DIR)";

/**
 * The `golem-provider` command line: start (foreground or --daemon), stop, status, pricing,
 * config show and the operator's vm commands.
 *
 * @example await createProgram(ctx).parseAsync(process.argv);
 */
export function createProgram(ctx: CliContext): Command {
  const program = new Command("golem-provider")
    .description(
      "Run a VM on Golem provider node: rent out VMs, paid per second, reached over SSH.",
    )
    .version(ctx.version)
    .showHelpAfterError()
    // Throw instead of exiting (subcommands inherit it): main.ts decides the exit code.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.out(text.trimEnd()),
      writeErr: (text) => ctx.err(text.trimEnd()),
    });

  program
    .command("start")
    .description("start the node (VMs of an earlier run are re-adopted)")
    .option("--daemon", "run in the background; log to <data-dir>/provider.log")
    .option("--network <name>", "discovery network to advertise on (development, testnet, mainnet)")
    .option("--no-verify-port", "skip checking that the API and SSH ports can be bound")
    .option("--port <port>", "API port (default 7466)", wholeNumber)
    .option("--driver <name>", "VM driver: qemu or multipass")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options, command: Command) => startCommand(ctx, options, command));

  program
    .command("stop")
    .description("stop the background node; VMs keep running")
    .option("--timeout <seconds>", "how long to wait for it to exit", wholeNumber, 60)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => stopCommand(ctx, options));

  program
    .command("status")
    .description("check the driver, KVM, ports and VMs (asks the running node, or looks itself)")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => statusCommand(ctx, options));

  const pricing = program.command("pricing").description("prices of this provider");
  pricing
    .command("set")
    .description("set prices in USD per month; token rates follow once payments exist")
    .option("--usd-per-core <usd>", "USD per virtual CPU per month", amount)
    .option("--usd-per-mem <usd>", "USD per GiB of memory per month", amount)
    .option("--usd-per-disk <usd>", "USD per GiB of disk per month", amount)
    .option("--glm-per-usd <glm>", "GLM per USD to turn prices into token rates", amount)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => pricingSetCommand(ctx, options));
  pricing
    .command("show")
    .description("show the prices in effect")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => pricingShowCommand(ctx, options));

  program
    .command("config")
    .description("configuration")
    .command("show")
    .description("every setting with its value, source and environment variable")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => configShowCommand(ctx, options));

  const vm = program
    .command("vm")
    .description("every VM on this node (operator; needs the running node)");
  vm.command("list")
    .description("list VMs of all requestors")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => vmCommand(ctx, "list", undefined, options));
  for (const action of ["stop", "start", "destroy"] as const) {
    vm.command(`${action} <id>`)
      .description(`${action} a VM`)
      .option("--json", "machine-readable output")
      .option("--data-dir <dir>", dataDirHelp)
      .action((id: string, options) => vmCommand(ctx, action, id, options));
  }
  return program;
}
