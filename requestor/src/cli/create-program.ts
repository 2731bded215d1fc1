import { Command, Option } from "commander";
import type { CliContext, GlobalOptions } from "./cli-context.ts";
import { withHelpExamples } from "./help-examples.ts";

type Action = (ctx: CliContext, ...args: never[]) => Promise<void>;

/**
 * Builds the `golem` command tree. Every action module is imported only when its command
 * runs, so help and argument errors never load viem, libp2p or SQLite.
 *
 * @example
 * await createProgram(ctx, setGlobals).parseAsync(["vm", "list"], { from: "user" });
 */
export function createProgram(
  ctx: CliContext,
  onGlobals: (options: GlobalOptions) => void,
  options: { json?: boolean | undefined } = {},
): Command {
  // Lazy action: `load` resolves to the module's run function; commander's own trailing
  // arguments (options object, Command) are replaced by the merged global + local options.
  const lazy =
    <A extends unknown[]>(load: () => Promise<Action>, pick: (args: unknown[]) => A) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const opts = command.optsWithGlobals();
      const run = (await load()) as (ctx: CliContext, ...rest: unknown[]) => Promise<void>;
      await run(ctx, ...pick(args.slice(0, -2)), opts);
    };
  const none = () => [] as [];
  const first = (args: unknown[]) => [args[0]] as [unknown];

  const program = new Command("golem")
    .description("Rent a Linux VM from a provider on an open network, pay by the second, SSH in.")
    .version(ctx.version, "-V, --version", "print the version number")
    .option("--json", "print machine-readable JSON")
    .option("--verbose", "print error details and causes")
    .option("--home <dir>", "state folder (env GOLEM_REQUESTOR_HOME, default ~/.golem)")
    .option(
      "--keystore <file>",
      "encrypted JSON keystore with the payment key (password: env GOLEM_REQUESTOR_KEYSTORE_PASSWORD or asked)",
    )
    .option("--rpc-url <url>", "JSON-RPC URL of the payments chain")
    .option("--chain-id <id>", "chain id of the payments chain")
    .addOption(
      // The sdk's paymentsNetworkNames, spelled out: help loads nothing from the sdk (pinned by
      // the help examples test).
      new Option(
        "--network <name>",
        "payments network, as in golem-provider: the chain streams are paid on (its chain id; --chain-id overrides)",
      ).choices(["local", "sepolia", "holesky", "mainnet", "polygon", "amoy"]),
    )
    .showHelpAfterError()
    // With --json a usage error is printed once, as the error envelope, by the entry point.
    .configureOutput(options.json ? { writeErr: () => {}, outputError: () => {} } : {})
    // Inherited by every subcommand: usage errors throw to the entry point instead of exiting.
    .exitOverride()
    .hook("preAction", (_root, action) => onGlobals(action.optsWithGlobals()));

  program
    .command("version")
    .description("print versions and check the npm registry for a newer release")
    .action(lazy(async () => (await import("../commands/version-command.ts")).runVersion, none));

  const wallet = program.command("wallet").description("the requestor's payment key and tokens");
  wallet
    .command("address")
    .description("print the payment address (creates the key on first use)")
    .action(lazy(async () => (await import("../commands/wallet-commands.ts")).runAddress, none));
  wallet
    .command("balance")
    .description("print the GLM and gas balances of the payment address")
    .action(lazy(async () => (await import("../commands/wallet-commands.ts")).runBalance, none));
  wallet
    .command("faucet")
    .description("take test GLM from the token's faucet (test chains only)")
    .action(lazy(async () => (await import("../commands/wallet-faucet.ts")).runFaucet, none));

  const vm = program.command("vm").description("find providers, manage your VMs and streams");
  vm.command("providers")
    .description("list providers with verified adverts, cheapest first")
    .option("--cpu <n>", "cores needed")
    .option("--memory <gib>", "GiB of memory needed")
    .option("--storage <gib>", "GiB of disk needed")
    .option("--country <code>", "ISO country code(s), comma separated")
    .option("--platform <arch>", "CPU architecture, e.g. x86_64")
    .option(
      "--max-price <glm>",
      "highest GLM per hour for the size (per core-hour without one); with --payments-network or --all-payments it filters only providers priced in this network's GLM",
    )
    .option(
      "--payments-network <name>",
      "list providers paid on this network instead (local, sepolia, holesky, mainnet, polygon, amoy), whatever their StreamPayment and token; `vm create` still pays on --network",
    )
    .option(
      "--all-payments",
      "list providers paid on every chain and deployment, with a Network column; `vm create` still pays on --network",
    )
    .option(
      "--pay <eth|glm>",
      "list providers paid in GLM (default) or in the chain's native ETH, priced in it",
    )
    .option(
      "--probe-timeout <seconds>",
      "how long to wait for each provider's API to answer the reachability check (default 3)",
    )
    .action(lazy(async () => (await import("../commands/vm-providers.ts")).runProviders, none));
  vm.command("list")
    .description("list the VMs recorded on this machine")
    .action(lazy(async () => (await import("../commands/vm-local-commands.ts")).runList, none));
  vm.command("create")
    .description("rent a VM: get the provider's signed offer, pay it by stream, wait for SSH")
    .argument("<name>", "VM name (lowercase letters, digits, hyphens)")
    .option(
      "--provider-id <address>",
      "the provider's id (payment address, see `golem vm providers`)",
    )
    .option("--cpu <n>", "virtual CPUs")
    .option("--memory <gib>", "GiB of memory")
    .option("--storage <gib>", "GiB of disk")
    .option("--image <name>", "VM image, when the provider offers several")
    .option("--cloud-init <file>", "extra #cloud-config YAML for the VM")
    .option(
      "--ssh-key <path>",
      "an existing OpenSSH public key file to install (e.g. ~/.ssh/id_ed25519.pub) instead of the key golem keeps in its home; ssh then logs in with the private key beside it or your ssh-agent",
    )
    .option(
      "--hours <h>",
      "hours of runway to deposit in a new stream (default 2; at least the provider's minimum + 5 min)",
    )
    .option(
      "--auto-topup-hours <h>",
      "give the new stream a top-up budget of this many hours at the offer's rate: the provider pulls from it before it would stop the VM, so the VM outlives its deposit while you are offline (unused budget never leaves your wallet)",
    )
    .option(
      "--stream-id <id>",
      "retry on a stream an earlier `vm create` opened whose VM step failed: a provider accepts only a stream paying for an offer it signed, so the stream's offer must be one saved on this machine",
    )
    .option(
      "--provider-url <url>",
      "the provider's API URL instead of discovery (its id is still checked)",
    )
    .option(
      "--max-price <glm>",
      "most GLM per hour you pay for this VM; a dearer offer is refused before paying (needed with --yes when the provider has no signed advert)",
    )
    .option(
      "--pay <eth|glm>",
      "pay in GLM (default, the deployment's token) or in the chain's native ETH (StreamPaymentNative); a provider that does not accept it is refused before paying",
    )
    .option(
      "--publish <port>",
      "a guest port to publish besides SSH, on a public port of the provider (repeatable; at most the provider's advertised maxPublishedPorts)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--force",
      "rent even when the provider's API does not answer now (by default `vm create` asks it for its provider info first, as `vm providers` does, and refuses with PROVIDER_UNREACHABLE before anything is paid); a forced create against an API that does not answer fails at sign-in, before any stream is opened",
    )
    .option("-y, --yes", "do not ask before paying")
    .action(lazy(async () => (await import("../commands/vm-create.ts")).runCreate, first));
  vm.command("info")
    .description("show one VM, refreshed from its provider when it answers")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-remote-info.ts")).runRemoteInfo, first));
  vm.command("stats")
    .description("cpu, memory and disk use of a VM as its provider measures them")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-remote-info.ts")).runStats, first));
  vm.command("console")
    .description("the recent output of a VM's serial console, as its provider keeps it")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-console.ts")).runConsole, first));
  vm.command("stop")
    .description("stop a VM (disk kept; its stream keeps paying)")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-lifecycle.ts")).runStop, first));
  vm.command("start")
    .description("start a stopped VM and wait until SSH answers")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-lifecycle.ts")).runStart, first));
  vm.command("destroy")
    .description("destroy a VM and terminate its stream (the unused deposit comes back)")
    .argument("<name>", "VM name")
    .option(
      "--keep-stream",
      "do not terminate the stream from here (a provider still closes it when it destroys the VM)",
    )
    .action(lazy(async () => (await import("../commands/vm-lifecycle.ts")).runDestroy, first));
  vm.command("purge")
    .description("destroy every VM recorded here and terminate their streams")
    .option(
      "--keep-streams",
      "do not terminate the streams from here (providers still close them on destroy)",
    )
    .option("-y, --yes", "do not ask for confirmation")
    .action(lazy(async () => (await import("../commands/vm-purge.ts")).runPurge, none));
  vm.command("connect")
    .description("print the SSH command for a VM")
    .argument("<name>", "VM name")
    .action(lazy(async () => (await import("../commands/vm-local-commands.ts")).runConnect, first));
  vm.command("ssh")
    .description("open an SSH session to a VM (arguments after -- run as a remote command)")
    .argument("<name>", "VM name")
    .argument("[command...]", "remote command")
    .action(
      lazy(
        async () => (await import("../commands/vm-ssh.ts")).runSsh,
        (args) => [args[0], args[1] ?? []],
      ),
    );

  const stream = vm
    .command("stream")
    .description("StreamPayment streams, read and written on chain");
  stream
    .command("list")
    .description("list the streams this machine opened, with their state on chain")
    .action(lazy(async () => (await import("../commands/stream-list.ts")).runStreamList, none));
  stream
    .command("status")
    .description("runway and balances of a VM's stream (by VM name or stream id)")
    .argument("[vm-or-stream]", "VM name or stream id")
    .option("--stream-id <id>", "stream id (instead of the argument)")
    .action(
      lazy(async () => (await import("../commands/stream-status.ts")).runStreamStatus, first),
    );
  stream
    .command("inspect")
    .description("a stream exactly as stored on chain")
    .argument("[stream-id]", "stream id")
    .option("--stream-id <id>", "stream id (instead of the argument)")
    .action(
      lazy(async () => (await import("../commands/stream-status.ts")).runStreamInspect, first),
    );
  stream
    .command("open")
    .description("open a stream to a provider from the payment key")
    .requiredOption("--provider-id <address>", "the provider's payment address")
    .option("--rate <glm-per-hour>", "price in GLM per hour")
    .option("--rate-per-second <base-units>", "price in token base units per second")
    .option("--cpu <n>", "cores: price the stream from the provider's advert")
    .option("--memory <gib>", "GiB of memory, priced from the advert")
    .option("--storage <gib>", "GiB of disk, priced from the advert")
    .option("--hours <h>", "hours of runway to deposit", "1")
    .option("--service-id <hex32>", "what the stream pays for (an offer hash); random when absent")
    .option("-y, --yes", "do not ask for confirmation")
    .action(lazy(async () => (await import("../commands/stream-open.ts")).runStreamOpen, none));
  stream
    .command("topup")
    .description("add funds to a stream (by stream id or VM name)")
    .argument("[stream-or-vm]", "stream id or VM name")
    .option("--stream-id <id>", "stream id (instead of the argument)")
    .option("--hours <h>", "hours at the stream's rate")
    .option("--glm <amount>", "exact GLM amount")
    .option("-y, --yes", "do not ask for confirmation")
    .action(lazy(async () => (await import("../commands/stream-topup.ts")).runStreamTopUp, first));

  stream
    .command("budget")
    .description(
      "set the top-up budget the provider may pull from your wallet into a stream before it would stop the VM (0 clears it)",
    )
    .argument("[stream-or-vm]", "stream id or VM name")
    .option("--stream-id <id>", "stream id (instead of the argument)")
    .option("--hours <h>", "hours of runway at the stream's rate")
    .option("--amount <glm>", "exact GLM amount")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      lazy(async () => (await import("../commands/stream-budget.ts")).runStreamBudget, first),
    );

  stream
    .command("terminate")
    .description("close a stream: accrued funds to the provider, the rest back to you")
    .argument("[stream-or-vm]", "stream id or VM name")
    .option("--stream-id <id>", "stream id (instead of the argument)")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      lazy(async () => (await import("../commands/stream-terminate.ts")).runStreamTerminate, first),
    );

  const server = program.command("server").description("long-running services on this machine");
  server
    .command("api")
    .description("a local HTTP API over the CLI's actions, plus the auto top-up monitor")
    .option("--host <address>", "address to bind (default 127.0.0.1: keep it on loopback)")
    .option("--port <n>", "port (default 7465; 0 picks a free one)")
    .option("--interval <s>", "seconds between auto top-up checks (default 30)")
    .option("--min-runway <s>", "top a live VM's stream up below this runway (default 3600 s)")
    .option(
      "--max-spend-per-request <glm>",
      "most GLM one payment (a create's deposit, a top-up) may move (default 0: none)",
    )
    .option(
      "--max-spend-per-day <glm>",
      "most GLM all payments (API and auto top-up) may move per UTC day, kept across restarts (default 0)",
    )
    .option("--no-monitor", "serve the API without the auto top-up monitor")
    .action(lazy(async () => (await import("../server/run-server-api.ts")).runServerApi, none));
  server
    .command("token")
    .description("print the local API's bearer token (made on first use, kept 0600 in the home)")
    .action(lazy(async () => (await import("../server/run-server-token.ts")).runServerToken, none));

  return withHelpExamples(program);
}
