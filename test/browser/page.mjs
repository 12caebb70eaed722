// Browser entry: runs main() and writes the result into the DOM for --dump-dom.
import { main } from './app.mjs';

const out = document.getElementById('out');
main().then(
  (result) => {
    out.textContent = JSON.stringify(result);
    out.dataset.status = 'ok';
  },
  (err) => {
    out.textContent = String(err?.stack ?? err);
    out.dataset.status = 'error';
  },
);
