/**
 * One shell-pasteable line: each argument as is when it holds only characters no POSIX shell
 * treats specially, else in single quotes (a `'` inside becomes `'\''`).
 *
 * @example shellLine("ssh", ["-p", "22", "echo hi"]); // "ssh -p 22 'echo hi'"
 */
export function shellLine(program: string, args: readonly string[]): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./~-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
  return [program, ...args].map(quote).join(" ");
}
