import '@mantine/core/styles.css';
import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readCspNonce } from './cspNonce';
import { domainFromPathname } from './routing/consoleBase';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const cspNonce = readCspNonce();
// Mantine's modals lock scrolling through react-remove-scroll, which adds its <style> with get-nonce's nonce.
setNonce(cspNonce);

createRoot(root).render(
  <StrictMode>
    <App domain={domainFromPathname(window.location.pathname)} cspNonce={cspNonce} />
  </StrictMode>,
);
