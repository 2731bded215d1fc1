import type { CliContext } from "./cli-context.ts";

/**
 * Runs a long step with a spinner on a terminal (ora, loaded only then); silent in pipes
 * and with `--json`, so scripted output stays clean.
 *
 * @example
 * const receipt = await withProgress(ctx, "opening the stream", () => createStream(wallet, p));
 */
export async function withProgress<T>(
  ctx: CliContext,
  text: string,
  step: (update: (detail: string) => void) => Promise<T>,
): Promise<T> {
  if (!ctx.interactive) return step(() => {});
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: process.stderr }).start();
  try {
    const result = await step((detail) => {
      spinner.text = `${text}: ${detail}`;
    });
    spinner.succeed();
    return result;
  } catch (error) {
    spinner.fail();
    throw error;
  }
}

/**
 * Asks before money moves. On a terminal it prompts (default yes); with `--yes` it goes
 * ahead; in a pipe or with `--json` and no `--yes` it fails with `CONFIRMATION_REQUIRED`
 * instead of paying unasked.
 *
 * @example
 * if (!(await confirmOrFail(ctx, "Pay 2 GLM?", opts.yes))) return;
 */
export async function confirmOrFail(
  ctx: CliContext,
  message: string,
  assumeYes: boolean | undefined,
): Promise<boolean> {
  if (assumeYes) return true;
  if (!ctx.interactive) {
    const { GolemError } = await import("@vm-on-golem/sdk/errors");
    throw new GolemError("CONFIRMATION_REQUIRED", `not confirmed: ${message}`, {
      details: { question: message },
    });
  }
  const { confirm } = await import("@inquirer/prompts");
  return confirm({ message, default: true });
}
