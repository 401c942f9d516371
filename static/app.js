// Start GOV.UK Frontend's components (buttons, error summary focus, character counts).
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// Review comments: words selected in a flagged comment fill in its "Words to remove" box.
document.addEventListener("mouseup", () => {
  const selection = window.getSelection();
  const text = selection ? selection.toString().trim() : "";
  if (!text || !selection.anchorNode) return;
  const start = selection.anchorNode.parentElement?.closest("[data-app-select-into]");
  const box = start && document.getElementById(start.dataset.appSelectInto);
  if (!box) return;
  const redact = document.getElementById(`decision-${start.id.replace(/^text-/, "")}-2`);
  if (redact && !redact.checked) redact.click();
  box.value = text;
});
