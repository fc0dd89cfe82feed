declare module 'pagedjs-cli' {
  import type { EventEmitter } from 'node:events';
  import type { Browser, Page } from 'puppeteer';

  export default class Printer extends EventEmitter {
    constructor(options?: {
      allowLocal?: boolean;
      timeout?: number;
      closeAfter?: boolean;
      browserArgs?: string[];
      additionalScripts?: string[];
      styles?: string[];
    });
    browser: Browser | undefined;
    pages: unknown[];
    setup(): Promise<Browser>;
    render(input: string | { url?: string; html?: string }): Promise<Page>;
    close(): Promise<void>;
  }
}
