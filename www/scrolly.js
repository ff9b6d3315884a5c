// scrolly.html, the host page's side of scrollytelling: paragraphs scrolling
// past move the story widget's steps. scrollama (npm, loaded by the page as
// vendor/scrollama.min.js) watches the paragraphs; the widget only takes a
// step number (its `step` property, the same as the attribute) and needs no
// library. A file, not an inline script, so a strict CSP needs no exception.

const widget = document.querySelector('.scrolly polyamine-sim');
const scroller = window.scrollama();
scroller
  .setup({ step: '.scrolly-text .step', offset: 0.6 })
  .onStepEnter(({ element }) => {
    for (const p of document.querySelectorAll('.scrolly-text .step')) p.classList.toggle('is-active', p === element);
    widget.step = Number(element.dataset.step);
  });
