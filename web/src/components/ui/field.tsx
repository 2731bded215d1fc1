import type { ComponentProps } from "react";
import { cn } from "../../lib/cn.ts";

/** A label above its control: `<Field>Name <Input … /></Field>`. */
export function Field({ className, ...props }: ComponentProps<"label">) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as a child
    <label
      className={cn("flex min-w-0 flex-col gap-1.5 text-sm font-medium", className)}
      {...props}
    />
  );
}
