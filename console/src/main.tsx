import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConsoleConfig } from './config';

// The server puts a fresh nonce into this page for every response; the Content-Security-
// Policy allows no inline style without it. antd's CSS-in-JS takes it from ConfigProvider,
// but one helper of its components (the scrollbar measure of @rc-component/util) creates a
// <style> without asking; every <style> our own bundle adds gets the nonce here. Markup
// injected as HTML never passes through these calls, so it stays refused.
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
if (nonce) {
  const withNonce = <T extends Node>(node: T): T => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
    return node;
  };
  const appendChild = Node.prototype.appendChild;
  const insertBefore = Node.prototype.insertBefore;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    return appendChild.call(this, withNonce(node)) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    return insertBefore.call(this, withNonce(node), child) as T;
  };
}

void loadConsoleConfig().then((config) => {
  createRoot(document.getElementById('root')!).render(<App config={config} nonce={nonce} />);
});
