import type { HostApi } from '../../../shared/host';
import { createWebHost } from './web';

/** The host the renderer talks to: Electron's bridge when the preload exposed it, else the browser's. */
export const host: HostApi = window.wintook ?? createWebHost();
