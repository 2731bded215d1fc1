import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names, later Tailwind utilities overriding earlier ones of the same property.
 *
 * @example
 * cn("px-2 text-sm", active && "bg-primary", className);
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
