import type { Command } from "commander";

/**
 * One example per `golem` command, shown after its `--help` (as hcloud, doctl and multipass
 * do), keyed by the command's path. A test checks that every command has one that runs it.
 */
export const helpExamples: Record<string, string[]> = {
  golem: [
    "golem vm providers --cpu 2 --memory 4 --storage 20",
    "golem vm create web-1 --provider-id <provider-id> --cpu 2 --memory 4 --storage 20",
  ],
  "golem version": ["golem version"],
  "golem wallet": ["golem wallet balance"],
  "golem wallet address": ["golem wallet address --json"],
  "golem wallet balance": ["golem wallet balance --network sepolia"],
  "golem wallet faucet": ["golem wallet faucet --network local"],
  "golem vm": ["golem vm list"],
  "golem vm providers": [
    "golem vm providers --cpu 2 --memory 4 --storage 20 --max-price 0.5",
    "golem vm providers --all-payments --json",
  ],
  "golem vm list": ["golem vm list --json"],
  "golem vm create": [
    "golem vm create web-1 --provider-id <provider-id> --cpu 2 --memory 4 --storage 20 --hours 2",
    "golem vm create web-2 --provider-id <provider-id> --cpu 1 --memory 1 --storage 10 --ssh-key ~/.ssh/id_ed25519.pub --yes",
    "golem vm create web-3 --provider-id <provider-id> --cpu 1 --memory 1 --storage 10 --hours 2 --auto-topup-hours 48",
  ],
  "golem vm info": ["golem vm info web-1"],
  "golem vm stats": ["golem vm stats web-1 --json"],
  "golem vm console": ["golem vm console web-1", "golem vm console web-1 --json"],
  "golem vm stop": ["golem vm stop web-1"],
  "golem vm start": ["golem vm start web-1"],
  "golem vm destroy": ["golem vm destroy web-1", "golem vm destroy web-1 --keep-stream"],
  "golem vm purge": ["golem vm purge --yes"],
  "golem vm connect": ["golem vm connect web-1"],
  "golem vm ssh": ["golem vm ssh web-1", "golem vm ssh web-1 -- 'uname -a; nproc'"],
  "golem vm stream": ["golem vm stream status web-1"],
  "golem vm stream list": ["golem vm stream list --json"],
  "golem vm stream status": ["golem vm stream status web-1", "golem vm stream status 42"],
  "golem vm stream inspect": ["golem vm stream inspect 42 --json"],
  "golem vm stream open": [
    "golem vm stream open --provider-id <provider-id> --rate 0.5 --hours 2",
    "golem vm stream open --provider-id <provider-id> --cpu 2 --memory 4 --storage 20 --yes",
  ],
  "golem vm stream topup": [
    "golem vm stream topup web-1 --hours 3",
    "golem vm stream topup 42 --glm 25 --yes",
  ],
  "golem vm stream budget": [
    "golem vm stream budget web-1 --hours 48",
    "golem vm stream budget 42 --amount 0 --yes",
  ],
  "golem vm stream terminate": ["golem vm stream terminate web-1"],
  "golem server": ["golem server api"],
  "golem server api": [
    "golem server api --port 7465 --min-runway 1800",
    "golem server api --max-spend-per-request 5 --max-spend-per-day 20",
  ],
  "golem server token": ["golem server token"],
};

/**
 * Adds each command's {@link helpExamples} after its help text, for the whole tree.
 *
 * @example
 * withHelpExamples(program); // `golem vm create --help` ends with "Examples: $ golem vm create …"
 */
export function withHelpExamples(command: Command, parents: string[] = []): Command {
  const path = [...parents, command.name()];
  const lines = helpExamples[path.join(" ")];
  if (lines) {
    const title = lines.length === 1 ? "Example" : "Examples";
    command.addHelpText("after", `\n${title}:\n${lines.map((line) => `  $ ${line}`).join("\n")}`);
  }
  for (const sub of command.commands) withHelpExamples(sub, path);
  return command;
}
