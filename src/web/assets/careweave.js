// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// A "Print this" link prints the page. Without this file it stays hidden, as it could do nothing.
for (const item of document.querySelectorAll('[data-careweave-print]')) {
  item.hidden = false;
  item.querySelector('a')?.addEventListener('click', (event) => {
    event.preventDefault();
    window.print();
  });
}
