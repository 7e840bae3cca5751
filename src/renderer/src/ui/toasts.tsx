import { create } from 'zustand';
import { useEffect, useRef, useState } from 'react';

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes away by itself. */
  duration: number;
}

interface ToastState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
  /** Runs the newest toast's action (the Undo shortcut); false when no toast offers one. */
  runLatestAction(): boolean;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show: (toast) => {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts, { ...toast, id }] }));
    return id;
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  runLatestAction: () => {
    const latest = get().toasts.findLast((toast) => toast.action);
    if (!latest?.action) return false;
    latest.action.run();
    get().dismiss(latest.id);
    return true;
  },
}));

/**
 * One toast. Its time runs only while it is neither hovered nor focused (WCAG 2.2.1): someone
 * reading it, or reaching its Undo with Tab, does not see it go away under them.
 */
function ToastItem(props: { toast: Toast }) {
  const dismiss = useToasts((state) => state.dismiss);
  const { toast } = props;
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const remaining = useRef(toast.duration);
  useEffect(() => {
    if (hovered || focused) return;
    const started = performance.now();
    const timer = window.setTimeout(() => dismiss(toast.id), remaining.current);
    return () => {
      window.clearTimeout(timer);
      remaining.current = Math.max(0, remaining.current - (performance.now() - started));
    };
  }, [hovered, focused, toast.id, dismiss]);
  return (
    <div
      className="toast-item"
      role="status"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setFocused(false);
      }}
    >
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action?.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
    </div>
  );
}

/** Messages that come and go (deleted · Undo); announced politely to screen readers. */
export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
