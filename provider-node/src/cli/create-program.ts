import { Command, InvalidArgumentError } from "commander";
import type { CliContext } from "./cli-context.ts";
import { configShowCommand } from "./config-command.ts";
import { configMonitorCommand, configWithdrawCommand } from "./config-payments-command.ts";
import { withHelpExamples } from "./help-examples.ts";
import { pricingSetCommand } from "./pricing-command.ts";
import { pricingShowCommand } from "./pricing-show-command.ts";
import { startCommand } from "./start-command.ts";
import { statusCommand } from "./status-command.ts";
import { stopCommand } from "./stop-command.ts";
import { streamsCommand } from "./streams-command.ts";
import { vmCommand } from "./vm-command.ts";
import { walletAddressCommand, walletFaucetCommand } from "./wallet-command.ts";

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
const whole = (value: string) => {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("not a whole number");
  return Number(value);
};
const bool = (value: string) => {
  if (value !== "true" && value !== "false") throw new InvalidArgumentError("true or false");
  return value === "true";
};
const networkHelp =
  "payments network, as in golem: local, sepolia, holesky, mainnet, polygon, amoy (sets payments.chainId)";
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
    .option("--network <name>", networkHelp)
    .option(
      "--no-verify-port",
      "skip checking the API and SSH ports (bindable here, reachable by peers)",
    )
    .option("--no-payments", "run VMs without payment: no chain needed (payments.enabled=false)")
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
    .description("set prices per resource, in USD per month or in tokens per hour")
    .option("--usd-per-core <usd>", "USD per virtual CPU per month", amount)
    .option("--usd-per-mem <usd>", "USD per GiB of memory per month", amount)
    .option("--usd-per-disk <usd>", "USD per GiB of disk per month", amount)
    .option("--glm-per-core-hour <glm>", "tokens per virtual CPU per hour (instead of USD)")
    .option("--glm-per-mem-hour <glm>", "tokens per GiB of memory per hour (instead of USD)")
    .option("--glm-per-disk-hour <glm>", "tokens per GiB of disk per hour (instead of USD)")
    .option("--glm-per-usd <glm>", "GLM per USD to turn prices into token rates", amount)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => pricingSetCommand(ctx, options));
  pricing
    .command("show")
    .description(
      "the prices the running node charges (asked over its socket), else the configured ones",
    )
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => pricingShowCommand(ctx, options));

  const config = program.command("config").description("configuration");
  config
    .command("show")
    .description("every setting with its value, source and environment variable")
    .option("--json", "machine-readable output")
    .option("--network <name>", networkHelp)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => configShowCommand(ctx, options));
  config
    .command("monitor")
    .description("stream monitor: stop below a runway, destroy after a grace (restart to apply)")
    .option("--enable <bool>", "watch streams (true|false)", bool)
    .option("--interval <seconds>", "seconds between stream reads", whole)
    .option("--min-remaining <seconds>", "runway below which a VM is stopped", whole)
    .option("--grace <seconds>", "seconds a depleted stream's VM is kept before destroy", whole)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => configMonitorCommand(ctx, options));
  config
    .command("withdraw")
    .description("auto-withdraw of earnings (restart to apply)")
    .option("--enable <bool>", "withdraw automatically (true|false)", bool)
    .option("--interval <seconds>", "seconds between checks", whole)
    .option("--min-wei <units>", "least total withdrawable worth a transaction (base units)")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => configWithdrawCommand(ctx, options));

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

  const streams = program
    .command("streams")
    .description("streams paying for this node's VMs (operator; needs the running node)");
  streams
    .command("list")
    .description("every paid VM's stream: state, runway, withdrawable")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => streamsCommand(ctx, "list", undefined, options));
  streams
    .command("show <vmId>")
    .description("one VM's stream")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((vmId: string, options) => streamsCommand(ctx, "show", vmId, options));
  streams
    .command("earnings")
    .description("what the node's streams would pay out now")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => streamsCommand(ctx, "earnings", undefined, options));
  streams
    .command("withdraw")
    .description("withdraw earnings now (one withdrawMany transaction)")
    .option("--vm-id <id>", "only this VM's stream")
    .option("--all", "every stream that paid this node (the default)")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => streamsCommand(ctx, "withdraw", undefined, options));

  const wallet = program.command("wallet").description("the provider's payment key");
  wallet
    .command("address")
    .description("the payment address (provider id); creates the key on first use")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => walletAddressCommand(ctx, options));
  wallet
    .command("faucet")
    .description("test GLM and gas on a local/test chain; on a public chain, where funds come from")
    .option("--json", "machine-readable output")
    .option("--network <name>", networkHelp)
    .option("--data-dir <dir>", dataDirHelp)
    .action((options) => walletFaucetCommand(ctx, options));
  return withHelpExamples(program);
}
