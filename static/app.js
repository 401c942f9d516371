// Start GOV.UK Frontend's components (buttons, error summary focus, character counts).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// Review comments: words selected in a flagged comment fill in its "Words to remove" box
// (only the part of the selection inside that comment) and choose "Remove some words".
document.addEventListener("mouseup", () => {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.anchorNode) return;
  const comment = selection.anchorNode.parentElement?.closest("[data-app-select-into]");
  const box = comment && document.getElementById(comment.dataset.appSelectInto);
  if (!box) return;
  const range = selection.getRangeAt(0).cloneRange();
  if (!comment.contains(range.startContainer)) range.setStart(comment, 0);
  if (!comment.contains(range.endContainer)) range.setEnd(comment, comment.childNodes.length);
  const text = range.toString().trim();
  if (!text) return;
  const redact = document.getElementById(`decision-${comment.id.replace(/^text-/, "")}-2`);
  if (redact && !redact.checked) redact.click();
  box.value = text;
});
