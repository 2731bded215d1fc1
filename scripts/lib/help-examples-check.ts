/**
 * Checks a commander program's help the way a user reads it: every command's `--help` ends
 * with an example (`Example:` / `Examples:` then `  $ <command line>`) that runs that command
 * (a group's may run one of its subcommands) with long flags the command or its parents know.
 * Used by the tests of both CLIs.
 *
 * @example
 * expect(helpExampleProblems(createProgram(ctx))).toEqual([]);
 */

/** The part of a commander `Command` the check reads (each CLI has its own commander). */
type Command = {
  name(): string;
  readonly commands: readonly Command[];
  readonly options: readonly { long?: string | undefined }[];
  readonly parent: Command | null;
  configureOutput(output: {
    writeOut?: (text: string) => void;
    writeErr?: (text: string) => void;
  }): unknown;
  outputHelp(): void;
};

function commandsOf(command: Command, parents: string[] = []): [string, Command][] {
  const path = [...parents, command.name()];
  return [[path.join(" "), command], ...command.commands.flatMap((c) => commandsOf(c, path))];
}

function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

/** The command an example line runs, and the long flags it passes (before a `--`). */
function resolve(root: Command, line: string): { path: string; command: Command; flags: string[] } {
  const tokens = line.split(" ").slice(1);
  let command = root;
  const path = [root.name()];
  for (const token of tokens) {
    const sub = command.commands.find((c) => c.name() === token);
    if (!sub) break;
    command = sub;
    path.push(token);
  }
  const end = tokens.indexOf("--");
  const flags = (end === -1 ? tokens : tokens.slice(0, end))
    .filter((t) => t.startsWith("--"))
    .map((t) => t.split("=")[0] as string);
  return { path: path.join(" "), command, flags };
}

function knownFlags(command: Command): Set<string> {
  const flags = new Set<string>(["--help"]);
  for (let c: Command | null = command; c; c = c.parent) {
    for (const option of c.options) if (option.long) flags.add(option.long);
  }
  return flags;
}

/** Every command path of `program` (e.g. `golem vm create`). */
export function commandPaths(program: Command): string[] {
  return commandsOf(program).map(([path]) => path);
}

/** What is wrong with the examples in `program`'s help, one line each; empty when nothing is. */
export function helpExampleProblems(program: Command): string[] {
  const problems: string[] = [];
  for (const [path, command] of commandsOf(program)) {
    const help = helpOf(command);
    const lines = [...help.matchAll(/^ {2}\$ (.+)$/gm)].map((m) => m[1] as string);
    if (!/\nExamples?:\n/.test(help) || lines.length === 0) {
      problems.push(`${path}: no example`);
      continue;
    }
    for (const line of lines) {
      const ran = resolve(program, line);
      if (ran.path !== path && !ran.path.startsWith(`${path} `)) {
        problems.push(`${path}: the example runs ${ran.path}: ${line}`);
      }
      const known = knownFlags(ran.command);
      for (const flag of ran.flags) {
        if (!known.has(flag)) problems.push(`${path}: unknown flag ${flag}: ${line}`);
      }
    }
  }
  return problems;
}
