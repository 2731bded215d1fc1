"use client";

import { Toaster as Sonner } from "sonner";

/** Where toasts appear: bottom right (top on phones), light or dark as the system is. */
export function Toaster() {
  return (
    <Sonner
      theme="system"
      position="bottom-right"
      richColors
      closeButton
      toastOptions={{ classNames: { toast: "break-words" } }}
    />
  );
}
