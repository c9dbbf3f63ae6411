// What a renderer page may load, shared by Electron and browser mode (which file names it may send is the contract's business).

/**
 * The page's Content-Security-Policy, sent as a header by Electron and browser mode and repeated in
 * index.html: the renderer loads only its own files and never talks to the network.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; img-src 'self' data: blob:; connect-src 'self'";
