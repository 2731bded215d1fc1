import type { Command } from "commander";

/**
 * One example per `golem-provider` command, shown after its `--help` (as hcloud, doctl and
 * multipass do), keyed by the command's path. A test checks that every command has one that
 * runs it.
 */
export const helpExamples: Record<string, string[]> = {
  "golem-provider": [
    "golem-provider pricing set --glm-per-core-hour 0.01 --glm-per-mem-hour 0.005 --glm-per-disk-hour 0.0001",
    "golem-provider start --daemon",
  ],
  "golem-provider start": [
    "golem-provider start --daemon",
    "golem-provider start --network sepolia --driver qemu --port 7466",
  ],
  "golem-provider stop": ["golem-provider stop --timeout 120"],
  "golem-provider status": ["golem-provider status --json"],
  "golem-provider pricing": ["golem-provider pricing show"],
  "golem-provider pricing set": [
    "golem-provider pricing set --glm-per-core-hour 0.01 --glm-per-mem-hour 0.005 --glm-per-disk-hour 0.0001",
    "golem-provider pricing set --usd-per-core 5 --usd-per-mem 2 --usd-per-disk 0.1 --glm-per-usd 4",
  ],
  "golem-provider pricing show": [
    "golem-provider pricing show",
    "golem-provider pricing show --json",
  ],
  "golem-provider config": ["golem-provider config show"],
  "golem-provider config show": ["golem-provider config show --network sepolia --json"],
  "golem-provider config monitor": [
    "golem-provider config monitor --min-remaining 600 --grace 1800",
  ],
  "golem-provider config withdraw": [
    "golem-provider config withdraw --enable true --min-wei 1000000000000000000",
  ],
  "golem-provider vm": ["golem-provider vm list"],
  "golem-provider vm list": ["golem-provider vm list --json"],
  "golem-provider vm stop": ["golem-provider vm stop vm-1a2b3c4d5e6f"],
  "golem-provider vm start": ["golem-provider vm start vm-1a2b3c4d5e6f"],
  "golem-provider vm destroy": ["golem-provider vm destroy vm-1a2b3c4d5e6f"],
  "golem-provider streams": ["golem-provider streams list"],
  "golem-provider streams list": ["golem-provider streams list --json"],
  "golem-provider streams show": ["golem-provider streams show vm-1a2b3c4d5e6f"],
  "golem-provider streams earnings": ["golem-provider streams earnings"],
  "golem-provider streams withdraw": [
    "golem-provider streams withdraw --all",
    "golem-provider streams withdraw --vm-id vm-1a2b3c4d5e6f --json",
  ],
  "golem-provider wallet": ["golem-provider wallet address"],
  "golem-provider wallet address": ["golem-provider wallet address --json"],
  "golem-provider wallet faucet": ["golem-provider wallet faucet --network local"],
};

/**
 * Adds each command's {@link helpExamples} after its help text, for the whole tree.
 *
 * @example
 * withHelpExamples(program); // `golem-provider start --help` ends with "Examples: $ golem-provider start …"
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
