/**
 * Keyboard focus for a modal dialog, as the WAI-ARIA dialog pattern asks: on open, focus moves into
 * the dialog; Tab and Shift+Tab cycle through the dialog's own controls and never reach the page
 * behind it; Escape closes it (when closing is allowed); on close, focus returns to where it was.
 */
import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * The dialog's controls that Tab stops on, in document order (hidden ones left out). Of a radio
 * group only the checked radio is a stop, as the browser tabs (the others are reached by arrows).
 */
function tabStops(dialog: HTMLElement): HTMLElement[] {
  const visible = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.hidden && el.getClientRects().length > 0);
  const checkedGroups = new Set(visible.filter((el) => el instanceof HTMLInputElement && el.type === 'radio' && el.checked).map((el) => (el as HTMLInputElement).name));
  return visible.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked && checkedGroups.has(el.name)));
}

/**
 * `open`: whether the dialog is shown; `onEscape`: what Escape does, or null while the dialog must
 * stay (e.g. while writing). The dialog element needs tabIndex={-1} so it can hold focus itself.
 */
export function useModalFocus(dialogRef: RefObject<HTMLElement | null>, open: boolean, onEscape: (() => void) | null, returnTo: RefObject<HTMLElement | null>): void {
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  }, [onEscape]);

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const fallback = returnTo.current;
    dialogRef.current?.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      const dialog = dialogRef.current;
      if (!dialog) return;
      if (event.key === 'Escape') {
        if (escape.current) {
          event.preventDefault();
          escape.current();
        }
        return;
      }
      if (event.key !== 'Tab') return;
      const stops = tabStops(dialog);
      const first = stops[0];
      const last = stops[stops.length - 1];
      const active = document.activeElement;
      const inside = active instanceof Node && dialog.contains(active) && active !== dialog;
      if (!first || !last) {
        event.preventDefault();
        dialog.focus();
      } else if (event.shiftKey && (!inside || active === first)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || active === last)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      const target = before?.isConnected ? before : fallback;
      target?.focus();
    };
  }, [open, dialogRef, returnTo]);
}
